#include "engine/api/download_feeder.h"

#include <filesystem>

#include "engine/transfer/download_object.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/object_report.h"

namespace hoist::api {
namespace {

ObjectReport failed(const std::string& bucket, const std::string& key, const std::string& path,
                    Error error) {
  transfer::DownloadSource source;
  source.bucket = bucket;
  source.key = key;
  source.path = path;
  ObjectReport report = transfer::report_for(source);
  report.error = transfer::error_for(source, std::move(error));
  return report;
}

}  // namespace

bool stays_inside(std::string_view relative) {
  if (relative.empty() || relative.front() == '/') return false;
  size_t start = 0;
  while (start <= relative.size()) {
    size_t end = relative.find('/', start);
    if (end == std::string_view::npos) end = relative.size();
    std::string_view segment = relative.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

std::string path_below(std::string_view directory, std::string_view relative) {
  while (directory.size() > 1 && directory.back() == '/') directory.remove_suffix(1);
  std::string path(directory);
  if (path != "/") path += '/';
  path += relative;
  return path;
}

bool queue_download(transfer::Engine& engine, const std::string& bucket, ObjectInfo object,
                    std::string path, std::string_view relative) {
  if (!stays_inside(relative)) {
    engine.add_failed(failed(
        bucket, object.key, path,
        transfer::invalid_input("UnsafeKey", "key would be written outside the destination")));
    return !engine.cancelled();
  }
  const std::string parent = std::filesystem::path(path).parent_path();
  if (!engine.context().object.dryrun && !parent.empty()) {
    io::Status created = engine.context().env->create_directories(parent);
    if (!created.ok()) {
      engine.add_failed(failed(bucket, object.key, path, transfer::local_error(created, path)));
      return !engine.cancelled();
    }
  }
  auto item = std::make_shared<transfer::DownloadSource>();
  item->bucket = bucket;
  item->key = std::move(object.key);
  item->size = object.size;
  item->path = std::move(path);
  item->storage_class = std::move(object.storage_class);
  return queue_download(engine, std::move(item));
}

bool queue_download(transfer::Engine& engine, std::shared_ptr<transfer::DownloadSource> item) {
  const uint64_t size = item->size;
  if (engine.context().object.dryrun) {
    ObjectReport report = transfer::report_for(*item);
    report.dryrun = true;
    report.bytes = size;
    engine.add_failed(std::move(report));
    return !engine.cancelled();
  }
  return engine.add(transfer::download_task(std::move(item)), size);
}

}  // namespace hoist::api
