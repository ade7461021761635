// ExplicitOptions: what the user said directly (command-line flags, or the fields an
// embedding tool sets on hoist's public Config). Each one, when set, wins over every
// environment variable and file. Empty strings mean "not given".
#pragma once

#include <string>

namespace hoist::config {

struct ExplicitOptions {
  std::string profile;           // --profile
  std::string region;            // --region
  std::string endpoint_url;      // --endpoint-url
  std::string addressing_style;  // "auto", "path" or "virtual"

  // Send requests unsigned (public buckets) and look for no credentials at all.
  bool anonymous = false;  // --no-sign-request

  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
};

}  // namespace hoist::config
