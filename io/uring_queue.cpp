#include "io/uring_queue.h"

#include <cerrno>
#include <cstring>

namespace hoist::io {
namespace {

// Submission-side errors that leave the SQEs queued for the next io_uring_enter.
bool is_transient(int err) { return err == EINTR || err == EAGAIN || err == EBUSY; }

Status uring_error(int negative_errno, const char* what) {
  int err = -negative_errno;
  return Status{err, std::string(what) + ": " + std::strerror(err)};
}

}  // namespace

int UringQueue::create(unsigned depth, std::unique_ptr<UringQueue>* out) {
  if (depth == 0) return -EINVAL;
  std::unique_ptr<UringQueue> queue(new UringQueue(depth));
  // One thread submits and reaps; deferring task work to reap saves interrupting it.
  // Kernels before 6.1 refuse these flags with EINVAL: plain setup then.
  int result = io_uring_queue_init(depth, &queue->ring_,
                                   IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
  if (result == -EINVAL) result = io_uring_queue_init(depth, &queue->ring_, 0);
  if (result < 0) {
    queue->ring_.ring_fd = -1;
    return result;
  }
  *out = std::move(queue);
  return 0;
}

UringQueue::UringQueue(unsigned depth) : slots_(depth) {
  free_slots_.reserve(depth);
  for (uint32_t i = depth; i > 0; --i) free_slots_.push_back(i - 1);
}

UringQueue::~UringQueue() {
  if (ring_.ring_fd < 0) return;
  // The kernel may still write into callers' buffers: wait for what is in flight first.
  IoCompletion sink[16];
  size_t reaped = 0;
  while (in_flight_ > 0 && reap(1, sink, &reaped).ok()) {
  }
  io_uring_queue_exit(&ring_);
}

void UringQueue::prepare(uint32_t index) {
  Slot& slot = slots_[index];
  const IoRequest& r = slot.request;
  // The ring has depth() entries and at most depth() slots are busy, so an SQE is free.
  io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
  char* buffer = r.buffer + slot.done;
  auto length = static_cast<unsigned>(r.length - slot.done);
  uint64_t offset = r.offset + slot.done;
  bool fixed = buffers_registered_ && r.buffer_index >= 0;
  if (r.op == IoOp::kRead) {
    if (fixed) {
      io_uring_prep_read_fixed(sqe, r.file->fd(), buffer, length, offset, r.buffer_index);
    } else {
      io_uring_prep_read(sqe, r.file->fd(), buffer, length, offset);
    }
  } else if (fixed) {
    io_uring_prep_write_fixed(sqe, r.file->fd(), buffer, length, offset, r.buffer_index);
  } else {
    io_uring_prep_write(sqe, r.file->fd(), buffer, length, offset);
  }
  io_uring_sqe_set_data64(sqe, index);
}

Status UringQueue::submit(std::span<const IoRequest> requests) {
  if (requests.size() > free_slots_.size()) {
    return Status{EBUSY, "submit: more requests than the queue depth"};
  }
  for (const IoRequest& request : requests) {
    // One SQE carries at most 2 GiB - 1: larger requests would be cut by the kernel anyway.
    if (request.length > 0x7fff'f000u) return Status{EINVAL, "submit: request over 2 GiB"};
  }
  for (const IoRequest& request : requests) {
    uint32_t index = free_slots_.back();
    free_slots_.pop_back();
    slots_[index] = Slot{request, 0};
    prepare(index);
  }
  in_flight_ += static_cast<unsigned>(requests.size());
  int result = io_uring_submit(&ring_);
  if (result < 0 && !is_transient(-result)) return uring_error(result, "io_uring_submit");
  return {};
}

bool UringQueue::finish(const io_uring_cqe& cqe, IoCompletion* completion) {
  auto index = static_cast<uint32_t>(io_uring_cqe_get_data64(&cqe));
  Slot& slot = slots_[index];
  int64_t result;
  if (cqe.res < 0) {
    result = cqe.res;
  } else {
    slot.done += static_cast<size_t>(cqe.res);
    bool at_end = slot.done == slot.request.length;
    if (!at_end && cqe.res > 0) {
      prepare(index);  // the rest of a partial transfer
      return false;
    }
    // res == 0 before the end: end of file for a read; a write that cannot progress.
    result = slot.request.op == IoOp::kWrite && !at_end ? -EIO
                                                       : static_cast<int64_t>(slot.done);
  }
  *completion = IoCompletion{slot.request.tag, result};
  free_slots_.push_back(index);
  --in_flight_;
  return true;
}

Status UringQueue::reap(size_t min, std::span<IoCompletion> out, size_t* reaped) {
  size_t n = 0;
  bool polled = false;
  int result = 0;
  while (n < out.size() && in_flight_ > 0) {
    unsigned head;
    unsigned seen = 0;
    io_uring_cqe* cqe;
    io_uring_for_each_cqe(&ring_, head, cqe) {
      ++seen;
      if (finish(*cqe, &out[n]) && ++n == out.size()) break;
    }
    io_uring_cq_advance(&ring_, seen);
    if (n >= min) {
      if (n > 0 || polled) break;
      // Nothing was ready and nothing is required: one look without waiting, which also
      // runs the completion work DEFER_TASKRUN holds back until the ring is entered.
      if (io_uring_sq_ready(&ring_) > 0) io_uring_submit(&ring_);
      result = io_uring_get_events(&ring_);
      polled = true;
    } else {
      result = io_uring_submit_and_wait(&ring_, 1);
    }
    if (result < 0 && !is_transient(-result)) break;
    result = 0;
  }
  // The rest of a partial transfer, prepared above, must reach the kernel even if nobody
  // waits for it now.
  if (result == 0 && io_uring_sq_ready(&ring_) > 0) result = io_uring_submit(&ring_);
  *reaped = n;
  if (result < 0 && !is_transient(-result)) return uring_error(result, "io_uring_enter");
  return {};
}

Status UringQueue::register_buffers(std::span<const iovec> buffers) {
  if (buffers_registered_) return Status{EBUSY, "io_uring buffers are already registered"};
  int result = io_uring_register_buffers(&ring_, buffers.data(),
                                         static_cast<unsigned>(buffers.size()));
  if (result < 0) return uring_error(result, "io_uring_register_buffers");
  buffers_registered_ = true;
  return {};
}

}  // namespace hoist::io
