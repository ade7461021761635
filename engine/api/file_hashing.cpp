#include "engine/api/file_hashing.h"

#include <algorithm>

#include "engine/transfer/local_error.h"

namespace hoist::api {

Status hash_file_range(const io::ReadableFile& file, uint64_t offset, uint64_t length,
                       std::span<checksum::Hasher* const> hashers, std::vector<char>& buffer) {
  const uint64_t end = offset + length;
  while (offset < end) {
    size_t got = 0;
    size_t want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), end - offset));
    io::Status status = file.read_at(offset, want, buffer.data(), &got);
    if (!status.ok()) return transfer::local_error(status, file.path());
    if (got == 0)
      return transfer::local_error("FileChanged", "file shrank while it was read", file.path());
    std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(buffer.data()), got);
    for (checksum::Hasher* hasher : hashers) hasher->update(bytes);
    offset += got;
  }
  return ok_status();
}

}  // namespace hoist::api
