// TransferCounters: the running totals of one transfer, updated by every engine thread and
// read by the coordinator for progress lines and the final summary.
#pragma once

#include <atomic>
#include <cstdint>

namespace hoist::transfer {

struct TransferCounters {
  std::atomic<uint64_t> bytes_done{0};     // payload confirmed (parts, objects, ranges written)
  std::atomic<uint64_t> bytes_total{0};    // payload known so far
  std::atomic<uint64_t> bytes_sent{0};     // request bodies put on the wire, retries included
  std::atomic<uint64_t> retries{0};        // requests of this transfer sent again
  std::atomic<uint64_t> bytes_resumed{0};  // parts an earlier run had already uploaded
  std::atomic<uint64_t> objects_total{0};
  std::atomic<uint64_t> objects_done{0};
  std::atomic<uint64_t> objects_failed{0};
  std::atomic<uint64_t> objects_skipped{0};
  std::atomic<uint64_t> succeeded_bytes{0};  // payload of objects that completed
  // Their sizes in S3 (smaller than the payload when stored compressed).
  std::atomic<uint64_t> succeeded_stored_bytes{0};
  // Downloads skipped: the object is archived and not restored.
  std::atomic<uint64_t> objects_archived{0};
  // Local entries that cannot be read as files, skipped with a warning.
  std::atomic<uint64_t> objects_unreadable{0};
};

}  // namespace hoist::transfer
