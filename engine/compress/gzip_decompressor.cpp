#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <memory>
#include <string>

#include "engine/compress/append_buffer.h"
#include "engine/compress/codecs.h"

namespace hoist::compress {
namespace {

std::string describe(int ret) {
  switch (ret) {
    case ISAL_INVALID_BLOCK:
      return "invalid deflate block";
    case ISAL_INVALID_SYMBOL:
      return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK:
      return "back-reference before the start of the data";
    case ISAL_INVALID_WRAPPER:
      return "not a gzip member (bad header)";
    case ISAL_UNSUPPORTED_METHOD:
      return "unsupported gzip compression method";
    case ISAL_INCORRECT_CHECKSUM:
      return "gzip CRC32 or length mismatch: the data is corrupt";
    case ISAL_NEED_DICT:
      return "deflate stream needs a preset dictionary";
    default:
      return "isal_inflate failed with code " + std::to_string(ret);
  }
}

class GzipDecompressor final : public Decompressor {
 public:
  // inflate_state holds 80 KiB of window and tables; keep it off the stack.
  GzipDecompressor() : state_(std::make_unique<inflate_state>()) { start_member(); }

  bool decompress(std::span<const std::uint8_t> input, std::vector<std::uint8_t>* out,
                  std::string* error) override {
    std::size_t pos = 0;
    while (pos < input.size()) {
      const std::size_t n = std::min(kMaxIgzipCall, input.size() - pos);
      state_->next_in = const_cast<std::uint8_t*>(input.data() + pos);
      state_->avail_in = static_cast<std::uint32_t>(n);
      in_member_ = true;
      if (!inflate_available(out, error)) return false;
      pos += n;
    }
    return true;
  }

  bool finish(std::string* error) override {
    if (!in_member_) return true;
    *error = "gzip stream is truncated (ends inside a member)";
    return false;
  }

 private:
  void start_member() {
    isal_inflate_init(state_.get());
    state_->crc_flag = ISAL_GZIP;  // parse the header, verify CRC32 and ISIZE
  }

  // Inflates until the given input is used up, starting a new member after each one ends.
  bool inflate_available(std::vector<std::uint8_t>* out, std::string* error) {
    while (true) {
      AppendBuffer space(out, std::size_t{state_->avail_in} * 4);
      state_->next_out = space.data();
      state_->avail_out = static_cast<std::uint32_t>(space.size());
      const std::uint32_t avail_in_before = state_->avail_in;
      const int ret = isal_inflate(state_.get());
      const std::size_t produced = space.size() - state_->avail_out;
      space.commit(produced);
      if (ret < 0) {
        *error = describe(ret);
        return false;
      }
      if (produced == 0 && state_->avail_in == avail_in_before && avail_in_before > 0 &&
          state_->block_state != ISAL_BLOCK_FINISH) {
        *error = "isal_inflate made no progress";  // guards against spinning on bad input
        return false;
      }
      if (state_->block_state == ISAL_BLOCK_FINISH) {
        // The member is complete; whatever input is left belongs to the next one.
        std::uint8_t* next_in = state_->next_in;
        const std::uint32_t avail_in = state_->avail_in;
        start_member();
        state_->next_in = next_in;
        state_->avail_in = avail_in;
        in_member_ = avail_in > 0;
        if (avail_in == 0) return true;
        continue;
      }
      if (state_->avail_in == 0 && state_->avail_out > 0) return true;
    }
  }

  std::unique_ptr<inflate_state> state_;
  bool in_member_ = false;  // input has been given since the last member ended
};

}  // namespace

std::unique_ptr<Decompressor> make_gzip_decompressor() {
  return std::make_unique<GzipDecompressor>();
}

}  // namespace hoist::compress
