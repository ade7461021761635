// Source: bytes an embedder uploads as one object through Client::upload_from or
// start_upload_from, from a stream or store of its own (a pipe, a database dump, a
// generator, a memory region, a remote object).
//
// A stream (the default): the engine reads it front to back once with read(), cutting parts
// as it goes, so its length need not be known: a source that ends within the first part
// becomes one PutObject, a longer one a multipart upload completed with the whole object's
// checksum. Its methods are called on the transfer's coordinator thread (the caller's for
// upload_from, the transfer's own for start_upload_from), one at a time.
//
// Read at offsets: a source whose positional() is true and whose size() is known is read
// with read_at() instead, several parts at once, as a file is: parts in parallel, each read
// once into its buffer and retried from there. The reads run on the Client's disk threads,
// never on the threads that send requests, and a transfer waits on at most one read per
// engine thread, so a slow read holds up this upload only. read_at() must then be safe to
// call from several threads at once; size(), unchanged() and name() are still called one at
// a time.
//
// Either way an interrupted upload of a Source is aborted, never kept for resume (the
// engine cannot find the embedder's object again).
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
  // Not called for a source read at offsets.
  virtual Result<size_t> read(char* data, size_t size) = 0;

  // True when read_at() works and size() is known: the engine reads parts in parallel.
  virtual bool positional() const { return false; }

  // For a positional() source: fills `data` with up to `size` bytes from `offset` and says
  // how many; fewer than `size` only at the end. Called from the Client's disk threads,
  // several at once; an error (or fewer bytes than the size promised) fails the object. A
  // call that blocks holds up this upload's next parts, not the requests already sent.
  virtual Result<size_t> read_at(uint64_t offset, char* data, size_t size);

  // The total, when known before the first read: for a stream it only chooses the part size
  // (a stream larger than 10,000 parts of the default size needs larger parts); a
  // positional() source must know it. nullopt: unknown.
  virtual std::optional<uint64_t> size() const { return std::nullopt; }

  // Asked after the last read: whether what was read is still what the source holds. An
  // error (a file that changed under the read) fails the object instead of storing it torn.
  virtual Status unchanged() const { return ok_status(); }

  // What reports and errors call the source.
  virtual std::string name() const { return "stream"; }
};

}  // namespace hoist
