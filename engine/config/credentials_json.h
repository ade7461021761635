// Reading the JSON documents that dynamic credential sources answer with: credential_process
// output, the container agent and the EC2 instance metadata service all send AccessKeyId,
// SecretAccessKey, a session token and an Expiration, differing only in the token's name.
//
// Error messages name the document and the field, never a value: these documents hold
// secrets.
#pragma once

#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "engine/config/credentials.h"
#include "engine/config/result.h"

namespace hoist::config {

// `body` as a JSON object; failed("<what>: ...") when it is not one.
Result<nlohmann::json> parse_json_object(std::string_view body, std::string_view what);

// Credentials from `document`, labelled `source`. `token_field` is "SessionToken" for
// credential_process and "Token" for the container and metadata services. A missing
// Expiration means the keys do not expire; a present one must be an ISO 8601 time.
Result<Credentials> credentials_from_json(const nlohmann::json& document, std::string_view token_field,
                                          std::string_view what, std::string_view source);

}  // namespace hoist::config
