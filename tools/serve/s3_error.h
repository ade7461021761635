// S3 errors as the front end reports them: an hoist::Error with S3's code, message and HTTP
// status, and the <Error> XML body S3 answers with. Any thread may call these.
#pragma once

#include <string>

#include "hoist/error.h"
#include "tools/serve/http_response.h"

namespace hoist::serve {

// An S3 service error: kService, `status`, `code`, `message`.
Error s3_error(int status, std::string code, std::string message);

// The response for `error`: its status (500 when it has none), and
// <Error><Code/><Message/><Resource/><RequestId/></Error> unless the request was a HEAD,
// which S3 answers without a body.
HttpResponse error_response(const Error& error, const std::string& resource,
                            const std::string& request_id, bool head_request);

}  // namespace hoist::serve
