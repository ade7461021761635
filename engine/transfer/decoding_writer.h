// DecodingWriter: turns an object stored compressed (Content-Encoding gzip or zstd) back into
// the file it was, as its bytes arrive in order: each piece is decompressed and handed to an
// output (a file at growing offsets, stdout) a bounded slice at a time, so a highly
// compressed object never expands into memory whole.
//
// Used by one thread at a time (the OrderedWriter serialises ranged downloads).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/compress/codec.h"
#include "hoist/error.h"
#include "hoist/result.h"
#include "io/status.h"

namespace hoist::transfer {

class DecodingWriter {
 public:
  using Output = std::function<io::Status(const char* data, size_t length)>;

  // `path` names the file (or "-") in errors.
  DecodingWriter(const compress::Codec& codec, Output output, std::string path);

  // Decodes the next `length` stored bytes and outputs what they decode to. A corrupt stream
  // fails with an integrity error, an output that fails with a local one; either way the
  // writer is done, and failure() keeps the error.
  Status write(const char* data, size_t length);

  // The end of the stored bytes: fails when the stream stopped inside a member or frame.
  Status finish();

  uint64_t bytes_out() const { return bytes_out_; }
  const std::optional<Error>& failure() const { return failure_; }

 private:
  Status fail(Error error);
  Status flush();

  std::unique_ptr<compress::Decompressor> decompressor_;
  const std::string encoding_;
  Output output_;
  const std::string path_;
  std::vector<uint8_t> decoded_;
  uint64_t bytes_out_ = 0;
  std::optional<Error> failure_;
};

}  // namespace hoist::transfer
