// The checksum a download is verified against: the object's stored whole-object value, from
// the headers HeadObject or GetObject return with x-amz-checksum-mode: ENABLED.
#pragma once

#include <string>

#include "engine/checksum/algorithm.h"
#include "engine/http/message.h"

namespace hoist::transfer {

struct ExpectedChecksum {
  checksum::Algorithm algorithm = checksum::Algorithm::none;  // none: nothing to verify
  std::string value;                                          // base64
};

// The strongest full-object checksum in `headers`. A COMPOSITE value ("<base64>-<parts>")
// covers parts whose boundaries a download does not know, so it is not used.
ExpectedChecksum expected_checksum(const http::Headers& headers);

}  // namespace hoist::transfer
