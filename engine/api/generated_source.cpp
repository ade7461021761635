#include "hoist/generated_source.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace hoist {
namespace {

constexpr uint64_t kBlock = 4096;

double clamped(double compressible) {
  // NaN compares false both ways: it becomes 0, incompressible.
  return compressible > 0 ? std::min(compressible, 1.0) : 0.0;
}

// SplitMix64: a fast, well-mixed function of its input, so word i of the content is one call
// with no state carried from word to word (any offset can be made on its own).
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

GeneratedSource::GeneratedSource(uint64_t size, uint64_t seed, double compressible)
    : size_(size), seed_(seed), compressible_(clamped(compressible)) {}

void GeneratedSource::generate(uint64_t seed, double compressible, uint64_t offset, char* data,
                               size_t size) {
  // Bytes [random_bytes, kBlock) of every block are zeros.
  const uint64_t random_bytes =
      kBlock - static_cast<uint64_t>(clamped(compressible) * static_cast<double>(kBlock) + 0.5);
  const uint64_t key = mix(seed);
  size_t done = 0;
  while (done < size) {
    const uint64_t at = offset + done;
    const uint64_t in_block = at % kBlock;
    if (in_block >= random_bytes) {
      const size_t zeros = static_cast<size_t>(std::min<uint64_t>(kBlock - in_block, size - done));
      std::memset(data + done, 0, zeros);
      done += zeros;
      continue;
    }
    // Byte b of word w (at = 8w + b) is byte b, little-endian, of mix(key ^ w).
    const uint64_t word = mix(key ^ (at / 8));
    const size_t from = static_cast<size_t>(at % 8);
    const size_t take =
        static_cast<size_t>(std::min<uint64_t>({8 - from, random_bytes - in_block, size - done}));
    if (take == 8 && std::endian::native == std::endian::little) {
      std::memcpy(data + done, &word, 8);  // the common case: a whole word at once
    } else {
      for (size_t i = 0; i < take; ++i) {
        data[done + i] = static_cast<char>(word >> (8 * (from + i)));
      }
    }
    done += take;
  }
}

Result<size_t> GeneratedSource::read_at(uint64_t offset, char* data, size_t size) {
  if (offset >= size_) return size_t{0};
  const size_t n = static_cast<size_t>(std::min<uint64_t>(size, size_ - offset));
  generate(seed_, compressible_, offset, data, n);
  return n;
}

Result<size_t> GeneratedSource::read(char* data, size_t size) {
  auto got = read_at(next_, data, size);
  if (got.ok()) next_ += *got;
  return got;
}

}  // namespace hoist
