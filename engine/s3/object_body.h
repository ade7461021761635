// The body of an upload request: either bytes in memory (a pooled part buffer) or a stream.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/http/message.h"

namespace hoist::s3 {

struct ObjectBody {
  std::string_view bytes;   // used when `source` is null; REQUIRES: outlives the request
  http::BodySource source;  // streamed body of exactly `size` bytes
  uint64_t size = 0;

  uint64_t length() const { return source ? size : bytes.size(); }
};

// Fills op's body fields from `body` (unsigned payload: integrity comes from a checksum header).
struct Operation;
void attach_body(Operation& op, const ObjectBody& body);

}  // namespace hoist::s3
