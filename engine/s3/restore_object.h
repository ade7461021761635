// RestoreObject: asks S3 for a temporary, readable copy of an archived object (GLACIER,
// DEEP_ARCHIVE) for a number of days, retrieved at a tier (Bulk, Standard, Expedited).
// S3 answers 202 when it starts a restore, 200 when the object is already restored (the copy's
// expiry is then moved), 409 RestoreAlreadyInProgress while one runs, and 403
// InvalidObjectState for an object that is not archived.
#pragma once

#include <string>
#include <string_view>

#include "engine/http/message.h"
#include "engine/s3/operation.h"
#include "hoist/result.h"

namespace hoist::s3 {

struct RestoreObjectInput {
  std::string bucket;
  std::string key;
  int days = 1;                   // REQUIRES: >= 1
  std::string tier = "Standard";  // Bulk, Standard or Expedited
};

Operation restore_object(const RestoreObjectInput& input);

// True when the 2xx response says a restore was started (202), false when the object was
// already restored (200).
bool restore_started(const http::Response& response);

// The server side: Days and Tier of a <RestoreRequest> body (bucket and key left empty; Tier
// Standard when absent). MalformedXML (400) when the body is not such a document, Days is not
// a positive integer, or Tier is not one of the three.
Result<RestoreObjectInput> parse_restore_object_request(std::string_view body);

}  // namespace hoist::s3
