// Role profiles: a profile with role_arn whose credentials come from STS AssumeRole, signed
// with the credentials of its source, as the AWS CLI resolves them:
//   source_profile = NAME      the credentials of profile NAME: its static keys if it has
//                              any; else, if NAME is itself a role profile, that role (roles
//                              chain); else whatever NAME's profile-based sources yield (web
//                              identity, SSO, the credentials file, credential_process, the
//                              config file). A profile may name itself only when it has keys.
//   credential_source = X      Environment, Ec2InstanceMetadata or EcsContainer
// and external_id, duration_seconds, role_session_name passed on to STS. mfa_serial is
// refused: hoist runs unattended and cannot prompt for an MFA code.
//
// Everything is decided when the provider is built: a broken configuration (a cycle, a
// missing source profile, mfa_serial) becomes a provider whose fetch() fails with the reason,
// so the chain reports it only if it gets that far.
#pragma once

#include <memory>
#include <vector>

#include "engine/config/credentials_provider.h"
#include "engine/config/environment.h"
#include "engine/config/instance_metadata_client.h"
#include "engine/config/shared_config.h"
#include "engine/config/sts_client.h"

namespace hoist::config {

// The assume-role link of the default chain for `shared`'s selected profile: its fetch() is
// not_found unless the profile has role_arn (without web_identity_token_file, which makes it
// a web identity profile instead). `sts` is where AssumeRole goes (its error, if any, is
// reported only when a role is actually used). The provider does not refer to `env` or
// `shared` after the call.
// REQUIRES: metadata != nullptr.
std::unique_ptr<CredentialsProvider> role_profile_provider(
    const Environment& env, const SharedConfig& shared,
    std::shared_ptr<InstanceMetadataClient> metadata, const Result<StsEndpoint>& sts);

// The providers that read `shared`'s selected profile, in the AWS CLI's order: web identity,
// SSO, the credentials file, credential_process, the config file. The default chain uses them
// for the selected profile (web identity settings from the environment too, unless a profile
// was named explicitly), and a role profile for a source profile that is not itself a role
// (never from the environment). `env` also supplies the home directory (the SSO token cache)
// and the SSO endpoint settings.
std::vector<std::unique_ptr<CredentialsProvider>> profile_providers(
    const Environment& env, bool web_identity_from_environment, const SharedConfig& shared,
    const Result<StsEndpoint>& sts);

}  // namespace hoist::config
