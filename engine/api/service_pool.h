// ServicePool: the s3::Services (each an event loop with connections of its own) that a
// Client's calls borrow. A caller on one thread keeps reusing one Service and its warm
// connections; calls made from several threads at once each get a Service of their own, so
// the Client may be used from many threads without a lock held across a request.
#pragma once

#include <memory>
#include <vector>

#include "base/mutex.h"
#include "engine/s3/service.h"

namespace hoist::api {

class ServicePool {
 public:
  ServicePool(s3::ServiceOptions options, s3::CredentialsSource credentials);
  ServicePool(const ServicePool&) = delete;
  ServicePool& operator=(const ServicePool&) = delete;

  // A Service for one caller until the lease ends; then it waits, connections open, for the
  // next caller. REQUIRES: the pool outlives the lease.
  class Lease {
   public:
    Lease(ServicePool* pool, std::unique_ptr<s3::Service> service)
        : pool_(pool), service_(std::move(service)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    s3::Service& operator*() const { return *service_; }
    s3::Service* operator->() const { return service_.get(); }

   private:
    ServicePool* pool_;
    std::unique_ptr<s3::Service> service_;
  };
  Lease lease();

  // What every Service of this pool (and every engine thread of the Client's transfers) is
  // built from.
  const s3::ServiceOptions& options() const { return options_; }
  const s3::CredentialsSource& credentials() const { return credentials_; }

 private:
  void give_back(std::unique_ptr<s3::Service> service);

  const s3::ServiceOptions options_;
  const s3::CredentialsSource credentials_;
  base::Mutex mutex_;
  std::vector<std::unique_ptr<s3::Service>> idle_ GUARDED_BY(mutex_);
};

}  // namespace hoist::api
