#include "hoist/s3_uri.h"

namespace hoist {
namespace {

constexpr std::string_view kScheme = "s3://";

Error invalid_uri(std::string_view text, std::string reason) {
  return Error::make(ErrorKind::kInvalid, "InvalidURI",
                     "'" + std::string(text) + "' is not a valid S3 URL: " + std::move(reason));
}

// aws-cli accepts legacy names too (upper case, '_'), so refuse only what S3 never allows.
bool is_bucket_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

}  // namespace

std::string S3Uri::to_string() const {
  return key.empty() ? std::string(kScheme) + bucket : std::string(kScheme) + bucket + "/" + key;
}

std::string folder_prefix(std::string_view key) {
  if (key.empty() || key.back() == '/') return std::string(key);
  return std::string(key) + '/';
}

bool is_s3_uri(std::string_view text) { return text.starts_with(kScheme); }

Result<S3Uri> parse_s3_uri(std::string_view text) {
  if (!is_s3_uri(text)) return invalid_uri(text, "it must start with s3://");
  std::string_view rest = text.substr(kScheme.size());
  auto slash = rest.find('/');
  std::string_view bucket = rest.substr(0, slash);
  if (bucket.empty()) return invalid_uri(text, "the bucket name is empty");
  if (bucket.size() > 255) return invalid_uri(text, "the bucket name is too long");
  for (char c : bucket) {
    if (!is_bucket_char(c)) {
      return invalid_uri(text, "the bucket name has the character '" + std::string(1, c) + "'");
    }
  }
  S3Uri uri;
  uri.bucket = std::string(bucket);
  if (slash != std::string_view::npos) uri.key = std::string(rest.substr(slash + 1));
  return uri;
}

}  // namespace hoist
