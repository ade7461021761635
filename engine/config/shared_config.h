// SharedConfig: the AWS shared credentials and config files, and the one profile selected
// from them. Providers and resolvers read profile settings through it and never open the
// files themselves, so both files are read once and a broken file is reported once.
//
// Thread-safe after construction (read-only).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/config/environment.h"
#include "engine/config/ini_file.h"
#include "engine/config/result.h"
#include "engine/config/setting.h"

namespace hoist::config {

class SharedConfig {
 public:
  // Reads AWS_SHARED_CREDENTIALS_FILE (default ~/.aws/credentials) and AWS_CONFIG_FILE
  // (default ~/.aws/config); a missing file counts as empty. Selects `explicit_profile` if it
  // is non-empty, else AWS_PROFILE, else "default".
  // Fails when a file is unreadable or malformed, or when a profile that was asked for by
  // name is in neither file ("profile 'x' not found in <files>"). A missing "default"
  // profile is not an error: other sources may supply everything.
  static Result<SharedConfig> load(const Environment& env, std::string_view explicit_profile);

  // From files already parsed (empty IniFile for an absent file).
  SharedConfig(IniFile credentials_file, IniFile config_file, std::string profile);

  const std::string& profile() const { return profile_; }

  // The same files with profile `name` selected instead: how a role profile reaches the
  // profile named by its source_profile.
  SharedConfig with_profile(std::string name) const;

  // True when either file has a section for profile `name`.
  bool has_profile(std::string_view name) const;

  // The [sso-session <name>] section of the config file; nullptr when there is none.
  const IniSection* sso_session(std::string_view name) const;
  const std::string& credentials_path() const { return credentials_file_.path(); }
  const std::string& config_path() const { return config_file_.path(); }

  // The profile's section in each file ([name] in credentials, [profile name] or [default]
  // in config); nullptr when that file does not have it.
  const IniSection* credentials_section() const;
  const IniSection* config_section() const;

  // A profile setting, looked up in the credentials file first and then in the config file:
  // the AWS CLI merges a profile from both files, the credentials file winning.
  std::optional<Setting> get(std::string_view key) const;

  // A sub-section setting from the config file profile, e.g. get("s3", "addressing_style").
  std::optional<Setting> get(std::string_view subsection, std::string_view key) const;

  // A setting for one service from the [services <name>] section that the profile names
  // with `services = <name>`, e.g. service_setting("s3", "endpoint_url").
  std::optional<Setting> service_setting(std::string_view service, std::string_view key) const;

 private:
  std::string origin(const IniFile& file) const;

  IniFile credentials_file_;
  IniFile config_file_;
  std::string profile_;
};

}  // namespace hoist::config
