// Hashing a byte range of a local file with plain sequential reads, for the callers that need
// a file's digests before or without sending it (`hoist hash`, a single-request upload's
// checksum header).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/checksum/hasher.h"
#include "hoist/result.h"
#include "io/readable_file.h"

namespace hoist::api {

// Feeds bytes [offset, offset + length) of `file` to every hasher, reading through `buffer`
// (its size is the read size). A file that ends early fails with FileChanged.
// REQUIRES: buffer is not empty; hashers are not null.
Status hash_file_range(const io::ReadableFile& file, uint64_t offset, uint64_t length,
                       std::span<checksum::Hasher* const> hashers, std::vector<char>& buffer);

}  // namespace hoist::api
