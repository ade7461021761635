#include "engine/transfer/work_queue.h"

namespace hoist::transfer {

std::deque<Task>& WorkQueue::queue_for(const Task& task) {
  return task.needs_buffer ? data_ : task.needs_slot ? streamed_ : control_;
}

void WorkQueue::push(Task task, bool urgent) {
  base::MutexLock lock(mutex_);
  auto& queue = queue_for(task);
  if (urgent) {
    queue.push_front(std::move(task));
  } else {
    queue.push_back(std::move(task));
  }
}

void WorkQueue::push_all(std::vector<Task> tasks, bool urgent) {
  base::MutexLock lock(mutex_);
  for (size_t i = 0; i < tasks.size(); ++i) {
    // Urgent tasks go to the front in reverse so that they come out in the order given.
    Task& task = urgent ? tasks[tasks.size() - 1 - i] : tasks[i];
    auto& queue = queue_for(task);
    if (urgent) {
      queue.push_front(std::move(task));
    } else {
      queue.push_back(std::move(task));
    }
  }
}

std::optional<Task> WorkQueue::pop(bool have_room, bool have_buffer) {
  base::MutexLock lock(mutex_);
  std::deque<Task>* queue = !control_.empty()                            ? &control_
                            : have_room && !streamed_.empty()            ? &streamed_
                            : have_room && have_buffer && !data_.empty() ? &data_
                                                                         : nullptr;
  if (!queue) return std::nullopt;
  Task task = std::move(queue->front());
  queue->pop_front();
  return task;
}

bool WorkQueue::has_control() const {
  base::MutexLock lock(mutex_);
  return !control_.empty();
}

bool WorkQueue::has_streamed() const {
  base::MutexLock lock(mutex_);
  return !streamed_.empty();
}

bool WorkQueue::has_data() const {
  base::MutexLock lock(mutex_);
  return !data_.empty();
}

size_t WorkQueue::size() const {
  base::MutexLock lock(mutex_);
  return control_.size() + streamed_.size() + data_.size();
}

void WorkQueue::clear() {
  base::MutexLock lock(mutex_);
  control_.clear();
  streamed_.clear();
  data_.clear();
}

}  // namespace hoist::transfer
