// PutObject, GetObject (with Range), HeadObject, DeleteObject, DeleteObjects.
#include <optional>

#include "tools/serve/archive_rules.h"
#include "tools/serve/object_options.h"
#include "tools/serve/operations.h"
#include "tools/serve/request_xml.h"
#include "tools/serve/s3_error.h"
#include "tools/serve/store_clock.h"
#include "tools/serve/xml_response.h"

namespace hoist::serve {
namespace {

constexpr std::string_view kMetaPrefix = "x-amz-meta-";

struct ByteRange {
  uint64_t first = 0;
  uint64_t length = 0;
};

// The range a "bytes=a-b" / "bytes=a-" / "bytes=-n" header selects in an object of `size`
// bytes. nullopt for a header S3 ignores (malformed, or several ranges): the whole object is
// sent. InvalidRange when it selects nothing.
Result<std::optional<ByteRange>> parse_range(const std::string& header, uint64_t size) {
  constexpr std::string_view kUnit = "bytes=";
  if (header.compare(0, kUnit.size(), kUnit) != 0 || header.find(',') != std::string::npos) {
    return std::optional<ByteRange>();
  }
  const std::string spec = header.substr(kUnit.size());
  const size_t dash = spec.find('-');
  if (dash == std::string::npos) return std::optional<ByteRange>();
  const std::string a = spec.substr(0, dash);
  const std::string b = spec.substr(dash + 1);
  const auto number = [](const std::string& text) -> std::optional<uint64_t> {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
        text.size() > 19) {
      return std::nullopt;
    }
    return std::stoull(text);
  };
  const auto unsatisfiable = [] {
    return s3_error(416, "InvalidRange", "The requested range is not satisfiable");
  };
  if (a.empty()) {  // suffix: the last n bytes
    auto n = number(b);
    if (!n) return std::optional<ByteRange>();
    if (*n == 0) return unsatisfiable();
    const uint64_t length = std::min(*n, size);
    return std::optional<ByteRange>(ByteRange{size - length, length});
  }
  auto first = number(a);
  auto last = b.empty() ? std::optional<uint64_t>(UINT64_MAX - 1) : number(b);
  if (!first || !last || *last < *first) return std::optional<ByteRange>();
  if (*first >= size) return unsatisfiable();
  const uint64_t end = std::min(*last, size - 1);
  return std::optional<ByteRange>(ByteRange{*first, end - *first + 1});
}

// The headers GET and HEAD describe an object with.
void add_object_headers(HttpResponse& response, const ObjectInfo& info, bool with_checksums) {
  response.add("ETag", info.etag);
  response.add("Last-Modified", http_date(info.last_modified_ns));
  response.add("Accept-Ranges", "bytes");
  const ObjectAttributes& a = info.attributes;
  response.add("Content-Type", a.content_type.empty() ? "binary/octet-stream" : a.content_type);
  if (!a.content_encoding.empty()) response.add("Content-Encoding", a.content_encoding);
  if (!a.storage_class.empty() && a.storage_class != "STANDARD") {
    response.add("x-amz-storage-class", a.storage_class);
  }
  if (auto restore = restore_header(info.restore, now_ns())) {
    response.add("x-amz-restore", *restore);
  }
  for (const auto& [name, value] : a.user_metadata) {
    response.add(std::string(kMetaPrefix) + name, value);
  }
  add_option_headers(response, a.options, /*object_state=*/true);
  if (with_checksums) {
    for (const auto& [name, value] : info.checksums) response.add("x-amz-checksum-" + name, value);
    if (!info.checksum_type.empty() && !info.checksums.empty()) {
      response.add("x-amz-checksum-type", info.checksum_type);
    }
  }
}

bool checksum_mode(const Exchange& exchange) {
  const std::string* mode = exchange.header("x-amz-checksum-mode");
  return mode && *mode == "ENABLED";
}

}  // namespace

ObjectAttributes object_attributes(const Exchange& exchange) {
  ObjectAttributes a;
  for (const auto& [name, value] : exchange.headers) {
    if (name == "content-type") a.content_type = value;
    if (name == "content-encoding") {
      // aws-chunked describes how this request carries the body, not the object.
      std::string encoding;
      size_t pos = 0;
      while (pos <= value.size()) {
        size_t comma = value.find(',', pos);
        if (comma == std::string::npos) comma = value.size();
        std::string item = value.substr(pos, comma - pos);
        item.erase(0, item.find_first_not_of(' '));
        if (!item.empty() && item != "aws-chunked") {
          encoding += (encoding.empty() ? "" : ",") + item;
        }
        pos = comma + 1;
      }
      a.content_encoding = encoding;
    }
    if (name == "x-amz-storage-class") a.storage_class = value;
    if (name.rfind(kMetaPrefix, 0) == 0) {
      a.user_metadata.emplace_back(name.substr(kMetaPrefix.size()), value);
    }
  }
  a.options = option_headers(exchange);
  return a;
}

Result<HttpResponse> commit_body(Exchange& exchange, const NamedValues& checksums) {
  auto info = exchange.writer->commit(checksums);
  exchange.writer.reset();
  if (!info.ok()) return info.error();
  HttpResponse response;
  response.add("ETag", info->etag);
  for (const auto& [name, value] : checksums) response.add("x-amz-checksum-" + name, value);
  add_option_headers(response, option_headers(exchange), /*object_state=*/false);
  return response;
}

Result<HttpResponse> get_object(ObjectStore& store, const Exchange& exchange) {
  auto reader = store.get_object(exchange.target.bucket, exchange.target.key);
  if (!reader.ok()) return reader.error();
  const ObjectInfo& info = (*reader)->info();
  if (Status key = check_customer_key(exchange, info.attributes.options); !key.ok()) {
    return key.error();
  }
  if (auto readable = check_readable(info, now_ns()); !readable.ok()) return readable.error();
  std::optional<ByteRange> range;
  if (const std::string* header = exchange.header("range")) {
    auto parsed = parse_range(*header, info.size);
    if (!parsed.ok()) {
      Error error = parsed.error();
      return error;
    }
    range = *parsed;
  }
  HttpResponse response;
  add_object_headers(response, info, checksum_mode(exchange) && !range);
  if (range) {
    response.status = 206;
    response.add("Content-Range", "bytes " + std::to_string(range->first) + "-" +
                                      std::to_string(range->first + range->length - 1) + "/" +
                                      std::to_string(info.size));
    response.offset = range->first;
    response.length = range->length;
  } else {
    response.length = info.size;
  }
  response.reader = std::move(*reader);
  return response;
}

Result<HttpResponse> head_object(ObjectStore& store, const Exchange& exchange) {
  auto info = store.head_object(exchange.target.bucket, exchange.target.key);
  if (!info.ok()) return info.error();
  if (Status key = check_customer_key(exchange, info->attributes.options); !key.ok()) {
    return key.error();
  }
  HttpResponse response;
  add_object_headers(response, *info, checksum_mode(exchange));
  response.head_length = info->size;
  return response;
}

Result<HttpResponse> delete_object(ObjectStore& store, const Exchange& exchange) {
  if (auto deleted = store.delete_object(exchange.target.bucket, exchange.target.key);
      !deleted.ok()) {
    return deleted.error();
  }
  HttpResponse response;
  response.status = 204;
  return response;
}

Result<HttpResponse> delete_objects(ObjectStore& store, const Exchange& exchange) {
  auto request = parse_delete_request(exchange.buffered);
  if (!request.ok()) return request.error();
  if (auto exists = store.head_bucket(exchange.target.bucket); !exists.ok()) {
    return exists.error();
  }
  XmlResponse xml("DeleteResult");
  for (const std::string& key : request->keys) {
    auto deleted = store.delete_object(exchange.target.bucket, key);
    if (deleted.ok()) {
      if (request->quiet) continue;
      xml.open("Deleted");
      xml.element("Key", key);
      xml.close("Deleted");
    } else {
      xml.open("Error");
      xml.element("Key", key);
      xml.element("Code", deleted.error().code);
      xml.element("Message", deleted.error().message);
      xml.close("Error");
    }
  }
  return xml.done();
}

}  // namespace hoist::serve
