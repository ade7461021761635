// Download feeding: hands listed objects to a running download engine, one local file each,
// refusing keys that would write outside the destination directory.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/transfer/download_source.h"
#include "engine/transfer/engine.h"
#include "hoist/client.h"

namespace hoist::api {

// True when `relative` (a key below the copied prefix) names a path inside the destination:
// no absolute path, no empty, "." or ".." segment. A key like "../../etc/passwd" must not
// write outside the directory the user chose.
bool stays_inside(std::string_view relative);

// `directory`/`relative` with one slash between them however `directory` ends ("out/" and
// "out" both give "out/a.txt"), so printed paths read as the user expects.
std::string path_below(std::string_view directory, std::string_view relative);

// Queues `object` for download to `path` (`relative` is its key below the copied prefix),
// creating the parent directories. A key that would leave the destination, or a directory
// that cannot be made, is reported as a failed object. False once the transfer was cancelled.
bool queue_download(transfer::Engine& engine, const std::string& bucket, ObjectInfo object,
                    std::string path, std::string_view relative);

// Queues `item` for download, or in a dry run reports it as it would go. False once the
// transfer was cancelled.
bool queue_download(transfer::Engine& engine, std::shared_ptr<transfer::DownloadSource> item);

}  // namespace hoist::api
