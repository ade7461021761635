// Writable space at the end of a byte vector for C libraries that write through a pointer
// and report how much they wrote. Private to engine/compress.
#ifndef HOIST_ENGINE_COMPRESS_APPEND_BUFFER_H_
#define HOIST_ENGINE_COMPRESS_APPEND_BUFFER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hoist::compress {

class AppendBuffer {
 public:
  // Extends *out by `size` bytes of scratch space (at least 64 KiB and at most 64 MiB, so
  // neither tiny inputs cause many library calls nor huge ones a huge allocation).
  AppendBuffer(std::vector<std::uint8_t>* out, std::size_t size)
      : out_(out), base_(out->size()), size_(std::clamp<std::size_t>(size, 64 << 10, 64 << 20)) {
    out_->resize(base_ + size_);
  }

  std::uint8_t* data() { return out_->data() + base_; }
  std::size_t size() const { return size_; }

  // Keeps the first `used` bytes of the space and gives back the rest.
  void commit(std::size_t used) { out_->resize(base_ + used); }

 private:
  std::vector<std::uint8_t>* out_;
  std::size_t base_;
  std::size_t size_;
};

}  // namespace hoist::compress

#endif  // HOIST_ENGINE_COMPRESS_APPEND_BUFFER_H_
