// Sink: where an embedder's own consumer takes a downloaded object's content, through
// Client::download_to or start_download_to. The engine fetches the bytes (in ranges for a
// large object), checks them against the object's stored checksum, decodes an object stored
// compressed (unless TransferOptions::raw), and hands the content to the sink; commit() comes
// only once every byte arrived and matched, discard() when the download failed or was
// cancelled.
//
// Its methods are called on engine threads the download starts for itself (not the ones the
// Client's other transfers share, so a consumer that blocks holds up this download only). A
// sequential sink gets its calls one at a time, in order; one that is not may get write()
// calls for different ranges at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "hoist/result.h"

namespace hoist {

class Sink {
 public:
  virtual ~Sink() = default;

  // True (the default): the content arrives front to back, one write() at a time. False:
  // write() takes ranges at any offset, from several threads at once.
  virtual bool sequential() const { return true; }

  // Content bytes [offset, offset + size). An error fails the download (then discard()).
  virtual Status write(uint64_t offset, const char* data, size_t size) = 0;

  // Every byte arrived and matched the object's checksum.
  virtual Status commit() { return ok_status(); }

  // The download failed or was cancelled: what was written is not the object. May come
  // without any write before it.
  virtual void discard() {}

  // What reports and errors call the sink (ObjectReport::local_path).
  virtual std::string name() const { return "sink"; }
};

}  // namespace hoist
