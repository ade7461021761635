// Setting: a configuration value together with the place it was found ("AWS_REGION",
// "--region", "profile 'dev' in /home/u/.aws/config"), so --debug can say why hoist used it.
#pragma once

#include <string>

namespace hoist::config {

struct Setting {
  std::string value;
  std::string source;
};

}  // namespace hoist::config
