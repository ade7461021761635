// Tells compressible data from data that is already compressed or random (JPEG, MP4, zip,
// encrypted archives) before any time is spent compressing it, so that compression never
// makes a backup of such files slower or bigger: the engine stores them as they are.
#ifndef HOIST_ENGINE_COMPRESS_COMPRESSIBILITY_H_
#define HOIST_ENGINE_COMPRESS_COMPRESSIBILITY_H_

#include <cstdint>
#include <span>

namespace hoist::compress {

// Whether compressing data like `sample` saves at least 10%. Trial-compresses up to four
// 16 KiB windows, one from the middle of each quarter of the sample, at the fastest deflate
// level: tens of microseconds whatever the sample size. Pass the first bytes of a file or
// part (a few hundred KiB is plenty); an empty sample is not compressible. Thread-safe.
bool looks_compressible(std::span<const std::uint8_t> sample);

}  // namespace hoist::compress

#endif  // HOIST_ENGINE_COMPRESS_COMPRESSIBILITY_H_
