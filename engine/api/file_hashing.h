// Hashing local files with plain sequential reads, for the callers that need a file's digests
// before or without sending it (`hoist hash`, sync --checksum, verify, a single-request
// upload's checksum header).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/checksum/hasher.h"
#include "hoist/file_checksum.h"
#include "hoist/result.h"
#include "io/env.h"
#include "io/readable_file.h"

namespace hoist::api {

// Feeds bytes [offset, offset + length) of `file` to every hasher, reading through `buffer`
// (its size is the read size). A file that ends early fails with FileChanged.
// REQUIRES: buffer is not empty; hashers are not null.
Status hash_file_range(const io::ReadableFile& file, uint64_t offset, uint64_t length,
                       std::span<checksum::Hasher* const> hashers, std::vector<char>& buffer);

// hoist::checksum_file, reading through `env`.
Result<FileChecksums> checksum_file(io::Env* env, const FileChecksumRequest& request);

}  // namespace hoist::api
