// Helpers for ObjectStore tests: write and read whole objects and parts through the interface,
// failing the calling test (rather than crashing) when a call does not succeed.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "hoist/error.h"
#include "tools/serve/object_store.h"

namespace hoist::serve {

// `size` bytes that differ from those of another seed.
inline std::string test_bytes(size_t size, unsigned seed) {
  std::string out(size, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (char& c : out) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 23);
  }
  return out;
}

// Writes `bytes` through `writer` in uneven pieces, as a network front end would.
inline Result<ObjectInfo> write_and_commit(Result<std::unique_ptr<ObjectWriter>> writer,
                                           const std::string& bytes,
                                           const NamedValues& checksums = {}) {
  if (!writer.ok()) return std::move(writer).error();
  for (size_t at = 0; at < bytes.size();) {
    size_t piece = std::min<size_t>(bytes.size() - at, 1000 + at % 7777);
    Status written = (*writer)->write({bytes.data() + at, piece});
    if (!written.ok()) return std::move(written).error();
    at += piece;
  }
  return (*writer)->commit(checksums);
}

inline ObjectInfo put(ObjectStore& store, const std::string& bucket, const std::string& key,
                      const std::string& bytes, const ObjectAttributes& attributes = {}) {
  Result<ObjectInfo> info =
      write_and_commit(store.put_object(bucket, key, attributes), bytes);
  EXPECT_TRUE(info.ok()) << key << ": " << info.error().describe();
  return info.ok() ? *info : ObjectInfo{};
}

// The part's ETag; empty (and the test failed) when it could not be stored.
inline std::string put_part(ObjectStore& store, const std::string& bucket, const std::string& key,
                            const std::string& upload_id, int number, const std::string& bytes,
                            const NamedValues& checksums = {}) {
  Result<ObjectInfo> info =
      write_and_commit(store.put_part(bucket, key, upload_id, number), bytes, checksums);
  EXPECT_TRUE(info.ok()) << "part " << number << ": " << info.error().describe();
  return info.ok() ? info->etag : "";
}

inline std::string read_all(ObjectReader& reader) {
  std::string out;
  char buffer[10007];
  for (;;) {
    Result<size_t> got = reader.read_at(out.size(), buffer);
    EXPECT_TRUE(got.ok()) << got.error().describe();
    if (!got.ok() || *got == 0) return out;
    out.append(buffer, *got);
  }
}

inline std::string get(ObjectStore& store, const std::string& bucket, const std::string& key) {
  Result<std::unique_ptr<ObjectReader>> reader = store.get_object(bucket, key);
  EXPECT_TRUE(reader.ok()) << key << ": " << reader.error().describe();
  return reader.ok() ? read_all(**reader) : "";
}

// "<code> <status>" of a failed result, or "ok", so one EXPECT_EQ names both.
template <typename T>
std::string outcome(const Result<T>& result) {
  if (result.ok()) return "ok";
  return result.error().code + " " + std::to_string(result.error().http_status);
}

}  // namespace hoist::serve
