// The bucket-level calls that carry little data: CreateBucket, HeadBucket, DeleteBucket.
#pragma once

#include <string>
#include <string_view>

#include "engine/http/message.h"
#include "engine/s3/operation.h"

namespace hoist::s3 {

// Outside us-east-1 S3 needs the region named in a CreateBucketConfiguration body.
Operation create_bucket(std::string bucket, std::string_view region);
Operation head_bucket(std::string bucket);
Operation delete_bucket(std::string bucket);

// HeadBucket reports the bucket's region in x-amz-bucket-region ("" when absent).
std::string parse_head_bucket_region(const http::Response& response);

}  // namespace hoist::s3
