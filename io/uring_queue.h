// UringQueue: IoQueue on io_uring. submit() prepares one SQE per request and enters the
// kernel once for the batch; reads of page-cached data complete inside that call. Requests
// naming a registered buffer use the fixed-buffer opcodes. A short transfer that is not at
// end of file (a read cut short by a signal, a partial write) is resubmitted for the rest,
// so callers see the IoCompletion contract and never a partial result mid-file.
#pragma once

#include <liburing.h>

#include <memory>
#include <vector>

#include "io/io_queue.h"

namespace hoist::io {

class UringQueue : public IoQueue {
 public:
  // io_uring_queue_init with `depth` entries; returns its negative errno on failure.
  static int create(unsigned depth, std::unique_ptr<UringQueue>* out);
  ~UringQueue() override;

  const char* name() const override { return "io_uring"; }
  unsigned depth() const override { return static_cast<unsigned>(slots_.size()); }
  unsigned in_flight() const override { return in_flight_; }
  Status submit(std::span<const IoRequest> requests) override;
  Status reap(size_t min, std::span<IoCompletion> out, size_t* reaped) override;
  Status register_buffers(std::span<const iovec> buffers) override;

 private:
  struct Slot {
    IoRequest request;
    size_t done = 0;  // bytes transferred so far
  };

  explicit UringQueue(unsigned depth);
  // Prepares an SQE for what remains of slots_[index].
  void prepare(uint32_t index);
  // Accounts one CQE; true (and *completion set) when its request is finished.
  bool finish(const io_uring_cqe& cqe, IoCompletion* completion);

  io_uring ring_{};
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_slots_;  // stack of unused indices into slots_
  unsigned in_flight_ = 0;
  bool buffers_registered_ = false;
};

}  // namespace hoist::io
