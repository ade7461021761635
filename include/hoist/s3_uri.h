// S3Uri: "s3://bucket/key" split into its parts, with the checks aws-cli makes.
#pragma once

#include <string>
#include <string_view>

#include "hoist/result.h"

namespace hoist {

struct S3Uri {
  std::string bucket;
  std::string key;  // may be empty ("s3://bucket" or "s3://bucket/")

  std::string to_string() const;  // "s3://bucket/key", or "s3://bucket" without a key
};

// The key prefix a recursive verb (cp -r, mv -r, rm -r, sync, verify, restore-request -r) works
// under: "p" and "p/" both name the folder "p/", so "px" and "p2/..." are never touched; ""
// names the whole bucket. aws-cli reads a recursive source the same way. (`ls` alone lists
// by the raw prefix.)
std::string folder_prefix(std::string_view key);

// True when `text` starts with "s3://" (case-sensitive, as aws-cli).
bool is_s3_uri(std::string_view text);

// Splits an s3:// URL. Fails (ErrorKind::kInvalid) with a message naming the URL when the
// scheme is missing, the bucket is empty, or the bucket name breaks S3's naming rules.
Result<S3Uri> parse_s3_uri(std::string_view text);

}  // namespace hoist
