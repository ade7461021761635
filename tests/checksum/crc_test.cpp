// CRC32, CRC32C and CRC64NVME against check values and the bitwise reference, for every
// CRC64NVME kernel this CPU can run, plus combine().
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "engine/checksum/crc32.h"
#include "engine/checksum/crc64nvme.h"
#include "tests/checksum/crc_reference.h"

namespace hoist::checksum {

// Names the kernel in test output (found by argument-dependent lookup).
void PrintTo(Crc64Kernel kernel, std::ostream* os) { *os << kernel_name(kernel); }

namespace {

using testing::bytes_of;
using testing::random_bytes;

constexpr std::size_t kMaxLength = (1u << 20) + 17;

using CrcFunction = std::function<std::uint64_t(std::uint64_t, std::span<const std::uint8_t>)>;
using ReferenceFunction = std::uint64_t (*)(std::span<const std::uint8_t>);

// A random slice of a random buffer: random length in [0, kMaxLength] (half of them short,
// where the kernels switch strategies) starting at a random misalignment.
struct Slice {
  std::vector<std::uint8_t> storage;
  std::span<const std::uint8_t> data;
};

Slice random_slice(std::mt19937_64& rng) {
  const bool short_input = rng() % 2 == 0;
  const std::size_t length = rng() % ((short_input ? 4096 : kMaxLength) + 1);
  const std::size_t offset = rng() % 64;
  Slice s;
  s.storage = random_bytes(rng, offset + length);
  s.data = std::span<const std::uint8_t>(s.storage).subspan(offset, length);
  return s;
}

void expect_matches_reference(const CrcFunction& crc, ReferenceFunction reference, int cases) {
  std::mt19937_64 rng(20240613);
  for (int i = 0; i < cases; ++i) {
    const Slice s = random_slice(rng);
    ASSERT_EQ(crc(0, s.data), reference(s.data))
        << "length " << s.data.size() << " at misalignment "
        << (s.data.data() - s.storage.data());
  }
}

// Every length from 0 to 1100 crosses each kernel's thresholds (16, 128, 256 bytes) and
// every tail length; the buffer is offset by one byte so no load is aligned.
void expect_all_short_lengths_match(const CrcFunction& crc, ReferenceFunction reference) {
  std::mt19937_64 rng(7);
  const std::vector<std::uint8_t> buffer = random_bytes(rng, 1101);
  const std::span<const std::uint8_t> all(buffer);
  for (std::size_t n = 0; n <= 1100; ++n) {
    ASSERT_EQ(crc(0, all.subspan(1, n)), reference(all.subspan(1, n))) << "length " << n;
  }
}

// Feeding the data in random pieces gives the same CRC as feeding it at once.
void expect_streaming_matches(const CrcFunction& crc) {
  std::mt19937_64 rng(99);
  const std::vector<std::uint8_t> buffer = random_bytes(rng, 300000);
  const std::span<const std::uint8_t> all(buffer);
  const std::uint64_t whole = crc(0, all);
  for (int round = 0; round < 20; ++round) {
    std::uint64_t running = 0;
    std::size_t pos = 0;
    while (pos < all.size()) {
      const std::size_t n = std::min<std::size_t>(all.size() - pos, rng() % 5000);
      running = crc(running, all.subspan(pos, n));
      pos += n;
    }
    ASSERT_EQ(running, whole);
  }
}

CrcFunction crc32_function() {
  return [](std::uint64_t c, std::span<const std::uint8_t> d) {
    return crc32(static_cast<std::uint32_t>(c), d);
  };
}

CrcFunction crc32c_function() {
  return [](std::uint64_t c, std::span<const std::uint8_t> d) {
    return crc32c(static_cast<std::uint32_t>(c), d);
  };
}

CrcFunction crc64_function(Crc64Kernel kernel) {
  return [kernel](std::uint64_t c, std::span<const std::uint8_t> d) {
    return crc64nvme(kernel, c, d);
  };
}

TEST(Crc32, CheckValue) { EXPECT_EQ(crc32(0, bytes_of("123456789")), 0xCBF43926u); }

TEST(Crc32, EmptyInputKeepsTheCrc) {
  EXPECT_EQ(crc32(0, {}), 0u);
  EXPECT_EQ(crc32(0x12345678, {}), 0x12345678u);
}

TEST(Crc32, MatchesReferenceOnRandomBuffers) {
  expect_matches_reference(crc32_function(), testing::reference_crc32, 24);
}

TEST(Crc32, MatchesReferenceAtEveryShortLength) {
  expect_all_short_lengths_match(crc32_function(), testing::reference_crc32);
}

TEST(Crc32, StreamingMatchesOneShot) { expect_streaming_matches(crc32_function()); }

TEST(Crc32c, CheckValue) { EXPECT_EQ(crc32c(0, bytes_of("123456789")), 0xE3069283u); }

TEST(Crc32c, EmptyInputKeepsTheCrc) {
  EXPECT_EQ(crc32c(0, {}), 0u);
  EXPECT_EQ(crc32c(0xdeadbeef, {}), 0xdeadbeefu);
}

TEST(Crc32c, MatchesReferenceOnRandomBuffers) {
  expect_matches_reference(crc32c_function(), testing::reference_crc32c, 24);
}

TEST(Crc32c, MatchesReferenceAtEveryShortLength) {
  expect_all_short_lengths_match(crc32c_function(), testing::reference_crc32c);
}

TEST(Crc32c, StreamingMatchesOneShot) { expect_streaming_matches(crc32c_function()); }

TEST(Crc64Nvme, CheckValue) {
  EXPECT_EQ(crc64nvme(0, bytes_of("123456789")), 0xAE8B14860A799888u);
}

TEST(Crc64Nvme, DispatchUsesTheFastestSupportedKernel) {
  const Crc64Kernel chosen = crc64nvme_kernel();
  EXPECT_TRUE(crc64nvme_supported(chosen));
  EXPECT_TRUE(crc64nvme_supported(Crc64Kernel::portable));
  if (crc64nvme_supported(Crc64Kernel::vpclmul)) {
    EXPECT_EQ(chosen, Crc64Kernel::vpclmul);
  } else if (crc64nvme_supported(Crc64Kernel::pclmul)) {
    EXPECT_EQ(chosen, Crc64Kernel::pclmul);
  } else {
    EXPECT_EQ(chosen, Crc64Kernel::portable);
  }
}

TEST(Crc64Nvme, DefaultEntryPointMatchesReference) {
  const CrcFunction dispatched = [](std::uint64_t c, std::span<const std::uint8_t> d) {
    return crc64nvme(c, d);
  };
  expect_matches_reference(dispatched, testing::reference_crc64nvme, 8);
}

// One fixture per kernel, so each kernel's result is reported (or skipped) on its own.
class Crc64Kernels : public ::testing::TestWithParam<Crc64Kernel> {
 protected:
  void SetUp() override {
    if (!crc64nvme_supported(GetParam())) {
      GTEST_SKIP() << "CPU lacks the " << kernel_name(GetParam()) << " kernel's instructions";
    }
  }
};

TEST_P(Crc64Kernels, CheckValue) {
  EXPECT_EQ(crc64nvme(GetParam(), 0, bytes_of("123456789")), 0xAE8B14860A799888u);
  EXPECT_EQ(crc64nvme(GetParam(), 0, {}), 0u);
}

TEST_P(Crc64Kernels, MatchesReferenceOnRandomBuffers) {
  expect_matches_reference(crc64_function(GetParam()), testing::reference_crc64nvme, 24);
}

TEST_P(Crc64Kernels, MatchesReferenceAtEveryShortLength) {
  expect_all_short_lengths_match(crc64_function(GetParam()), testing::reference_crc64nvme);
}

TEST_P(Crc64Kernels, StreamingMatchesOneShot) {
  expect_streaming_matches(crc64_function(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(AllKernels, Crc64Kernels,
                         ::testing::Values(Crc64Kernel::portable, Crc64Kernel::pclmul,
                                           Crc64Kernel::vpclmul),
                         [](const auto& info) { return std::string(kernel_name(info.param)); });

// crc(A || B) == combine(crc(A), crc(B), |B|) over random splits, including empty A or B.
struct CombineCase {
  const char* name;
  std::function<std::uint64_t(std::span<const std::uint8_t>)> crc;
  std::function<std::uint64_t(std::uint64_t, std::uint64_t, std::uint64_t)> combine;
};

void PrintTo(const CombineCase& c, std::ostream* os) { *os << c.name; }

class CrcCombine : public ::testing::TestWithParam<CombineCase> {};

TEST_P(CrcCombine, CombinedPartsEqualTheWhole) {
  const CombineCase& c = GetParam();
  std::mt19937_64 rng(4242);
  const std::vector<std::uint8_t> buffer = random_bytes(rng, 200000);
  const std::span<const std::uint8_t> all(buffer);
  for (int i = 0; i < 200; ++i) {
    const std::size_t length = rng() % (all.size() + 1);
    const std::size_t split = i % 10 == 0 ? 0 : i % 10 == 1 ? length : rng() % (length + 1);
    const auto a = all.subspan(0, split);
    const auto b = all.subspan(split, length - split);
    ASSERT_EQ(c.combine(c.crc(a), c.crc(b), b.size()), c.crc(all.subspan(0, length)))
        << "split " << split << " of " << length;
  }
}

TEST_P(CrcCombine, ManyPartsCombineLeftToRight) {
  const CombineCase& c = GetParam();
  std::mt19937_64 rng(77);
  const std::vector<std::uint8_t> buffer = random_bytes(rng, 100000);
  const std::span<const std::uint8_t> all(buffer);
  std::uint64_t combined = c.crc({});
  std::size_t pos = 0;
  while (pos < all.size()) {
    const std::size_t n = std::min<std::size_t>(all.size() - pos, rng() % 3000);
    combined = c.combine(combined, c.crc(all.subspan(pos, n)), n);
    pos += n;
  }
  EXPECT_EQ(combined, c.crc(all));
}

// Lengths far beyond any test buffer (S3 parts reach 5 GiB, objects 5 TiB) use the high
// powers x^(8 * 2^k). Check them through an identity the data tests cannot reach:
// combining Y after X at distance L twice equals combining at distance 2L once, which holds
// only if the power for 2L is the square of the power for L.
TEST_P(CrcCombine, LargeLengthsAreConsistent) {
  const CombineCase& c = GetParam();
  const std::uint64_t x = c.crc(bytes_of("part one"));
  const std::uint64_t y = c.crc(bytes_of("second part"));
  const std::uint64_t z = c.crc(bytes_of("3"));
  for (std::uint64_t length : {5ull << 30, (1ull << 40) + 12345, (1ull << 62) + 1}) {
    const std::uint64_t left = c.combine(c.combine(x, y, length), z, length);
    const std::uint64_t right = c.combine(x, c.combine(y, z, length), 2 * length);
    EXPECT_EQ(left, right) << "length " << length;
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllCrcs, CrcCombine,
    ::testing::Values(
        CombineCase{"crc32", [](auto d) { return std::uint64_t{crc32(0, d)}; },
                    [](std::uint64_t a, std::uint64_t b, std::uint64_t n) {
                      return std::uint64_t{crc32_combine(static_cast<std::uint32_t>(a),
                                                         static_cast<std::uint32_t>(b), n)};
                    }},
        CombineCase{"crc32c", [](auto d) { return std::uint64_t{crc32c(0, d)}; },
                    [](std::uint64_t a, std::uint64_t b, std::uint64_t n) {
                      return std::uint64_t{crc32c_combine(static_cast<std::uint32_t>(a),
                                                          static_cast<std::uint32_t>(b), n)};
                    }},
        CombineCase{"crc64nvme",
                    [](std::span<const std::uint8_t> d) { return crc64nvme(0, d); },
                    crc64nvme_combine}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace hoist::checksum
