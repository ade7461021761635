// ListObjectsV2: one page of keys under a prefix, grouped by a delimiter when asked.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/http/message.h"
#include "engine/s3/operation.h"
#include "hoist/result.h"

namespace hoist::s3 {

struct ListObjectsV2Input {
  std::string bucket;
  std::string prefix;
  std::string delimiter;
  std::string continuation_token;
  std::string start_after;
  int max_keys = 1000;
};

struct ObjectEntry {
  std::string key;
  uint64_t size = 0;
  std::string etag;
  std::string last_modified;  // ISO 8601 as sent
  std::string storage_class;
};

struct ListObjectsV2Page {
  std::vector<ObjectEntry> objects;
  std::vector<std::string> common_prefixes;
  bool is_truncated = false;
  std::string next_continuation_token;
};

// Asks for encoding-type=url so that keys with characters XML cannot carry survive.
Operation list_objects_v2(const ListObjectsV2Input& input);

// Decodes keys and prefixes when the response says they were URL-encoded (a server that
// ignores encoding-type sends them raw, and decoding those would corrupt '+' and '%').
Result<ListObjectsV2Page> parse_list_objects_v2(const http::Response& response,
                                                const Operation& op);

}  // namespace hoist::s3
