// User metadata (x-amz-meta-*) as a caller writes it: aws-cli's shorthand "k1=v1,k2=v2" or
// a JSON object {"k1":"v1"}, checked against what S3 and HTTP accept.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hoist/result.h"

namespace hoist::api {

using MetadataPairs = std::vector<std::pair<std::string, std::string>>;

// The (name, value) pairs in order, names lowercased as S3 stores them. InvalidArgument,
// naming --metadata and the reason, for text that is neither form, an empty, duplicate or
// non-token name, a name hoist writes itself (mtime, mode, hoist-*), a value that is not
// printable ASCII, or more than S3's 2 KB of user metadata.
Result<MetadataPairs> parse_user_metadata(std::string_view text);

}  // namespace hoist::api
