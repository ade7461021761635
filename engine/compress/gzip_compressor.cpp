#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "engine/checksum/crc32.h"
#include "engine/compress/append_buffer.h"
#include "engine/compress/codecs.h"

namespace hoist::compress {
namespace {

// compress_part() checks after each piece of this size whether compression is paying off.
constexpr std::size_t kProbePiece = 256u << 10;

constexpr std::size_t kHeaderSize = 10;
constexpr std::size_t kTrailerSize = 8;
constexpr std::size_t kMaxStoredBlock = 65535;
constexpr std::size_t kStoredBlockHeader = 5;  // BFINAL/BTYPE byte, LEN, NLEN

std::size_t level_buffer_size(int level) {
  switch (level) {
    case 1:
      return ISAL_DEF_LVL1_DEFAULT;
    case 2:
      return ISAL_DEF_LVL2_DEFAULT;
    case 3:
      return ISAL_DEF_LVL3_DEFAULT;
    default:
      return 0;
  }
}

void put_le32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// A gzip member whose deflate stream is made of stored blocks: the input copied in 64 KiB
// pieces behind a 5-byte block header. Returns the bytes written.
std::size_t write_stored_member(std::span<const std::uint8_t> input, std::uint8_t* out) {
  // Magic, CM = deflate, no flags, no mtime, XFL = 0, OS = unknown.
  static constexpr std::uint8_t kHeader[kHeaderSize] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
  std::uint8_t* p = out;
  std::memcpy(p, kHeader, kHeaderSize);
  p += kHeaderSize;
  std::size_t pos = 0;
  do {
    const std::size_t n = std::min(kMaxStoredBlock, input.size() - pos);
    const bool last = pos + n == input.size();
    p[0] = last ? 1 : 0;  // BFINAL, BTYPE = 00 (stored); the block starts byte-aligned
    p[1] = static_cast<std::uint8_t>(n);
    p[2] = static_cast<std::uint8_t>(n >> 8);
    p[3] = static_cast<std::uint8_t>(~n);
    p[4] = static_cast<std::uint8_t>(~n >> 8);
    if (n > 0) std::memcpy(p + kStoredBlockHeader, input.data() + pos, n);
    p += kStoredBlockHeader + n;
    pos += n;
  } while (pos < input.size());
  put_le32(p, checksum::crc32(0, input));
  put_le32(p + 4, static_cast<std::uint32_t>(input.size()));  // ISIZE is the size mod 2^32
  return static_cast<std::size_t>(p + kTrailerSize - out);
}

class GzipCompressor final : public Compressor {
 public:
  explicit GzipCompressor(int level) : level_(level), level_buffer_(level_buffer_size(level)) {}

  std::size_t part_bound(std::size_t n) const override {
    const std::size_t blocks =
        std::max<std::size_t>(1, (n + kMaxStoredBlock - 1) / kMaxStoredBlock);
    return kHeaderSize + kTrailerSize + blocks * kStoredBlockHeader + n;
  }

  CompressedPart compress_part(std::span<const std::uint8_t> input,
                               std::span<std::uint8_t> output) override {
    // Compressed output must come in strictly smaller than the input to be worth keeping.
    const std::size_t budget = input.empty() ? 0 : input.size() - 1;
    const std::optional<std::size_t> size = deflate_within(input, output.first(budget));
    if (size) return {PartEncoding::compressed, *size};
    return {PartEncoding::stored, write_stored_member(input, output.data())};
  }

  bool compress(std::span<const std::uint8_t> input, bool end, std::vector<std::uint8_t>* out,
                std::string* error) override {
    if (!in_member_) begin_member();
    in_member_ = !end;
    std::size_t pos = 0;
    do {
      const std::size_t n = std::min(kMaxIgzipCall, input.size() - pos);
      const bool last_piece = pos + n == input.size();
      stream_.next_in = const_cast<std::uint8_t*>(input.data() + pos);
      stream_.avail_in = static_cast<std::uint32_t>(n);
      stream_.end_of_stream = end && last_piece ? 1 : 0;
      // Until all input is taken (and, at the end, the trailer written), keep giving space.
      do {
        AppendBuffer space(out, n / 2 + 1024);
        stream_.next_out = space.data();
        stream_.avail_out = static_cast<std::uint32_t>(space.size());
        const int ret = isal_deflate(&stream_);
        space.commit(space.size() - stream_.avail_out);
        if (ret != COMP_OK) {
          *error = "isal_deflate failed with code " + std::to_string(ret);
          return false;
        }
      } while (stream_.avail_in > 0 || stream_.avail_out == 0 ||
               (stream_.end_of_stream && stream_.internal_state.state != ZSTATE_END));
      pos += n;
    } while (pos < input.size());
    return true;
  }

 private:
  // Deflates input as a whole gzip member into out; nullopt if it does not fit, or as soon
  // as a piece of input leaves the output within 1% of the input: on incompressible data
  // that costs one piece of deflate instead of the whole part.
  std::optional<std::size_t> deflate_within(std::span<const std::uint8_t> input,
                                            std::span<std::uint8_t> out) {
    begin_member();
    stream_.next_out = out.data();
    std::size_t out_left = out.size();
    std::size_t pos = 0;
    while (true) {
      const std::uint64_t in_so_far = stream_.total_in;
      if (pos > 0 && std::uint64_t{stream_.total_out} * 100 >= in_so_far * 99) {
        return std::nullopt;
      }
      const std::size_t n = std::min(kProbePiece, input.size() - pos);
      stream_.next_in = const_cast<std::uint8_t*>(input.data() + pos);
      stream_.avail_in = static_cast<std::uint32_t>(n);
      stream_.end_of_stream = pos + n == input.size() ? 1 : 0;
      do {
        const std::uint32_t give = static_cast<std::uint32_t>(std::min(out_left, kMaxIgzipCall));
        stream_.avail_out = give;
        const int ret = isal_deflate(&stream_);
        out_left -= give - stream_.avail_out;
        if (ret != COMP_OK) return std::nullopt;  // the caller stores instead
        if (stream_.internal_state.state == ZSTATE_END) return out.size() - out_left;
        if (out_left == 0) return std::nullopt;
      } while (stream_.avail_in > 0 || stream_.end_of_stream);
      pos += n;
    }
  }

  // A fresh stream for a new member. isal_deflate_reset() would be cheaper, but in ISA-L
  // 2.30 it leaves levels 1-3 believing the gzip header is already written, so the second
  // member of a stream would come out headerless.
  void begin_member() {
    isal_deflate_init(&stream_);
    stream_.level = static_cast<std::uint32_t>(level_);
    stream_.level_buf = level_buffer_.empty() ? nullptr : level_buffer_.data();
    stream_.level_buf_size = static_cast<std::uint32_t>(level_buffer_.size());
    stream_.gzip_flag = IGZIP_GZIP;
  }

  int level_;
  std::vector<std::uint8_t> level_buffer_;
  isal_zstream stream_{};
  bool in_member_ = false;
};

}  // namespace

std::unique_ptr<Compressor> make_gzip_compressor(int level) {
  return std::make_unique<GzipCompressor>(level);
}

}  // namespace hoist::compress
