// CRC32, CRC32C and CRC64NVME (as dispatched and each kernel this CPU can run) against
// check values and the bitwise reference, and their combine().
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "engine/checksum/crc32.h"
#include "engine/checksum/crc64nvme.h"
#include "tests/checksum/crc_reference.h"

namespace hoist::checksum {

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

using CombineFunction = std::uint64_t (*)(std::uint64_t, std::uint64_t, std::uint64_t);

// One CRC implementation under test: CRC32, CRC32C, CRC64NVME as dispatched, or one
// CRC64NVME kernel forced by name.
struct CrcCase {
  std::string name;
  CrcFunction crc;
  ReferenceFunction reference;
  CombineFunction combine;
  std::uint64_t check;  // the CRC of "123456789"
  std::optional<Crc64Kernel> kernel;
};

void PrintTo(const CrcCase& c, std::ostream* os) { *os << c.name; }

// CRC32 and CRC32C share a signature; adapt one to the 64-bit test interface.
template <std::uint32_t (*Crc)(std::uint32_t, std::span<const std::uint8_t>),
          std::uint32_t (*Combine)(std::uint32_t, std::uint32_t, std::uint64_t)>
CrcCase crc32_family_case(const char* name, ReferenceFunction reference, std::uint64_t check) {
  return {name,
          [](std::uint64_t c, std::span<const std::uint8_t> d) {
            return std::uint64_t{Crc(static_cast<std::uint32_t>(c), d)};
          },
          reference,
          [](std::uint64_t a, std::uint64_t b, std::uint64_t n) {
            return std::uint64_t{
                Combine(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b), n)};
          },
          check, std::nullopt};
}

CrcCase crc64nvme_case(std::optional<Crc64Kernel> kernel) {
  CrcFunction f = [](std::uint64_t c, std::span<const std::uint8_t> d) { return crc64nvme(c, d); };
  if (kernel) {
    f = [k = *kernel](std::uint64_t c, std::span<const std::uint8_t> d) {
      return crc64nvme(k, c, d);
    };
  }
  return {kernel ? "crc64nvme_" + std::string(kernel_name(*kernel)) : "crc64nvme",
          f,
          testing::reference_crc64nvme,
          crc64nvme_combine,
          0xAE8B14860A799888,
          kernel};
}

class Crcs : public ::testing::TestWithParam<CrcCase> {
 protected:
  void SetUp() override {
    const auto& kernel = GetParam().kernel;
    if (kernel && !crc64nvme_supported(*kernel)) {
      GTEST_SKIP() << "CPU lacks the " << kernel_name(*kernel) << " kernel's instructions";
    }
  }
  std::uint64_t crc(std::span<const std::uint8_t> data) const { return GetParam().crc(0, data); }
  std::uint64_t combine(std::uint64_t a, std::uint64_t b, std::uint64_t len_b) const {
    return GetParam().combine(a, b, len_b);
  }
};

TEST_P(Crcs, CheckValue) { EXPECT_EQ(crc(bytes_of("123456789")), GetParam().check); }

TEST_P(Crcs, EmptyInputKeepsTheCrc) {
  EXPECT_EQ(crc({}), 0u);
  EXPECT_EQ(GetParam().crc(0x12345678, {}), 0x12345678u);
}

TEST_P(Crcs, MatchesReferenceOnRandomBuffers) {
  expect_matches_reference(GetParam().crc, GetParam().reference, 24);
}

TEST_P(Crcs, MatchesReferenceAtEveryShortLength) {
  expect_all_short_lengths_match(GetParam().crc, GetParam().reference);
}

TEST_P(Crcs, StreamingMatchesOneShot) { expect_streaming_matches(GetParam().crc); }

// crc(A || B) == combine(crc(A), crc(B), |B|) over random splits, including empty A or B.
TEST_P(Crcs, CombinedPartsEqualTheWhole) {
  std::mt19937_64 rng(4242);
  const std::vector<std::uint8_t> buffer = random_bytes(rng, 200000);
  const std::span<const std::uint8_t> all(buffer);
  for (int i = 0; i < 200; ++i) {
    const std::size_t length = rng() % (all.size() + 1);
    const std::size_t split = i % 10 == 0 ? 0 : i % 10 == 1 ? length : rng() % (length + 1);
    const auto a = all.subspan(0, split);
    const auto b = all.subspan(split, length - split);
    ASSERT_EQ(combine(crc(a), crc(b), b.size()), crc(all.subspan(0, length)))
        << "split " << split << " of " << length;
  }
}

TEST_P(Crcs, ManyPartsCombineLeftToRight) {
  std::mt19937_64 rng(77);
  const std::vector<std::uint8_t> buffer = random_bytes(rng, 100000);
  const std::span<const std::uint8_t> all(buffer);
  std::uint64_t combined = crc({});
  std::size_t pos = 0;
  while (pos < all.size()) {
    const std::size_t n = std::min<std::size_t>(all.size() - pos, rng() % 3000);
    combined = combine(combined, crc(all.subspan(pos, n)), n);
    pos += n;
  }
  EXPECT_EQ(combined, crc(all));
}

// Lengths far beyond any test buffer (S3 parts reach 5 GiB, objects 5 TiB) use the high
// powers x^(8 * 2^k). Check them through an identity the data tests cannot reach:
// combining Y after X at distance L twice equals combining at distance 2L once, which holds
// only if the power for 2L is the square of the power for L.
TEST_P(Crcs, LargeLengthsAreConsistent) {
  const std::uint64_t x = crc(bytes_of("part one"));
  const std::uint64_t y = crc(bytes_of("second part"));
  const std::uint64_t z = crc(bytes_of("3"));
  for (std::uint64_t length : {5ull << 30, (1ull << 40) + 12345, (1ull << 62) + 1}) {
    const std::uint64_t left = combine(combine(x, y, length), z, length);
    const std::uint64_t right = combine(x, combine(y, z, length), 2 * length);
    EXPECT_EQ(left, right) << "length " << length;
  }
}

INSTANTIATE_TEST_SUITE_P(All, Crcs,
                         ::testing::Values(crc32_family_case<crc32, crc32_combine>(
                                               "crc32", testing::reference_crc32, 0xCBF43926),
                                           crc32_family_case<crc32c, crc32c_combine>(
                                               "crc32c", testing::reference_crc32c, 0xE3069283),
                                           crc64nvme_case(std::nullopt),
                                           crc64nvme_case(Crc64Kernel::portable),
                                           crc64nvme_case(Crc64Kernel::pclmul),
                                           crc64nvme_case(Crc64Kernel::vpclmul)),
                         [](const auto& info) { return info.param.name; });

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

}  // namespace
}  // namespace hoist::checksum
