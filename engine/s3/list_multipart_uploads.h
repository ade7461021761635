// ListMultipartUploads: uploads started and neither completed nor aborted, a page at a time
// (how leftovers from crashed transfers are found and cleaned up).
#pragma once

#include <string>
#include <vector>

#include "engine/http/message.h"
#include "engine/s3/operation.h"
#include "hoist/result.h"

namespace hoist::s3 {

struct ListMultipartUploadsInput {
  std::string bucket;
  std::string prefix;
  std::string key_marker;
  std::string upload_id_marker;
  int max_uploads = 1000;
};

struct UploadEntry {
  std::string key;
  std::string upload_id;
  std::string initiated;      // ISO 8601 as sent
  std::string storage_class;  // as sent; empty when the server left it out
};

struct ListMultipartUploadsPage {
  std::vector<UploadEntry> uploads;
  bool is_truncated = false;
  std::string next_key_marker;
  std::string next_upload_id_marker;
};

Operation list_multipart_uploads(const ListMultipartUploadsInput& input);
Result<ListMultipartUploadsPage> parse_list_multipart_uploads(const http::Response& response,
                                                              const Operation& op);

}  // namespace hoist::s3
