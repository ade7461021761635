// Source: bytes an embedder uploads from a stream of its own (a pipe, a database dump, a
// generator), as one object, through Client::upload_from or start_upload_from. The engine
// reads it front to back once, cutting parts as it goes, so its length need not be known:
// a source that ends within the first part becomes one PutObject, a longer one a multipart
// upload completed with the whole object's checksum. A source cannot be read twice, so an
// interrupted upload of one is aborted, never kept for resume.
//
// Its methods are called on the transfer's coordinator thread (the caller's for upload_from,
// the transfer's own for start_upload_from), one at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "hoist/result.h"

namespace hoist {

class Source {
 public:
  virtual ~Source() = default;

  // Fills `data` with up to `size` bytes and says how many; fewer than `size` only at the
  // end (0: nothing more). An error fails the object, and its multipart upload is aborted.
  virtual Result<size_t> read(char* data, size_t size) = 0;

  // The total, when known before the first read: it only chooses the part size (a stream
  // larger than 10,000 parts of the default size needs larger parts). nullopt: unknown.
  virtual std::optional<uint64_t> size() const { return std::nullopt; }

  // Asked after the last read: whether what was read is still what the source holds. An
  // error (a file that changed under the read) fails the object instead of storing it torn.
  virtual Status unchanged() const { return ok_status(); }

  // What reports and errors call the source.
  virtual std::string name() const { return "stream"; }
};

}  // namespace hoist
