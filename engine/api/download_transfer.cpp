// Client::download: one object, or every object under a prefix, to local files through the
// transfer engine.
#include <cerrno>
#include <filesystem>

#include "engine/api/client_impl.h"
#include "engine/api/download_feeder.h"
#include "engine/api/embedder_call.h"
#include "engine/api/embedder_sink.h"
#include "engine/api/transfer_setup.h"
#include "engine/s3/head_object.h"
#include "engine/transfer/customer_key_hint.h"
#include "engine/transfer/download_object.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/object_report.h"
#include "engine/transfer/partial_download.h"
#include "hoist/object_listing.h"

namespace hoist {
namespace {

std::string base_name(const std::string& key) {
  auto slash = key.rfind('/');
  return slash == std::string::npos ? key : key.substr(slash + 1);
}

bool is_directory(io::Env* env, const std::string& path) {
  io::FileStat st;
  return env->stat(path, &st).ok() && st.is_directory;
}

// The destination directory of a recursive download, made when missing (not in a dry run,
// which creates nothing, so there it may be absent).
Status prepare_destination(io::Env* env, const std::string& destination, bool dryrun) {
  io::Status ready;
  if (!dryrun) {
    ready = env->create_directories(destination);
  } else {
    io::FileStat st;
    ready = env->stat(destination, &st);
    if (ready.ok() && !st.is_directory) ready.error = ENOTDIR;
    if (ready.error == ENOENT) ready = {};
  }
  if (ready.error == ENOTDIR) {
    return transfer::local_error("NotADirectory", "exists and is not a directory", destination);
  }
  if (!ready.ok()) return transfer::local_error(ready, destination);
  return ok_status();
}

// Lists the prefix page by page and hands each object to the engine.
Status feed_prefix(Client& client, transfer::Engine& engine, const S3Uri& source,
                   const std::string& destination, const std::vector<SyncFilter>& filters) {
  const std::string prefix = folder_prefix(source.key);
  ObjectListing listing(client, ListRequest{source.bucket, prefix, "", "", 1000},
                        [&engine] { return engine.cancel_requested(); });
  for (;;) {
    // A slow listing must not outlast the user's Ctrl-C: stop asking for pages once cancelled.
    if (engine.stop_requested()) break;
    auto page = listing.next();
    if (!page.ok()) {
      // A page that gave up its retry because of a cancel: the download is interrupted.
      if (engine.stop_requested()) break;
      return page.error();
    }
    if (!*page) break;
    for (ObjectInfo& object : (*page)->objects) {
      std::string relative = object.key.substr(prefix.size());
      // A "folder" marker (what the S3 console's "Create folder" makes), the prefix's own
      // included: no file to write, as aws-cli skips it.
      if (relative.empty() || (relative.back() == '/' && object.size == 0)) {
        engine.add_skipped();
        continue;
      }
      if (!filters_include(filters, relative)) continue;
      if (!api::queue_download(engine, source.bucket, std::move(object),
                               api::path_below(destination, relative), relative)) {
        return ok_status();
      }
    }
  }
  return ok_status();
}

}  // namespace

Result<TransferSummary> Client::download(const S3Uri& source, const std::string& destination,
                                         bool recursive, const TransferOptions& options) {
  return download(source, destination, recursive, options, /*stop=*/nullptr);
}

Result<TransferSummary> Client::download_to(const S3Uri& source, std::shared_ptr<Sink> sink,
                                            const TransferOptions& options) {
  if (!sink) return api::no_embedder_object("Sink");
  return download(source, "", /*recursive=*/false, options, /*stop=*/nullptr, std::move(sink));
}

Result<TransferSummary> Client::download(const S3Uri& source, const std::string& destination,
                                         bool recursive, const TransferOptions& options,
                                         const std::atomic<bool>* stop, std::shared_ptr<Sink> into,
                                         std::shared_ptr<transfer::PartialDownloads> partials) {
  auto object = api::object_settings(options);
  if (!object.ok()) return object.error();
  if (options.remove_uploaded_files) {
    return transfer::invalid_input("InvalidArgument",
                                   "remove_uploaded_files applies to uploads, not to a download");
  }
  if (destination.empty() && !into) {
    return transfer::invalid_input("InvalidArgument", "empty destination");
  }

  if (recursive) {
    if (destination == "-") {
      return transfer::invalid_input("InvalidArgument",
                                     "a recursive download needs a directory, not stdout");
    }
    Status prepared = prepare_destination(impl_->env, destination, options.dryrun);
    if (!prepared.ok()) return prepared.error();
    auto running = api::start_transfer(impl_->basis(stop, partials), options, *object,
                                       object->part_size, false);
    if (!running.ok()) return running.error();
    Status listed = feed_prefix(*this, *running->engine, source, destination, options.filters);
    TransferSummary summary = running->engine->finish();
    if (!listed.ok()) return listed.error();
    return summary;
  }

  if (source.key.empty() || source.key.back() == '/') {
    return transfer::invalid_input("InvalidArgument", "'" + source.to_string() +
                                                          "' names a prefix, not an object "
                                                          "(use --recursive to copy it)");
  }
  s3::Operation head = s3::head_object(
      {source.bucket, source.key, /*checksum_mode=*/true, object->options.customer_key});
  // A cancel during the HeadObject's retries ends the download at once, as interrupted.
  auto stopped = [&] { return transfer::cancel_raised(options, stop); };
  auto response = impl_->execute(head, stopped);
  if (!response.ok()) {
    if (stopped()) {
      TransferSummary interrupted;
      interrupted.interrupted = true;
      return interrupted;
    }
    return transfer::with_customer_key_hint(response.error(),
                                            !object->options.customer_key.empty());
  }
  auto item = std::make_shared<transfer::DownloadSource>();
  item->bucket = source.bucket;
  item->key = source.key;
  item->head = s3::parse_head_object(*response);
  if (auto implausible = s3::implausible_size(*item->head, head.name)) {
    implausible->bucket = source.bucket;
    implausible->key = source.key;
    return *implausible;
  }
  item->size = item->head->content_length;
  item->storage_class = item->head->storage_class;
  if (into) {
    // The embedder's consumer: no file, so no directory to find or make.
    item->sink = std::make_shared<api::EmbedderSink>(std::move(into));
    item->path = item->sink->name();
  } else {
    item->path = destination;
    if (item->path.back() == '/' || is_directory(impl_->env, item->path)) {
      if (item->path.back() != '/') item->path += '/';
      item->path += base_name(source.key);
    }
    if (item->path != "-" && !options.dryrun) {
      // As aws-cli: a destination in a directory that does not exist yet creates it.
      const std::string parent = std::filesystem::path(item->path).parent_path();
      if (!parent.empty()) {
        io::Status created = impl_->env->create_directories(parent);
        if (!created.ok()) return transfer::local_error(created, parent);
      }
    }
  }
  // The embedder's Sink, or stdout: written on the engine's threads, and either may block.
  const bool streamed_out = item->sink != nullptr || item->path == "-";
  api::TransferBasis basis = impl_->basis(stop, partials);
  auto running = api::start_transfer(streamed_out ? api::on_own_threads(basis) : basis, options,
                                     *object, object->part_size, false);
  if (!running.ok()) return running.error();
  api::queue_download(*running->engine, std::move(item));
  return running->engine->finish();
}

}  // namespace hoist
