#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "engine/compress/append_buffer.h"
#include "engine/compress/codecs.h"

namespace hoist::compress {
namespace {

// Frame header of a stored frame: magic, descriptor, window descriptor, 8-byte content size.
constexpr std::size_t kStoredHeaderSize = 4 + 1 + 1 + 8;
constexpr std::size_t kBlockHeaderSize = 3;
constexpr std::size_t kMaxRawBlock = 128 << 10;  // Block_Maximum_Size for a 128 KiB window

void put_le(std::uint8_t* p, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// A zstd frame made of raw blocks: the input copied in 128 KiB pieces behind a 3-byte block
// header. Written by hand because asking libzstd would spend the time compression already
// wasted. Returns the bytes written.
std::size_t write_stored_frame(std::span<const std::uint8_t> input, std::uint8_t* out) {
  std::uint8_t* p = out;
  put_le(p, ZSTD_MAGICNUMBER, 4);
  p[4] = 0xC0;  // Frame_Content_Size_flag = 3 (8 bytes); no single segment, checksum or dict
  p[5] = 0x38;  // Window_Descriptor: exponent 7, mantissa 0 -> 2^(10 + 7) = 128 KiB
  put_le(p + 6, input.size(), 8);
  p += kStoredHeaderSize;
  std::size_t pos = 0;
  do {
    const std::size_t n = std::min(kMaxRawBlock, input.size() - pos);
    const bool last = pos + n == input.size();
    put_le(p, (n << 3) | (last ? 1 : 0), 3);  // Block_Type 0 = raw
    if (n > 0) std::memcpy(p + kBlockHeaderSize, input.data() + pos, n);
    p += kBlockHeaderSize + n;
    pos += n;
  } while (pos < input.size());
  return static_cast<std::size_t>(p - out);
}

class ZstdCompressor final : public Compressor {
 public:
  explicit ZstdCompressor(int level) : cctx_(ZSTD_createCCtx()) {
    if (cctx_ == nullptr) return;
    ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, level);
    // A content checksum, like the zstd tool writes by default, so `zstd -t` verifies data.
    ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 1);
  }
  ~ZstdCompressor() override { ZSTD_freeCCtx(cctx_); }

  ZstdCompressor(const ZstdCompressor&) = delete;
  ZstdCompressor& operator=(const ZstdCompressor&) = delete;

  std::size_t part_bound(std::size_t n) const override {
    const std::size_t blocks = std::max<std::size_t>(1, (n + kMaxRawBlock - 1) / kMaxRawBlock);
    return kStoredHeaderSize + blocks * kBlockHeaderSize + n;
  }

  CompressedPart compress_part(std::span<const std::uint8_t> input,
                               std::span<std::uint8_t> output) override {
    // Compressed output must come in strictly smaller than the input to be worth keeping;
    // libzstd stops with an error as soon as it would overflow the smaller budget.
    const std::size_t budget = input.empty() ? 0 : input.size() - 1;
    if (cctx_ != nullptr) {
      ZSTD_CCtx_reset(cctx_, ZSTD_reset_session_only);
      ZSTD_CCtx_setPledgedSrcSize(cctx_, input.size());  // records the size in the header
      const std::size_t size =
          ZSTD_compress2(cctx_, output.data(), budget, input.data(), input.size());
      if (!ZSTD_isError(size)) return {PartEncoding::compressed, size};
    }
    return {PartEncoding::stored, write_stored_frame(input, output.data())};
  }

  bool compress(std::span<const std::uint8_t> input, bool end, std::vector<std::uint8_t>* out,
                std::string* error) override {
    if (cctx_ == nullptr) {
      *error = "ZSTD_createCCtx failed (out of memory)";
      return false;
    }
    ZSTD_inBuffer in{input.data(), input.size(), 0};
    const ZSTD_EndDirective mode = end ? ZSTD_e_end : ZSTD_e_continue;
    while (true) {
      AppendBuffer space(out, ZSTD_CStreamOutSize());
      ZSTD_outBuffer o{space.data(), space.size(), 0};
      const std::size_t remaining = ZSTD_compressStream2(cctx_, &o, &in, mode);
      space.commit(o.pos);
      if (ZSTD_isError(remaining)) {
        *error = std::string("zstd compression failed: ") + ZSTD_getErrorName(remaining);
        return false;
      }
      // With e_end, `remaining` counts bytes still to flush; with e_continue, stop once the
      // input is taken and the output was not full (nothing is waiting to be written).
      const bool done = end ? remaining == 0 : in.pos == in.size && o.pos < o.size;
      if (done) return true;
    }
  }

 private:
  ZSTD_CCtx* cctx_;
};

}  // namespace

std::unique_ptr<Compressor> make_zstd_compressor(int level) {
  return std::make_unique<ZstdCompressor>(level);
}

}  // namespace hoist::compress
