// ListBuckets: the buckets the credentials own.
#pragma once

#include <string>
#include <vector>

#include "engine/http/message.h"
#include "engine/s3/operation.h"
#include "hoist/result.h"

namespace hoist::s3 {

struct BucketEntry {
  std::string name;
  std::string creation_date;  // ISO 8601 as sent
};

Operation list_buckets();
Result<std::vector<BucketEntry>> parse_list_buckets(const http::Response& response,
                                                    const Operation& op);

}  // namespace hoist::s3
