#include <zstd.h>

#include <string>

#include "engine/compress/append_buffer.h"
#include "engine/compress/codecs.h"

namespace hoist::compress {
namespace {

class ZstdDecompressor final : public Decompressor {
 public:
  ZstdDecompressor() : dctx_(ZSTD_createDCtx()) {}
  ~ZstdDecompressor() override { ZSTD_freeDCtx(dctx_); }

  ZstdDecompressor(const ZstdDecompressor&) = delete;
  ZstdDecompressor& operator=(const ZstdDecompressor&) = delete;

  bool decompress(std::span<const std::uint8_t> input, std::vector<std::uint8_t>* out,
                  std::string* error) override {
    if (dctx_ == nullptr) {
      *error = "ZSTD_createDCtx failed (out of memory)";
      return false;
    }
    ZSTD_inBuffer in{input.data(), input.size(), 0};
    // After a frame ends, ZSTD_decompressStream starts on the next one by itself, which is
    // what makes concatenated frames (one per part) decode as one stream. A call that fills
    // the output may be holding decoded bytes back, so call again until one does not.
    bool output_full = false;
    while (in.pos < in.size || output_full) {
      AppendBuffer space(out, input.size() * 4);
      ZSTD_outBuffer o{space.data(), space.size(), 0};
      const std::size_t read_before = in.pos;
      const std::size_t hint = ZSTD_decompressStream(dctx_, &o, &in);
      space.commit(o.pos);
      if (ZSTD_isError(hint)) {
        *error = std::string("zstd: ") + ZSTD_getErrorName(hint);
        return false;
      }
      // A call that neither read nor wrote followed output that filled the space exactly at
      // a frame's end; zstd then answers with the size of a next frame's header, which says
      // nothing about whether a frame is open.
      if (o.pos > 0 || in.pos > read_before) frame_open_ = hint != 0;
      output_full = o.pos == o.size;
    }
    return true;
  }

  bool finish(std::string* error) override {
    if (!frame_open_) return true;
    *error = "zstd stream is truncated (ends inside a frame)";
    return false;
  }

 private:
  ZSTD_DCtx* dctx_;
  bool frame_open_ = false;  // ZSTD_decompressStream said the current frame needs more input
};

}  // namespace

std::unique_ptr<Decompressor> make_zstd_decompressor() {
  return std::make_unique<ZstdDecompressor>();
}

}  // namespace hoist::compress
