#include "engine/config/assume_role_provider.h"

#include <utility>

namespace hoist::config {

AssumeRoleProvider::AssumeRoleProvider(std::string profile,
                                       std::unique_ptr<CredentialsProvider> source, StsClient sts,
                                       AssumeRoleParameters parameters)
    : profile_(std::move(profile)),
      source_(std::move(source)),
      sts_(std::move(sts)),
      parameters_(std::move(parameters)) {}

Result<Credentials> AssumeRoleProvider::fetch() {
  Result<Credentials> source = source_->fetch();
  if (!source.ok()) {
    return failed("profile '" + profile_ + "': no credentials to assume role " +
                  parameters_.role_arn + " with: " + source.error().message);
  }
  Result<Credentials> role = sts_.assume_role(source.value(), parameters_, kSourceAssumeRole);
  if (!role.ok()) return failed("profile '" + profile_ + "': " + role.error().message);
  return role;
}

}  // namespace hoist::config
