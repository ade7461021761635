// Single-core compression and decompression throughput (GB/s of uncompressed data) and
// compression ratio (compressed / original, lower is better) for each codec and level, on
// the mixed corpus and on incompressible data, where compress_part must fall back to
// storing. Compare with BM_read_sum and BM_memcpy in checksum_bench for the memory limit.
#include <benchmark/benchmark.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "bench/compress/corpus.h"
#include "engine/compress/codec.h"
#include "engine/compress/compressibility.h"

namespace hoist::compress {
namespace {

constexpr std::size_t kMaxSize = 8 << 20;

std::span<const std::uint8_t> mixed(std::size_t size) {
  static const std::vector<std::uint8_t> corpus = bench::mixed_corpus(kMaxSize);
  return std::span<const std::uint8_t>(corpus).first(size);
}

std::span<const std::uint8_t> incompressible(std::size_t size) {
  static const std::vector<std::uint8_t> corpus = bench::random_corpus(kMaxSize);
  return std::span<const std::uint8_t>(corpus).first(size);
}

void report(benchmark::State& state, std::size_t in, std::size_t out) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in));
  state.counters["ratio"] = static_cast<double>(out) / static_cast<double>(in);
}

void compress_parts(benchmark::State& state, const std::string& spec,
                    std::span<const std::uint8_t> input) {
  const auto compressor = Codec::parse(spec)->make_compressor();
  std::vector<std::uint8_t> output(compressor->part_bound(input.size()));
  CompressedPart part{};
  for (auto _ : state) {
    part = compressor->compress_part(input, output);
    benchmark::DoNotOptimize(output.data());
  }
  state.SetLabel(part.encoding == PartEncoding::stored ? "stored" : "compressed");
  report(state, input.size(), part.size);
}

void BM_compress_part(benchmark::State& state, const std::string& spec) {
  compress_parts(state, spec, mixed(static_cast<std::size_t>(state.range(0))));
}

void BM_compress_part_random(benchmark::State& state, const std::string& spec) {
  compress_parts(state, spec, incompressible(static_cast<std::size_t>(state.range(0))));
}

void BM_decompress(benchmark::State& state, const std::string& spec) {
  const Codec codec = *Codec::parse(spec);
  const auto input = mixed(static_cast<std::size_t>(state.range(0)));
  const auto compressor = codec.make_compressor();
  std::vector<std::uint8_t> compressed(compressor->part_bound(input.size()));
  compressed.resize(compressor->compress_part(input, compressed).size);
  std::vector<std::uint8_t> out;
  out.reserve(input.size() + (64 << 20));
  std::string error;
  for (auto _ : state) {
    out.clear();
    const auto d = codec.make_decompressor();
    if (!d->decompress(compressed, &out, &error) || !d->finish(&error)) {
      state.SkipWithError(error.c_str());
      return;
    }
    benchmark::DoNotOptimize(out.data());
  }
  report(state, input.size(), compressed.size());
}

// The time column is the cost of one probe, paid once per file.
void BM_looks_compressible(benchmark::State& state) {
  const auto sample = mixed(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(looks_compressible(sample));
}

// Registered in a loop: every codec and level runs on the same three sizes.
using CodecBenchmark = void (*)(benchmark::State&, const std::string&);

void register_sizes(benchmark::internal::Benchmark* b) {
  b->Arg(64 << 10)->Arg(1 << 20)->Arg(8 << 20)->Unit(benchmark::kMicrosecond);
}

void register_codec(const char* name, CodecBenchmark f,
                    std::initializer_list<const char*> specs) {
  for (const char* spec : specs) {
    const std::string full_name = std::string(name) + "/" + spec;
    register_sizes(benchmark::RegisterBenchmark(full_name.c_str(), f, spec));
  }
}

[[maybe_unused]] const bool kRegistered = [] {
  register_codec("BM_compress_part", BM_compress_part,
                 {"gzip:0", "gzip:1", "gzip:2", "gzip:3", "zstd:-3", "zstd:1", "zstd:3",
                  "zstd:9"});
  register_codec("BM_compress_part_random", BM_compress_part_random, {"gzip:1", "zstd:3"});
  register_codec("BM_decompress", BM_decompress, {"gzip:1", "zstd:3"});
  benchmark::RegisterBenchmark("BM_looks_compressible", BM_looks_compressible)
      ->Arg(256 << 10)
      ->Unit(benchmark::kMicrosecond);
  return true;
}();

}  // namespace
}  // namespace hoist::compress
