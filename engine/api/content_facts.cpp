#include "engine/api/content_facts.h"

#include <cctype>
#include <cstdlib>

#include "engine/transfer/content_encoding.h"
#include "engine/transfer/upload_headers.h"

namespace hoist::api {
namespace {

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

ContentFacts content_facts(const s3::ObjectMetadata& meta) {
  ContentFacts facts;
  facts.size = meta.content_length;
  facts.codec = transfer::codec_for_encoding(meta.content_encoding);
  if (auto text = http::find_header(meta.user_metadata, transfer::kUncompressedSizeMetadata)) {
    facts.compressed = true;
    facts.size = std::strtoull(std::string(*text).c_str(), nullptr, 10);
  } else if (facts.codec) {
    facts.compressed = true;  // encoded by another tool, which kept no size
    facts.size_known = false;
  }
  if (auto text = http::find_header(meta.user_metadata, transfer::kMtimeMetadata)) {
    facts.mtime_ns = transfer::parse_mtime(*text);
  }
  if (meta.checksum_type != "COMPOSITE" && !meta.checksums.empty()) {
    facts.stored_checksum_algorithm = upper(meta.checksums.front().first);
    facts.stored_checksum = meta.checksums.front().second;
    if (!facts.compressed) {
      facts.checksum_algorithm = facts.stored_checksum_algorithm;
      facts.checksum = facts.stored_checksum;
    }
  }
  return facts;
}

std::string unquoted_etag(const std::string& etag) { return std::string(s3::unquoted_etag(etag)); }

bool is_plain_md5(const std::string& etag) {
  if (etag.size() != 32) return false;
  for (char c : etag) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace hoist::api
