#include "engine/s3/object_metadata.h"

#include <charconv>
#include <string_view>

namespace hoist::s3 {
namespace {

std::optional<uint64_t> to_size(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      value > kMaxObjectSize) {
    return std::nullopt;
  }
  return value;
}

uint64_t to_u64(std::string_view text) {
  uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace

ObjectMetadata parse_object_metadata(const http::Headers& headers) {
  constexpr std::string_view kMetaPrefix = "x-amz-meta-";
  constexpr std::string_view kChecksumPrefix = "x-amz-checksum-";
  ObjectMetadata m;
  for (const auto& [name, value] : headers) {  // names arrive lowercased
    if (name == "content-length") {
      if (auto size = to_size(value)) {
        m.content_length = *size;
      } else {
        m.implausible_content_length = value;
      }
    } else if (name == "etag") {
      m.etag = value;
    } else if (name == "content-type") {
      m.content_type = value;
    } else if (name == "last-modified") {
      m.last_modified = value;
    } else if (name == "x-amz-storage-class") {
      m.storage_class = value;
    } else if (name == "x-amz-version-id") {
      m.version_id = value;
    } else if (name == "content-range") {
      // "bytes 0-99/1234"
      if (auto slash = value.rfind('/'); slash != std::string::npos && value.back() != '*') {
        m.range_total = to_u64(std::string_view(value).substr(slash + 1));
      }
    } else if (name == "x-amz-checksum-type") {
      m.checksum_type = value;
    } else if (name.starts_with(kChecksumPrefix)) {
      m.checksums.emplace_back(name.substr(kChecksumPrefix.size()), value);
    } else if (name == "content-encoding") {
      m.content_encoding = value;
    } else if (name.starts_with(kMetaPrefix)) {
      m.user_metadata.emplace_back(name.substr(kMetaPrefix.size()), value);
    }
  }
  return m;
}

std::string_view unquoted_etag(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return etag;
}

std::optional<Error> implausible_size(const ObjectMetadata& meta, std::string_view operation) {
  if (meta.implausible_content_length.empty()) return std::nullopt;
  return Error::make(ErrorKind::kService, "MalformedResponse",
                     std::string(operation) + ": Content-Length \"" +
                         meta.implausible_content_length +
                         "\" is not an object size S3 can have (at most " +
                         std::to_string(kMaxObjectSize) + " bytes)");
}

}  // namespace hoist::s3
