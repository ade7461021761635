// Task: one unit of work the engine's threads pull from the shared WorkQueue: a part to
// upload or download, a small object, or a control call (CreateMultipartUpload, Complete,
// Abort, HeadObject). It starts on one Worker, and the continuations of the requests it
// sends run on that same worker's thread.
#pragma once

#include <functional>

#include "io/buffer_pool.h"

namespace hoist::transfer {

class Worker;

struct Task {
  // Data tasks carry bytes and start with a pooled buffer that they must hand back with
  // Worker::release(); control tasks get none (buffer.data == nullptr).
  bool needs_buffer = false;
  std::function<void(Worker& worker, io::PoolBuffer buffer)> run;
  // A data request that needs no buffer (its bytes stream through checks and are not kept):
  // it waits for room under the concurrency, as buffered data tasks do, but not for memory.
  bool needs_slot = false;
};

}  // namespace hoist::transfer
