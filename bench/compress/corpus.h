// A deterministic corpus that looks like what hoist backs up: service logs, JSON documents,
// structured binary records and already-compressed (random) media, mixed in one repeating
// 64 KiB cycle so that every prefix from 64 KiB up has the same mix.
#ifndef HOIST_BENCH_COMPRESS_CORPUS_H_
#define HOIST_BENCH_COMPRESS_CORPUS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hoist::bench {

// Per 64 KiB: 24 KiB logs, 20 KiB JSON, 12 KiB binary records, 8 KiB random.
std::vector<std::uint8_t> mixed_corpus(std::size_t size);

// Only the random part: data that compression cannot shrink.
std::vector<std::uint8_t> random_corpus(std::size_t size);

}  // namespace hoist::bench

#endif  // HOIST_BENCH_COMPRESS_CORPUS_H_
