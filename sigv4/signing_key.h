// The SigV4 signing key: HMAC-SHA256 chained over the date, region, service and
// "aws4_request", starting from "AWS4" + secret. It changes once a day per scope, which is
// why SigningKeyCache keeps it; deriving it costs four HMACs.
#pragma once

#include <string_view>

#include "sigv4/sha256.h"

namespace hoist::sigv4 {

using SigningKey = Digest;

// REQUIRES: date is "YYYYMMDD".
SigningKey signing_key(std::string_view secret_access_key, std::string_view date,
                       std::string_view region, std::string_view service);

}  // namespace hoist::sigv4
