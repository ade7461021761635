#include "engine/compress/compressibility.h"

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace hoist::compress {
namespace {

constexpr std::size_t kWindow = 16 << 10;
constexpr std::size_t kWindows = 4;

// A window counts as compressible when deflate gets it under 90% of its size; raw deflate
// (no gzip framing) so framing overhead does not count against small samples.
constexpr std::size_t kPercentNeeded = 90;

// Deflated size of window, or window.size() if it would not fit in `limit` bytes.
std::size_t trial_deflate(std::span<const std::uint8_t> window, std::size_t limit,
                          isal_zstream* stream, std::vector<std::uint8_t>* scratch) {
  isal_deflate_stateless_init(stream);
  stream->level = 0;
  stream->gzip_flag = IGZIP_DEFLATE;
  stream->end_of_stream = 1;
  stream->next_in = const_cast<std::uint8_t*>(window.data());
  stream->avail_in = static_cast<std::uint32_t>(window.size());
  stream->next_out = scratch->data();
  stream->avail_out = static_cast<std::uint32_t>(limit);
  if (isal_deflate_stateless(stream) != COMP_OK) return window.size();
  return stream->total_out;
}

}  // namespace

bool looks_compressible(std::span<const std::uint8_t> sample) {
  if (sample.empty()) return false;
  const auto stream = std::make_unique<isal_zstream>();
  std::vector<std::uint8_t> scratch(kWindow);

  // One window at the middle of each of `windows` equal segments: a stratified sample, so
  // a file's header does not speak for its body.
  const std::size_t window = std::min(kWindow, sample.size());
  const std::size_t windows = std::min(kWindows, sample.size() / window);
  const std::size_t segment = sample.size() / windows;
  std::size_t in = 0;
  std::size_t out = 0;
  for (std::size_t i = 0; i < windows; ++i) {
    const auto w = sample.subspan(i * segment + (segment - window) / 2, window);
    out += trial_deflate(w, w.size() * kPercentNeeded / 100, stream.get(), &scratch);
    in += w.size();
  }
  return out * 100 < in * kPercentNeeded;
}

}  // namespace hoist::compress
