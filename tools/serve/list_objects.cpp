// ListObjectsV2 (list-type=2) and ListObjects (V1): prefix, delimiter, max-keys, pagination
// by continuation-token / start-after (V2) or marker (V1), and encoding-type=url.
#include "sigv4/sha256.h"
#include "sigv4/uri_encode.h"
#include "tools/serve/operations.h"
#include "tools/serve/s3_error.h"
#include "tools/serve/xml_response.h"

namespace hoist::serve {
namespace {

// A continuation token is the hex of the last key returned: opaque to clients, and any key
// (even one with bytes XML cannot carry) survives the round trip.
std::string token_of(const std::string& key) {
  return sigv4::to_hex({reinterpret_cast<const unsigned char*>(key.data()), key.size()});
}

std::optional<std::string> key_of(const std::string& token) {
  if (token.size() % 2 != 0) return std::nullopt;
  std::string key;
  for (size_t i = 0; i < token.size(); i += 2) {
    char* end = nullptr;
    const std::string pair = token.substr(i, 2);
    const long byte = std::strtol(pair.c_str(), &end, 16);
    if (*end != '\0') return std::nullopt;
    key.push_back(static_cast<char>(byte));
  }
  return key;
}


}  // namespace

Result<HttpResponse> list_objects(ObjectStore& store, const Exchange& exchange) {
  const bool v2 = exchange.param_or_empty("list-type") == "2";
  const std::string encoding = exchange.param_or_empty("encoding-type");
  if (!encoding.empty() && encoding != "url") {
    return s3_error(400, "InvalidArgument", "Invalid Encoding Method specified in Request");
  }
  const bool url = encoding == "url";
  const auto text = [url](const std::string& value) {
    return url ? sigv4::uri_encode(value, false) : value;
  };

  ListQuery query;
  query.prefix = exchange.param_or_empty("prefix");
  query.delimiter = exchange.param_or_empty("delimiter");
  if (const std::string* max_keys = exchange.param("max-keys")) {
    char* end = nullptr;
    const long n = std::strtol(max_keys->c_str(), &end, 10);
    if (max_keys->empty() || *end != '\0' || n < 0) {
      return s3_error(400, "InvalidArgument", "max-keys must be a non-negative integer.");
    }
    query.max_keys = static_cast<int>(std::min(n, 1000L));
  }
  const std::string* token = exchange.param("continuation-token");
  const std::string start_after = exchange.param_or_empty(v2 ? "start-after" : "marker");
  query.start_after = start_after;
  if (v2 && token) {
    auto key = key_of(*token);
    if (!key) return s3_error(400, "InvalidArgument", "The continuation token provided is "
                                                      "incorrect");
    query.start_after = *key;
  }

  auto listed = store.list_objects(exchange.target.bucket, query);
  if (!listed.ok()) return listed.error();

  XmlResponse xml("ListBucketResult");
  xml.element("Name", exchange.target.bucket);
  xml.element("Prefix", text(query.prefix));
  if (!query.delimiter.empty()) xml.element("Delimiter", text(query.delimiter));
  xml.element("MaxKeys", std::to_string(query.max_keys));
  if (url) xml.element("EncodingType", "url");
  xml.element("IsTruncated", listed->truncated ? "true" : "false");
  if (v2) {
    xml.element("KeyCount",
                std::to_string(listed->objects.size() + listed->common_prefixes.size()));
    if (token) xml.element("ContinuationToken", *token);
    if (!start_after.empty()) xml.element("StartAfter", text(start_after));
    if (listed->truncated) {
      xml.element("NextContinuationToken", token_of(listed->next_start_after));
    }
  } else {
    xml.element("Marker", text(start_after));
    // S3 sends NextMarker only with a delimiter; without one clients use the last key.
    if (listed->truncated && !query.delimiter.empty()) {
      xml.element("NextMarker", text(listed->next_start_after));
    }
  }
  for (const ObjectInfo& object : listed->objects) {
    xml.open("Contents");
    xml.element("Key", text(object.key));
    xml.element("LastModified", iso8601_time(object.last_modified_ns));
    xml.element("ETag", object.etag);
    xml.element("Size", std::to_string(object.size));
    const std::string& storage = object.attributes.storage_class;
    xml.element("StorageClass", storage.empty() ? "STANDARD" : storage);
    xml.close("Contents");
  }
  for (const std::string& prefix : listed->common_prefixes) {
    xml.open("CommonPrefixes");
    xml.element("Prefix", text(prefix));
    xml.close("CommonPrefixes");
  }
  return xml.done();
}

}  // namespace hoist::serve
