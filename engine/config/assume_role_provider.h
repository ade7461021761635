// AssumeRoleProvider: credentials of an IAM role, from STS AssumeRole signed with the
// credentials of another source: the profile named by a role profile's source_profile
// (static keys, or itself a role: chains of roles are providers of providers), or the
// source its credential_source names (Environment, Ec2InstanceMetadata, EcsContainer).
// Built by role_profile.h; RefreshingCredentials calls fetch() again before the role's
// credentials expire, and each fetch asks the source anew, so a source with temporary
// credentials of its own is refreshed along the way.
#pragma once

#include <memory>
#include <string>

#include "engine/config/credentials_provider.h"
#include "engine/config/sts_client.h"

namespace hoist::config {

class AssumeRoleProvider final : public CredentialsProvider {
 public:
  // `profile` names the role profile in error messages.
  // REQUIRES: source != nullptr.
  AssumeRoleProvider(std::string profile, std::unique_ptr<CredentialsProvider> source,
                     StsClient sts, AssumeRoleParameters parameters);

  // failed when the source yields nothing (not_found included: the profile asked for it)
  // or STS refuses; the message names the profile and the role.
  Result<Credentials> fetch() override;

 private:
  std::string profile_;
  std::unique_ptr<CredentialsProvider> source_;
  StsClient sts_;
  AssumeRoleParameters parameters_;
};

}  // namespace hoist::config
