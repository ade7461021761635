// Deterministic inputs for the compression tests: what hoist meets in backups (logs,
// structured binary) and what it must not waste time on (random bytes).
#ifndef HOIST_TESTS_COMPRESS_TEST_INPUTS_H_
#define HOIST_TESTS_COMPRESS_TEST_INPUTS_H_

#include <cstdint>
#include <cstdio>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "engine/compress/codec.h"

namespace hoist::compress::testing {

using Bytes = std::vector<std::uint8_t>;

inline Bytes log_text(std::size_t size) {
  std::mt19937 rng(11);
  auto next = [&rng](unsigned below) { return static_cast<unsigned>(rng() % below); };
  const char* paths[] = {"/api/v1/items", "/api/v1/users", "/healthz", "/static/app.js"};
  std::string s;
  while (s.size() < size) {
    // One value per statement: argument evaluation order differs between compilers.
    const unsigned minute = next(60);
    const unsigned second = next(60);
    const unsigned millis = next(1000);
    const unsigned id = static_cast<unsigned>(rng());
    const char* path = paths[next(4)];
    const unsigned item = next(5000);
    const unsigned latency = next(300);
    char line[160];
    std::snprintf(line, sizeof line,
                  "2024-06-13T12:%02u:%02u.%03uZ INFO request id=%08x path=%s/%u status=200 "
                  "latency_ms=%u\n",
                  minute, second, millis, id, path, item, latency);
    s += line;
  }
  s.resize(size);
  return Bytes(s.begin(), s.end());
}

// Fixed-size records of slowly changing integers, like a metrics dump.
inline Bytes structured_binary(std::size_t size) {
  std::mt19937 rng(12);
  auto next = [&rng](std::uint32_t below) { return static_cast<std::uint32_t>(rng() % below); };
  Bytes b;
  std::uint32_t counter = 0;
  while (b.size() < size) {
    counter += next(16);
    const std::uint32_t fields[] = {counter, 0x1000 + next(4), 42, next(256)};
    for (std::uint32_t f : fields) {
      for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(f >> (8 * i)));
    }
  }
  b.resize(size);
  return b;
}

inline Bytes random_data(std::size_t size, unsigned seed = 13) {
  std::mt19937_64 rng(seed);
  Bytes b(size);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return b;
}

struct Member {
  Bytes bytes;
  PartEncoding encoding;
};

// input compressed as one independent member/frame by compress_part().
inline Member compress_one_part(Compressor& c, std::span<const std::uint8_t> input) {
  Bytes out(c.part_bound(input.size()));
  const CompressedPart part = c.compress_part(input, out);
  out.resize(part.size);
  return {std::move(out), part.encoding};
}

// input split into parts of part_size, each compressed independently and concatenated.
inline Bytes compress_in_parts(const Codec& codec, std::span<const std::uint8_t> input,
                               std::size_t part_size) {
  const auto c = codec.make_compressor();
  Bytes all;
  std::size_t pos = 0;
  do {
    const std::size_t n = std::min(part_size, input.size() - pos);
    const Member m = compress_one_part(*c, input.subspan(pos, n));
    all.insert(all.end(), m.bytes.begin(), m.bytes.end());
    pos += n;
  } while (pos < input.size());
  return all;
}

}  // namespace hoist::compress::testing

#endif  // HOIST_TESTS_COMPRESS_TEST_INPUTS_H_
