// Client::upload: a file or a directory tree to S3 through the transfer engine.
#include <unistd.h>

#include <algorithm>

#include "engine/api/client_impl.h"
#include "engine/api/embedder_call.h"
#include "engine/api/embedder_source.h"
#include "engine/api/transfer_setup.h"
#include "engine/api/upload_feeder.h"
#include "engine/transfer/fd_stream_source.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/object_report.h"
#include "engine/transfer/part_plan.h"
#include "engine/transfer/stream_upload.h"
#include "io/directory_walker.h"
#include "io/file_stat.h"

namespace hoist {
namespace {

std::string base_name(const std::string& path) {
  auto end = path.find_last_not_of('/');
  if (end == std::string::npos) return path;
  auto slash = path.rfind('/', end);
  return path.substr(slash == std::string::npos ? 0 : slash + 1,
                     end - (slash == std::string::npos ? 0 : slash + 1) + 1);
}

// The key of a file below the copied directory, as aws-cli names it: the destination key
// as a prefix ("p" and "p/" both give "p/<relative path>").
std::string key_below(const std::string& prefix, std::string_view relative) {
  if (prefix.empty()) return std::string(relative);
  std::string key = prefix;
  if (key.back() != '/') key += '/';
  key.append(relative);
  return key;
}

// Walks `root` and feeds every regular file to the engine. Entries that cannot be read as
// files (dangling symlinks, no permission, FIFOs, sockets, devices) are skipped with a
// warning, as aws-cli skips them, and the walk goes on.
void feed_tree(api::UploadFeeder& feeder, api::RunningTransfer& running, const std::string& root,
               const S3Uri& destination, const TransferOptions& options) {
  io::WalkOptions walk;
  walk.follow_symlinks = options.follow_symlinks;
  std::unique_ptr<io::DirectoryWalker> walker;
  io::Status opened = io::DirectoryWalker::open(running.engine->context().env, root, walk, &walker);
  if (!opened.ok()) {
    transfer::UploadSource nothing;
    nothing.path = root;
    nothing.bucket = destination.bucket;
    feeder.fail(nothing, transfer::local_error(opened, root));
    return;
  }
  io::WalkEntry entry;
  while (walker->next(&entry)) {
    if (entry.kind != io::EntryKind::kDirectory &&
        !filters_include(options.filters, entry.relative_path())) {
      continue;
    }
    std::string key = key_below(destination.key, entry.relative_path());
    if (entry.error != 0 || entry.kind == io::EntryKind::kOther) {
      transfer::UploadSource unreadable;
      unreadable.path = entry.path;
      unreadable.bucket = destination.bucket;
      unreadable.key = key;
      if (!feeder.skip_unreadable(unreadable, transfer::unreadable_entry(entry.error, entry.path)))
        return;
      continue;
    }
    if (entry.kind != io::EntryKind::kFile) {
      // Symlinks not followed (--no-follow-symlinks) are passed over by choice.
      if (entry.kind != io::EntryKind::kDirectory) running.engine->add_skipped();
      continue;
    }
    if (!feeder.add(entry.path, entry.stat, std::move(key))) return;
  }
}

// One object of `stat.size` bytes, with buffers as its own plan needs: the file at `path`, or
// `reader` (an embedder's Source read at offsets, which `path` names; not journaled, since a
// later run could not find it again).
Result<TransferSummary> upload_one(const api::TransferBasis& basis, const TransferOptions& options,
                                   const transfer::ObjectSettings& object, const std::string& path,
                                   const io::FileStat& stat, S3Uri destination,
                                   std::shared_ptr<transfer::PartSource> reader,
                                   api::UploadedFileRemover* remover = nullptr) {
  auto plan = transfer::plan_parts(stat.size, object.part_size, object.multipart_threshold);
  if (!plan.ok()) {
    Error e = plan.error();
    e.local_path = path;
    return e;
  }
  const uint64_t buffer_size = std::min<uint64_t>(plan->part_size, kMaxPartSize);
  auto running = api::start_transfer(basis, options, object, buffer_size,
                                     /*journaled=*/reader == nullptr);
  if (!running.ok()) return running.error();
  api::UploadFeeder feeder(*running, object, buffer_size, destination.bucket, remover);
  feeder.add(path, stat, std::move(destination.key), std::move(reader));
  return running->engine->finish();
}

}  // namespace

Result<TransferSummary> Client::upload(const std::string& source, const S3Uri& destination,
                                       bool recursive, const TransferOptions& options) {
  return upload(source, destination, recursive, options, /*stop=*/nullptr);
}

Result<TransferSummary> Client::upload_from(std::shared_ptr<Source> source,
                                            const S3Uri& destination,
                                            const TransferOptions& options) {
  if (!source) return api::no_embedder_object("Source");
  return upload("", destination, /*recursive=*/false, options, /*stop=*/nullptr, std::move(source));
}

Result<TransferSummary> Client::upload(const std::string& source, const S3Uri& destination,
                                       bool recursive, const TransferOptions& options,
                                       const std::atomic<bool>* stop,
                                       std::shared_ptr<Source> from) {
  auto object = api::object_settings(options);
  if (!object.ok()) return object.error();
  if (source == "-" || from) {
    // A stream (stdin, or the embedder's Source) becomes one object: it needs a whole key.
    const std::string name = from ? from->name() : "stdin";
    if (options.remove_uploaded_files) {
      return transfer::invalid_input("InvalidArgument", "remove_uploaded_files removes files; " +
                                                            name + " is a stream, not a file");
    }
    if (destination.key.empty() || destination.key.back() == '/') {
      return transfer::invalid_input(
          "InvalidArgument",
          "uploading " + name + " needs a full key, not a prefix: " + destination.to_string());
    }
    if (from && object->codec == std::nullopt) {
      // A source read at offsets of a size it knows uploads as a file does: parts in parallel.
      auto known = api::call_embedder("source", name, [&]() -> Result<std::optional<uint64_t>> {
        if (!from->positional()) return std::optional<uint64_t>();
        return from->size();
      });
      if (!known.ok()) return known.error();
      if (*known) {
        io::FileStat stat;
        stat.size = **known;
        auto reader = std::make_shared<api::EmbedderPartSource>(from, object->content_type);
        return upload_one(impl_->basis(stop), options, *object, name, stat, destination,
                          std::move(reader));
      }
    }
    const uint64_t expected = from && from->size() ? *from->size() : options.expected_size;
    const uint64_t part_size = transfer::stream_part_size(expected, options.part_size);
    auto running = api::start_transfer(impl_->basis(stop), options, *object, part_size,
                                       /*journaled=*/false);
    if (!running.ok()) return running.error();
    std::unique_ptr<transfer::StreamSource> stream;
    if (from) {
      stream = std::make_unique<api::EmbedderSource>(std::move(from), object->content_type);
    } else {
      stream = std::make_unique<transfer::FdStreamSource>(STDIN_FILENO, "-", object->content_type);
    }
    if (options.dryrun) {
      transfer::UploadSource would_send;
      would_send.path = stream->local_path();
      would_send.bucket = destination.bucket;
      would_send.key = destination.key;
      ObjectReport report = transfer::report_for(would_send);
      report.dryrun = true;
      running->engine->add_failed(std::move(report));
      return running->engine->finish();
    }
    transfer::upload_stream(*running->engine, std::move(stream), destination.bucket,
                            destination.key);
    return running->engine->finish();
  }
  io::FileStat stat;
  io::Status found = impl_->env->stat(source, &stat);
  if (!found.ok()) return transfer::local_error(found, source);
  if (stat.is_directory && !recursive) {
    return transfer::local_error("IsADirectory", "is a directory (use --recursive to copy it)",
                                 source);
  }
  if (!stat.is_directory && !stat.is_regular) {
    return transfer::local_error("NotRegularFile", "not a regular file", source);
  }

  // hoist mv: each file goes once its object is stored, through the Env, unless it changed.
  api::UploadedFileRemover remover(impl_->env, options.on_object);
  TransferOptions effective = options;
  if (options.remove_uploaded_files) effective.on_object = remover.reporter();
  api::UploadedFileRemover* removing = options.remove_uploaded_files ? &remover : nullptr;
  if (!stat.is_directory) {
    std::string key = destination.key;
    if (key.empty() || key.back() == '/') key += base_name(source);
    return upload_one(impl_->basis(stop), effective, *object, source, stat,
                      S3Uri{destination.bucket, std::move(key)}, nullptr, removing);
  }
  // A tree gets the requested part size, or the threshold when that is larger, since every
  // file below it travels in one buffer.
  const uint64_t buffer_size =
      std::min<uint64_t>(std::max(object->part_size, object->multipart_threshold), kMaxPartSize);
  auto running =
      api::start_transfer(impl_->basis(stop), effective, *object, buffer_size, /*journaled=*/true);
  if (!running.ok()) return running.error();
  api::UploadFeeder feeder(*running, *object, buffer_size, destination.bucket, removing);
  feed_tree(feeder, *running, source, destination, effective);
  return running->engine->finish();
}

}  // namespace hoist
