// ListParts: the parts S3 holds for a multipart upload (to resume one), a page at a time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/http/message.h"
#include "engine/s3/operation.h"
#include "hoist/result.h"

namespace hoist::s3 {

struct ListPartsInput {
  std::string bucket;
  std::string key;
  std::string upload_id;
  int part_number_marker = 0;
  int max_parts = 1000;
};

struct PartEntry {
  int part_number = 0;
  uint64_t size = 0;
  std::string etag;
  std::string last_modified;
  http::Headers checksums;  // ("crc32c", base64) etc.
};

struct ListPartsPage {
  std::vector<PartEntry> parts;
  bool is_truncated = false;
  int next_part_number_marker = 0;
};

Operation list_parts(const ListPartsInput& input);
Result<ListPartsPage> parse_list_parts(const http::Response& response, const Operation& op);

}  // namespace hoist::s3
