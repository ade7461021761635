// StreamSource: where a streamed upload's bytes come from, read front to back once by the
// coordinator thread (stdin, a file being compressed). The stream machinery cuts what it
// reads into parts without knowing the total in advance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/http/message.h"
#include "engine/transfer/object_options.h"
#include "hoist/result.h"

namespace hoist::transfer {

class StreamSource {
 public:
  virtual ~StreamSource() = default;

  // Fills `data` with up to `size` bytes; fewer only at the end of the stream.
  virtual Result<size_t> fill(char* data, size_t size) = 0;

  // The headers the new object gets (Content-Type, mtime, Content-Encoding, and the object
  // options), asked once, when the PutObject or CreateMultipartUpload is built.
  virtual http::Headers object_headers(const ObjectOptions& options) const = 0;

  // After the last byte was read: whether what was read is still what the source holds (a
  // file that changed meanwhile fails the object instead of storing it torn).
  virtual Status check_unchanged() const = 0;

  // The path objects are reported under ("-" for stdin).
  virtual const std::string& local_path() const = 0;

  // The bytes the source itself holds, when they differ from the bytes it yields (a
  // compressing source): what the object's report counts.
  virtual std::optional<uint64_t> source_bytes() const { return std::nullopt; }
};

}  // namespace hoist::transfer
