// AWS shared config and credentials files: the INI parser, then the profile lookups that read
// the parsed sections (properties, sub-sections, [services] sections, sso-session). An error
// never quotes the file's text (a broken line may hold a secret key).
#include <string>

#include "engine/config/ini_file.h"
#include "engine/config/shared_config.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  const std::string_view text = fuzz::text_of(data, size);
  auto file = config::IniFile::parse(text, "/fuzz/config");
  if (!file.ok()) {
    const std::string message = file.error().message;
    FUZZ_CHECK(message.starts_with("/fuzz/config:"));
    return 0;
  }
  for (const char* profile : {"default", "dev"}) {
    config::SharedConfig shared(*file, *file, profile);
    (void)shared.has_profile(profile);
    (void)shared.get("region");
    (void)shared.get("aws_access_key_id");
    (void)shared.get("s3", "addressing_style");
    (void)shared.service_setting("s3", "endpoint_url");
    (void)shared.sso_session("dev");
    if (const config::IniSection* section = shared.config_section()) {
      (void)section->get("s3", "max_concurrent_requests");
    }
  }
  return 0;
}
