// Client::restore_object: RestoreObject, with S3's three answers that are not failures.
#include "engine/s3/restore_object.h"

#include "engine/api/client_impl.h"
#include "engine/transfer/local_error.h"
#include "hoist/storage_class.h"

namespace hoist {

Result<RestoreStatus> Client::restore_object(const std::string& bucket, const std::string& key,
                                             int days, const std::string& tier) {
  if (days < 1) {
    return transfer::invalid_input("InvalidArgument",
                                   "days must be 1 or more, not " + std::to_string(days));
  }
  if (!is_restore_tier(tier)) {
    return transfer::invalid_input("InvalidArgument",
                                   "'" + tier + "' is not a tier (Standard, Bulk or Expedited)");
  }
  auto response = impl_->execute(s3::restore_object({bucket, key, days, tier}));
  if (!response.ok()) {
    if (response.error().code == "RestoreAlreadyInProgress") return RestoreStatus::kInProgress;
    return response.error();
  }
  return s3::restore_started(*response) ? RestoreStatus::kRequested
                                        : RestoreStatus::kAlreadyRestored;
}

}  // namespace hoist
