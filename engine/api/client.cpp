#include "hoist/client.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "engine/api/client_context.h"
#include "engine/api/client_impl.h"
#include "engine/api/client_setup.h"
#include "engine/s3/bucket_operations.h"
#include "engine/s3/delete_object.h"
#include "engine/s3/delete_objects.h"
#include "engine/s3/error_response.h"
#include "engine/s3/head_object.h"
#include "engine/s3/list_buckets.h"
#include "engine/s3/list_objects_v2.h"

namespace hoist {

Result<std::unique_ptr<Client>> Client::create(const Config& config) {
  return api::ClientFactory::create(config, api::ClientContext{});
}

Result<std::unique_ptr<Client>> api::ClientFactory::create(const Config& config,
                                                           const ClientContext& context) {
  auto setup = resolve_client_setup(config);
  if (!setup.ok()) return setup.error();
  io::Env* env = context.env != nullptr ? context.env : io::default_env();
  // Without a Client-wide cap each transfer keeps to its own (TransferOptions::max_memory).
  const uint64_t max_memory =
      config.max_memory > 0 ? config.max_memory : Client::Impl::kNoMemoryCap;
  auto impl = std::make_unique<Client::Impl>(std::move(setup->settings), std::move(setup->service),
                                             std::move(setup->credentials), env, max_memory);
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() { impl_->background.stop_all(); }

const ResolvedSettings& Client::settings() const { return impl_->settings; }

BufferMemory Client::buffer_memory() const {
  const io::BudgetStats stats = impl_->memory->stats();
  return BufferMemory{stats.cap_bytes == Impl::kNoMemoryCap ? 0 : stats.cap_bytes,
                      stats.in_use_bytes, stats.peak_in_use_bytes};
}

Result<std::vector<BucketInfo>> Client::list_buckets() {
  s3::Operation op = s3::list_buckets();
  auto response = impl_->execute(op);
  if (!response.ok()) return response.error();
  auto parsed = s3::parse_list_buckets(*response, op);
  if (!parsed.ok()) return parsed.error();
  std::vector<BucketInfo> out;
  for (auto& b : *parsed) out.push_back({std::move(b.name), std::move(b.creation_date)});
  return out;
}

Status Client::create_bucket(const std::string& bucket) {
  return impl_->run(s3::create_bucket(bucket, impl_->settings.region));
}

Status Client::delete_bucket(const std::string& bucket) {
  return impl_->run(s3::delete_bucket(bucket));
}

Status Client::head_bucket(const std::string& bucket) {
  return impl_->run(s3::head_bucket(bucket));
}

Result<ListPage> Client::list_objects(const ListRequest& request) {
  return list_objects(request, {});
}

Result<ListPage> Client::list_objects(const ListRequest& request,
                                      const std::function<bool()>& stopped) {
  s3::ListObjectsV2Input input;
  input.bucket = request.bucket;
  input.prefix = request.prefix;
  input.delimiter = request.delimiter;
  input.continuation_token = request.continuation_token;
  input.max_keys = std::min(request.max_keys, impl_->service_options().list_page_size);
  s3::Operation op = s3::list_objects_v2(input);
  auto response = impl_->execute(op, stopped);
  if (!response.ok()) return response.error();
  auto parsed = s3::parse_list_objects_v2(*response, op);
  if (!parsed.ok()) return parsed.error();

  ListPage page;
  for (auto& o : parsed->objects) {
    ObjectInfo info;
    info.key = std::move(o.key);
    info.size = o.size;
    info.etag = std::move(o.etag);
    info.last_modified = std::move(o.last_modified);
    info.storage_class = std::move(o.storage_class);
    page.objects.push_back(std::move(info));
  }
  page.common_prefixes = std::move(parsed->common_prefixes);
  // A server that says "truncated" without a token would make callers loop forever.
  if (parsed->is_truncated && parsed->next_continuation_token.empty()) {
    return s3::malformed_response(op, "truncated listing without a continuation token");
  }
  if (parsed->is_truncated) page.next_continuation_token = parsed->next_continuation_token;
  return page;
}

Result<ObjectInfo> Client::head_object(const std::string& bucket, const std::string& key) {
  auto response = impl_->execute(s3::head_object({bucket, key, true}));
  if (!response.ok()) return response.error();
  s3::ObjectMetadata m = s3::parse_head_object(*response);
  ObjectInfo info;
  info.key = key;
  info.size = m.content_length;
  info.etag = m.etag;
  info.last_modified = m.last_modified;
  info.storage_class = m.storage_class;
  if (!m.checksums.empty()) {
    info.checksum_algorithm = m.checksums.front().first;
    info.checksum_value = m.checksums.front().second;
  }
  return info;
}

Status Client::delete_object(const std::string& bucket, const std::string& key) {
  return impl_->run(s3::delete_object(bucket, key));
}

Result<std::vector<KeyError>> Client::delete_objects(const std::string& bucket,
                                                     const std::vector<std::string>& keys) {
  std::vector<KeyError> failures;
  for (size_t start = 0; start < keys.size(); start += s3::kMaxKeysPerDelete) {
    s3::DeleteObjectsInput input;
    input.bucket = bucket;
    input.quiet = true;
    size_t end = std::min(keys.size(), start + s3::kMaxKeysPerDelete);
    input.keys.assign(keys.begin() + static_cast<std::ptrdiff_t>(start),
                      keys.begin() + static_cast<std::ptrdiff_t>(end));
    s3::Operation op = s3::delete_objects(input);
    auto response = impl_->execute(op);
    if (!response.ok()) return response.error();
    auto parsed = s3::parse_delete_objects(*response, op);
    if (!parsed.ok()) return parsed.error();
    for (auto& f : parsed->failed) {
      Error e = Error::make(ErrorKind::kService, std::move(f.code), std::move(f.message));
      e.bucket = bucket;
      e.key = f.key;
      failures.push_back({std::move(f.key), std::move(e)});
    }
  }
  return failures;
}

Result<std::string> Client::presign(const std::string& bucket, const std::string& key,
                                    std::chrono::seconds expires_in, const std::string& method) {
  return impl_->services.lease()->presign(
      method, bucket, key, static_cast<long>(expires_in.count()), std::chrono::system_clock::now());
}

}  // namespace hoist
