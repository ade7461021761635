// GeneratedSource: bytes made on the fly and never read from disk, for benchmarks and tests
// of a store's throughput: a Source read at offsets (so it uploads in parallel parts, as a
// file does) whose content at every offset follows from its seed alone, so whoever reads the
// object back can make the bytes it should have got (generate()) and compare.
//
// By default the bytes are pseudo-random and do not compress. With `compressible` c (0 to 1),
// the last c of every 4 KiB block is zeros instead, so gzip or zstd shrink the content to
// about 1 - c of its size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "hoist/source.h"

namespace hoist {

class GeneratedSource final : public Source {
 public:
  // `size` bytes from `seed`; `compressible` is clamped to [0, 1].
  explicit GeneratedSource(uint64_t size, uint64_t seed = 0, double compressible = 0);

  // Front to back from the start, as a stream is read (one caller at a time).
  Result<size_t> read(char* data, size_t size) override;
  bool positional() const override { return true; }
  // From any thread, any offset, any number of times.
  Result<size_t> read_at(uint64_t offset, char* data, size_t size) override;
  std::optional<uint64_t> size() const override { return size_; }
  std::string name() const override { return "generated"; }

  // The content of a GeneratedSource of this seed and compressibility at [offset,
  // offset + size), whatever its size.
  static void generate(uint64_t seed, double compressible, uint64_t offset, char* data,
                       size_t size);

 private:
  const uint64_t size_;
  const uint64_t seed_;
  const double compressible_;
  uint64_t next_ = 0;  // where read() goes on
};

}  // namespace hoist
