#include "engine/api/background_transfer.h"

#include <algorithm>
#include <system_error>

namespace hoist::api {

BackgroundRun::~BackgroundRun() { join(); }

void BackgroundRun::launch(std::function<void()> body) {
  base::MutexLock lock(join_mutex_);
  try {
    thread_ = std::thread(std::move(body));
  } catch (const std::system_error& e) {
    not_started(e.what());  // no exception leaves a start_* call
  }
}

void BackgroundRun::join() {
  base::MutexLock lock(join_mutex_);
  if (thread_.joinable()) thread_.join();
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
