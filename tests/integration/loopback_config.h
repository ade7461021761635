// The Config of a Client under test that talks to a server of the test's own on loopback
// (hoist serve, ScriptedS3): its endpoint and keys, path-style addressing, us-east-1, and
// nothing taken from the machine's profile.
#pragma once

#include <string>

#include "hoist/config.h"

namespace hoist::test {

inline Config loopback_config(const std::string& endpoint, const std::string& access_key,
                              const std::string& secret_key) {
  Config config;
  config.access_key_id = access_key;
  config.secret_access_key = secret_key;
  config.region = "us-east-1";
  config.endpoint_url = endpoint;
  config.addressing_style = "path";
  return config;
}

}  // namespace hoist::test
