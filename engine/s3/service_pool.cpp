#include "engine/s3/service_pool.h"

namespace hoist::s3 {

ServicePool::ServicePool(ServiceOptions options, CredentialsSource credentials)
    : options_(std::move(options)), credentials_(std::move(credentials)) {}

ServicePool::Lease::~Lease() {
  if (service_) pool_->give_back(std::move(service_));
}

ServicePool::Lease ServicePool::lease() {
  {
    base::MutexLock lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Service> service = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(service));
    }
  }
  return Lease(this, std::make_unique<Service>(options_, credentials_));
}

void ServicePool::give_back(std::unique_ptr<Service> service) {
  base::MutexLock lock(mutex_);
  idle_.push_back(std::move(service));
}

}  // namespace hoist::s3
