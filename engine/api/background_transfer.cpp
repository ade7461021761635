#include "engine/api/background_transfer.h"

#include <algorithm>
#include <system_error>

namespace hoist::api {

BackgroundRun::~BackgroundRun() { release_thread(); }

void BackgroundRun::launch(std::function<void()> body) {
  base::MutexLock lock(join_mutex_);
  try {
    thread_ = std::thread([this, body = std::move(body)] {
      thread_id_.store(std::this_thread::get_id());
      body();
    });
  } catch (const std::system_error& e) {
    not_started(e.what());  // no exception leaves a start_* call
  }
}

void BackgroundRun::join() {
  if (on_own_thread()) return;
  base::MutexLock lock(join_mutex_);
  if (thread_.joinable()) thread_.join();
}

void BackgroundRun::release_thread() {
  if (!on_own_thread()) return join();
  // The last reference went with the thread's own closure: nobody else can be joining.
  base::MutexLock lock(join_mutex_);
  if (thread_.joinable()) thread_.detach();
}

void BackgroundRegistry::add(const std::shared_ptr<BackgroundRun>& run) {
  base::MutexLock lock(mutex_);
  std::erase_if(runs_, [](const std::weak_ptr<BackgroundRun>& r) { return r.expired(); });
  runs_.push_back(run);
}

void BackgroundRegistry::stop_all() {
  std::vector<std::shared_ptr<BackgroundRun>> running;
  {
    base::MutexLock lock(mutex_);
    for (const auto& r : runs_) {
      if (auto run = r.lock()) running.push_back(std::move(run));
    }
    runs_.clear();
  }
  for (const auto& run : running) run->stop.store(true);
  for (const auto& run : running) run->join();
}

}  // namespace hoist::api
