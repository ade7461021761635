// The vocabulary of listings: buckets, objects and pages of a listing, and multipart uploads
// in progress, as Client's calls return them. In a header of their own so that code that
// only handles listings (the sync diff, say) need not see the whole Client.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hoist {

struct BucketInfo {
  std::string name;
  std::string creation_date;  // ISO 8601
};

struct ObjectInfo {
  std::string key;
  uint64_t size = 0;
  std::string etag;
  std::string last_modified;  // ISO 8601 in listings, RFC 1123 from HeadObject
  std::string storage_class;
  std::string checksum_algorithm;  // "CRC32C" etc., when the object has a stored checksum
  std::string checksum_value;      // base64
};

struct ListRequest {
  std::string bucket;
  std::string prefix;
  std::string delimiter;  // "/" to group keys into common prefixes, as `hoist ls` does
  std::string continuation_token;
  int max_keys = 1000;
};

struct ListPage {
  std::vector<ObjectInfo> objects;
  std::vector<std::string> common_prefixes;
  std::string next_continuation_token;  // empty on the last page
};

// A multipart upload that was started and neither completed nor aborted.
struct MultipartUploadInfo {
  std::string key;
  std::string upload_id;
  std::string initiated;  // ISO 8601
  std::string storage_class;
};

}  // namespace hoist
