// Single-core throughput of every checksum beside the memory-bandwidth limits it runs
// against: memcpy, and a read loop (sum of 64-bit words) that touches every byte once and
// does nothing else. ISA-L's crc64_ecma_refl, the same folding algorithm with another
// polynomial, runs beside our CRC64NVME on the same buffers.
#include <benchmark/benchmark.h>
#include <immintrin.h>
#include <isa-l/crc64.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "engine/checksum/crc32.h"
#include "engine/checksum/crc64nvme.h"
#include "engine/checksum/message_digest.h"

namespace hoist::checksum {
namespace {

// One random 8 MiB buffer; each benchmark hashes its first state.range(0) bytes.
std::span<const std::uint8_t> input(const benchmark::State& state) {
  static const std::vector<std::uint8_t> data = [] {
    std::vector<std::uint8_t> v(8 << 20);
    std::mt19937_64 rng(1);
    for (auto& b : v) b = static_cast<std::uint8_t>(rng());
    return v;
  }();
  return std::span<const std::uint8_t>(data).first(static_cast<std::size_t>(state.range(0)));
}

void finish(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

template <typename F>
void run(benchmark::State& state, F f) {
  const auto in = input(state);
  for (auto _ : state) benchmark::DoNotOptimize(f(in));
  finish(state);
}

void BM_memcpy(benchmark::State& state) {
  const auto in = input(state);
  std::vector<std::uint8_t> out(in.size());
  for (auto _ : state) {
    std::memcpy(out.data(), in.data(), in.size());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state);
}

// The sum of all 64-bit words, with 256-bit loads into four independent accumulators so
// the loop is limited by loads, not by the add chain. REQUIRES: size % 128 == 0.
__attribute__((target("avx2"))) std::uint64_t sum_words_avx2(std::span<const std::uint8_t> in) {
  __m256i a = _mm256_setzero_si256();
  __m256i b = a, c = a, d = a;
  for (std::size_t i = 0; i < in.size(); i += 128) {
    const auto* p = reinterpret_cast<const __m256i*>(in.data() + i);
    a = _mm256_add_epi64(a, _mm256_loadu_si256(p));
    b = _mm256_add_epi64(b, _mm256_loadu_si256(p + 1));
    c = _mm256_add_epi64(c, _mm256_loadu_si256(p + 2));
    d = _mm256_add_epi64(d, _mm256_loadu_si256(p + 3));
  }
  const __m256i total = _mm256_add_epi64(_mm256_add_epi64(a, b), _mm256_add_epi64(c, d));
  alignas(32) std::uint64_t lanes[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), total);
  return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

std::uint64_t sum_words(std::span<const std::uint8_t> in) {
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i + 8 <= in.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, in.data() + i, 8);
    sum += word;
  }
  return sum;
}

void BM_read_sum(benchmark::State& state) {
  const bool avx2 = __builtin_cpu_supports("avx2");
  state.SetLabel(avx2 ? "avx2" : "scalar");
  run(state, [avx2](auto in) { return avx2 ? sum_words_avx2(in) : sum_words(in); });
}

void BM_crc32(benchmark::State& state) {
  run(state, [](auto in) { return crc32(0, in); });
}
void BM_crc32c(benchmark::State& state) {
  run(state, [](auto in) { return crc32c(0, in); });
}
void BM_crc64nvme(benchmark::State& state) {
  state.SetLabel(std::string(kernel_name(crc64nvme_kernel())));
  run(state, [](auto in) { return crc64nvme(0, in); });
}
void BM_crc64nvme_kernel(benchmark::State& state, Crc64Kernel kernel) {
  if (!crc64nvme_supported(kernel)) {
    state.SkipWithError("kernel not supported on this CPU");
    return;
  }
  run(state, [kernel](auto in) { return crc64nvme(kernel, 0, in); });
}
void BM_isal_crc64_ecma_refl(benchmark::State& state) {
  run(state, [](auto in) { return crc64_ecma_refl(0, in.data(), in.size()); });
}
void BM_sha256(benchmark::State& state) {
  run(state, [](auto in) { return sha256(in); });
}
void BM_sha1(benchmark::State& state) {
  run(state, [](auto in) { return sha1(in); });
}
void BM_md5(benchmark::State& state) {
  run(state, [](auto in) { return md5(in); });
}

#define HOIST_SIZES ->Arg(64 << 10)->Arg(1 << 20)->Arg(8 << 20)

BENCHMARK(BM_memcpy) HOIST_SIZES;
BENCHMARK(BM_read_sum) HOIST_SIZES;
BENCHMARK(BM_crc32) HOIST_SIZES;
BENCHMARK(BM_crc32c) HOIST_SIZES;
BENCHMARK(BM_crc64nvme) HOIST_SIZES;
BENCHMARK(BM_isal_crc64_ecma_refl) HOIST_SIZES;
BENCHMARK_CAPTURE(BM_crc64nvme_kernel, vpclmul, Crc64Kernel::vpclmul) HOIST_SIZES;
BENCHMARK_CAPTURE(BM_crc64nvme_kernel, pclmul, Crc64Kernel::pclmul) HOIST_SIZES;
BENCHMARK_CAPTURE(BM_crc64nvme_kernel, portable, Crc64Kernel::portable) HOIST_SIZES;
BENCHMARK(BM_sha256) HOIST_SIZES;
BENCHMARK(BM_sha1) HOIST_SIZES;
BENCHMARK(BM_md5) HOIST_SIZES;

}  // namespace
}  // namespace hoist::checksum
