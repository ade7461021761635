#include "engine/config/shared_config.h"

#include <utility>

namespace hoist::config {
namespace {

constexpr std::string_view kDefaultProfile = "default";

// Where a file lives: the variable if set (with "~/" expanded, as the AWS CLI does), else
// the file under ~/.aws. Empty when neither is known.
std::string file_path(const Environment& env, std::string_view variable, std::string_view name) {
  std::optional<std::string> home = env.home_directory();
  if (std::optional<std::string> path = env.get(variable)) {
    if (home && (*path == "~" || path->rfind("~/", 0) == 0)) return *home + path->substr(1);
    return *path;
  }
  if (!home) return std::string();
  return *home + "/.aws/" + std::string(name);
}

Result<IniFile> read_optional(const std::string& path) {
  if (path.empty()) return IniFile();
  Result<IniFile> file = IniFile::read(path);
  if (!file.ok() && is_not_found(file.error())) return IniFile();
  return file;
}

const IniSection* config_profile_section(const IniFile& file, std::string_view profile) {
  const IniSection* section = file.section("profile " + std::string(profile));
  if (section == nullptr && profile == kDefaultProfile) section = file.section(kDefaultProfile);
  return section;
}

std::string describe_missing_profile(const std::string& profile, const std::string& credentials_path,
                                     const std::string& config_path, const IniFile& config) {
  std::string message = "profile '" + profile + "' not found in ";
  message += credentials_path.empty() ? "(no credentials file)" : credentials_path;
  message += ", ";
  message += config_path.empty() ? "(no config file)" : config_path;
  // A common slip: the config file spells profiles "[profile name]", unlike the
  // credentials file.
  if (config.section(profile) != nullptr) {
    message += " (" + config_path + " has [" + profile + "]; in the config file it must be [profile " +
               profile + "])";
  }
  return message;
}

}  // namespace

Result<SharedConfig> SharedConfig::load(const Environment& env, std::string_view explicit_profile) {
  std::string credentials_path = file_path(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  std::string config_path = file_path(env, "AWS_CONFIG_FILE", "config");
  Result<IniFile> credentials = read_optional(credentials_path);
  if (!credentials.ok()) return credentials.error();
  Result<IniFile> config = read_optional(config_path);
  if (!config.ok()) return config.error();

  std::optional<std::string> profile =
      explicit_profile.empty() ? env.get("AWS_PROFILE") : std::string(explicit_profile);
  bool named = profile.has_value();
  SharedConfig shared(std::move(credentials).value(), std::move(config).value(),
                      profile.value_or(std::string(kDefaultProfile)));
  if (named && shared.credentials_section() == nullptr && shared.config_section() == nullptr) {
    return failed(describe_missing_profile(shared.profile_, credentials_path, config_path,
                                           shared.config_file_));
  }
  return shared;
}

SharedConfig::SharedConfig(IniFile credentials_file, IniFile config_file, std::string profile)
    : credentials_file_(std::move(credentials_file)),
      config_file_(std::move(config_file)),
      profile_(std::move(profile)) {}

const IniSection* SharedConfig::credentials_section() const {
  return credentials_file_.section(profile_);
}

const IniSection* SharedConfig::config_section() const {
  return config_profile_section(config_file_, profile_);
}

SharedConfig SharedConfig::with_profile(std::string name) const {
  return SharedConfig(credentials_file_, config_file_, std::move(name));
}

bool SharedConfig::has_profile(std::string_view name) const {
  return credentials_file_.section(name) != nullptr || config_profile_section(config_file_, name) != nullptr;
}

const IniSection* SharedConfig::sso_session(std::string_view name) const {
  return config_file_.section("sso-session " + std::string(name));
}

std::string SharedConfig::origin(const IniFile& file) const {
  return "profile '" + profile_ + "' in " + file.path();
}

std::optional<Setting> SharedConfig::get(std::string_view key) const {
  if (const IniSection* section = credentials_section()) {
    if (std::optional<std::string> value = section->get(key)) {
      return Setting{std::move(*value), origin(credentials_file_)};
    }
  }
  if (const IniSection* section = config_section()) {
    if (std::optional<std::string> value = section->get(key)) {
      return Setting{std::move(*value), origin(config_file_)};
    }
  }
  return std::nullopt;
}

std::optional<Setting> SharedConfig::get(std::string_view subsection, std::string_view key) const {
  const IniSection* section = config_section();
  if (section == nullptr) return std::nullopt;
  std::optional<std::string> value = section->get(subsection, key);
  if (!value) return std::nullopt;
  return Setting{std::move(*value), origin(config_file_)};
}

std::optional<Setting> SharedConfig::service_setting(std::string_view service,
                                                     std::string_view key) const {
  const IniSection* profile = config_section();
  if (profile == nullptr) return std::nullopt;
  std::optional<std::string> services = profile->get("services");
  if (!services) return std::nullopt;
  const IniSection* section = config_file_.section("services " + *services);
  if (section == nullptr) return std::nullopt;
  std::optional<std::string> value = section->get(service, key);
  if (!value) return std::nullopt;
  return Setting{std::move(*value), "[services " + *services + "] in " + config_file_.path()};
}

}  // namespace hoist::config
