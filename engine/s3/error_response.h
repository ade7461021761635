// Turns an S3 error response or a transport failure into a hoist::Error, and decides
// whether retrying the same request may help.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/http/event_loop.h"
#include "engine/s3/operation.h"
#include "hoist/error.h"

namespace hoist::s3 {

// True for responses that a retry may cure: 500, 502, 503 (SlowDown), 504 and the codes S3
// uses for transient trouble (RequestTimeout, InternalError, SlowDown, ServiceUnavailable).
bool is_retryable(int http_status, std::string_view code);

// True when the status is a success for this operation.
inline bool is_success(long status) { return status >= 200 && status < 300; }

// Builds the Error for a non-2xx response to `op`. Parses <Error> XML when there is a body;
// a HEAD response has none, so the code is derived from the status.
Error error_from_response(const http::Response& response, const Operation& op);

// The region an error answer says the bucket lives in: the x-amz-bucket-region header of a
// 301 PermanentRedirect or a 400 (AuthorizationHeaderMalformed, or bodiless on HEAD), or the
// <Region> of an AuthorizationHeaderMalformed body (a request signed for the wrong region). Empty when the answer names none, or names something that is
// not a region name (it becomes part of a host name).
std::string region_named_by(const http::Response& response, const Error& error);

// Builds the Error for a request that got no response at all.
Error error_from_transport(const http::TransportError& error, const Operation& op);

// The error hidden in a 2xx answer that `op` says must show more (Operation's
// error_body_on_success, etag_required), or nullopt when the answer is a real success.
std::optional<Error> error_in_success(const http::Response& response, const Operation& op);

// Builds the Error for a 2xx response whose body could not be understood.
Error malformed_response(const Operation& op, std::string message);

}  // namespace hoist::s3
