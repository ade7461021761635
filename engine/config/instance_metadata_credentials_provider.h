// InstanceMetadataCredentialsProvider: the credentials of the IAM role attached to the EC2
// instance, from the instance metadata service:
//   GET /latest/meta-data/iam/security-credentials/         -> the role name
//   GET /latest/meta-data/iam/security-credentials/<role>   -> JSON AccessKeyId,
//                                                   SecretAccessKey, Token, Expiration
// The last link of the default chain.
#pragma once

#include <memory>

#include "engine/config/credentials_provider.h"
#include "engine/config/instance_metadata_client.h"

namespace hoist::config {

class InstanceMetadataCredentialsProvider final : public CredentialsProvider {
 public:
  // REQUIRES: client != nullptr.
  explicit InstanceMetadataCredentialsProvider(std::shared_ptr<InstanceMetadataClient> client);

  // not_found when the service is disabled or unreachable or the instance has no role;
  // failed when the service answers with something that is not usable credentials.
  Result<Credentials> fetch() override;

 private:
  std::shared_ptr<InstanceMetadataClient> client_;
};

}  // namespace hoist::config
