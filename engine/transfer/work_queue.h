// WorkQueue: the tasks waiting for an engine thread. Control tasks go first; data tasks wait
// for room under the concurrency and, unless they stream (Task::needs_slot), a free buffer. Parts of objects already started are queued ahead of
// new objects ("urgent"), so open multipart uploads finish before more are begun.
//
// Thread-safe: the coordinator and every worker push; workers pop.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

#include "base/mutex.h"
#include "engine/transfer/task.h"

namespace hoist::transfer {

class WorkQueue {
 public:
  void push(Task task, bool urgent);
  // Queues `tasks` in their order, all ahead of or all behind what is waiting.
  void push_all(std::vector<Task> tasks, bool urgent);

  // The next task a worker can start: a control task, else (only with `have_room`) a streamed
  // data task, else (only with `have_buffer` too) a buffered one; nullopt when there is none.
  std::optional<Task> pop(bool have_room, bool have_buffer);

  bool has_control() const;
  bool has_streamed() const;  // data tasks that need room but no buffer
  bool has_data() const;      // data tasks that need a buffer
  size_t size() const;
  // Drops every waiting task (cancellation).
  void clear();

 private:
  mutable base::Mutex mutex_;
  std::deque<Task> control_ GUARDED_BY(mutex_);
  std::deque<Task> streamed_ GUARDED_BY(mutex_);
  std::deque<Task> data_ GUARDED_BY(mutex_);

  std::deque<Task>& queue_for(const Task& task) REQUIRES(mutex_);
};

}  // namespace hoist::transfer
