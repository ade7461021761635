// The headers every new object gets, whichever request creates it (PutObject or
// CreateMultipartUpload): its Content-Type, the source file's mtime and mode, and the
// transfer's object options (encryption, tags, ACL, object lock, user metadata).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/http/message.h"
#include "engine/transfer/object_options.h"
#include "io/file_stat.h"

namespace hoist::transfer {

// The metadata name (x-amz-meta-mtime) and format rclone uses for a file's modification
// time: decimal seconds since the epoch with nanoseconds ("1700000000.123456789"), so each
// tool restores the other's mtimes.
inline constexpr std::string_view kMtimeMetadata = "mtime";
std::string format_mtime(int64_t mtime_ns);
// nullopt for anything that is not such a number.
std::optional<int64_t> parse_mtime(std::string_view text);

// `name` is the local file's path (empty for a stream): an explicit `content_type` wins, else
// one guessed from its extension when `options` allow, else application/octet-stream. The
// mode is recorded only for a regular file's stat.
http::Headers object_headers(const std::string& content_type, const ObjectOptions& options,
                             std::string_view name, const io::FileStat& stat);

// The headers of an object read from a stream (stdin, an embedder's Source), which has no
// mtime of its own: the object gets the time of the upload.
http::Headers stream_object_headers(const std::string& content_type, const ObjectOptions& options);

}  // namespace hoist::transfer
