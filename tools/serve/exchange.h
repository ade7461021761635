// Exchange: one HTTP request of `hoist serve` in progress, from its request line to the
// response: what arrived, what the front end decided, and where the body goes. Created by the
// HTTP server when a request starts, filled by S3Frontend, destroyed when the response is
// sent; an object writer still held then was never committed, so its bytes are discarded.
//
// Used by the one thread serving the connection.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "hoist/result.h"
#include "sigv4/request.h"
#include "tools/serve/aws_chunked_decoder.h"
#include "tools/serve/body_verifier.h"
#include "tools/serve/fault_injector.h"
#include "tools/serve/http_response.h"
#include "tools/serve/object_store.h"
#include "tools/serve/operation.h"
#include "tools/serve/request_target.h"

namespace hoist::serve {

struct Exchange {
  // From the wire.
  std::string method;
  std::string raw_target;
  sigv4::NameValues headers;  // names lowercase, in arrival order
  std::string request_id;

  // Decided by S3Frontend::begin().
  RequestTarget target;
  Operation operation = Operation::kUnknown;
  Fault fault = Fault::kNone;
  std::optional<HttpResponse> early_response;  // answer now, without reading the body

  // The body.
  std::unique_ptr<BodyVerifier> verifier;
  std::unique_ptr<AwsChunkedDecoder> decoder;  // aws-chunked bodies only
  std::unique_ptr<ObjectWriter> writer;        // PutObject, UploadPart
  std::string buffered;                        // every other operation's (small) body
  std::optional<Error> body_error;             // first failure while receiving
  uint64_t received = 0;                       // bytes on the wire so far

  const std::string* header(std::string_view name) const { return find_param(headers, name); }
  const std::string* param(std::string_view name) const {
    return find_param(target.query, name);
  }
  // The query parameter's value, or "" when the request has none.
  std::string param_or_empty(std::string_view name) const {
    const std::string* value = param(name);
    return value ? *value : std::string();
  }
};

}  // namespace hoist::serve
