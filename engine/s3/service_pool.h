// ServicePool: the Services (each an event loop with connections of its own) that a
// Client's calls borrow. A caller on one thread keeps reusing one Service and its warm
// connections; calls made from several threads at once each get a Service of their own, so
// the Client may be used from many threads without a lock held across a request.
#pragma once

#include <memory>
#include <vector>

#include "base/mutex.h"
#include "engine/s3/service.h"

namespace hoist::s3 {

class ServicePool {
 public:
  ServicePool(ServiceOptions options, CredentialsSource credentials);
  ServicePool(const ServicePool&) = delete;
  ServicePool& operator=(const ServicePool&) = delete;

  // A Service for one caller until the lease ends; then it waits, connections open, for the
  // next caller. REQUIRES: the pool outlives the lease, and the Service has nothing in flight
  // when the lease ends (else discard() it).
  class Lease {
   public:
    Lease(ServicePool* pool, std::unique_ptr<Service> service)
        : pool_(pool), service_(std::move(service)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Service& operator*() const { return *service_; }
    Service* operator->() const { return service_.get(); }
    // Drops the Service instead of handing it back: requests still in flight on it (a
    // cancelled transfer's) go with it, never reaching the next caller.
    void discard() { service_.reset(); }

   private:
    ServicePool* pool_;
    std::unique_ptr<Service> service_;
  };
  Lease lease();

  // What every Service of this pool (and every engine thread of the Client's transfers) is
  // built from.
  const ServiceOptions& options() const { return options_; }
  const CredentialsSource& credentials() const { return credentials_; }

 private:
  void give_back(std::unique_ptr<Service> service);

  const ServiceOptions options_;
  const CredentialsSource credentials_;
  base::Mutex mutex_;
  std::vector<std::unique_ptr<Service>> idle_ GUARDED_BY(mutex_);
};

}  // namespace hoist::s3
