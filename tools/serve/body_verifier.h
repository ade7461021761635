// BodyVerifier: checks a request body against every integrity value the client sent with it,
// while the body streams past: the x-amz-content-sha256 hex hash, Content-MD5, and one
// x-amz-checksum-<algorithm> (as a header, or announced in x-amz-trailer and delivered in the
// aws-chunked trailer). Nothing is hashed that no header asks for, so an UNSIGNED-PAYLOAD body
// with no checksum costs nothing here.
//
// One per request body, used by one thread: construct from the headers, update() with every
// decoded byte, then verify() once the body (and its trailer) is complete.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "engine/checksum/hasher.h"
#include "hoist/result.h"
#include "sigv4/request.h"
#include "tools/serve/object_store.h"

namespace hoist::serve {

class BodyVerifier {
 public:
  // From the request headers (names lowercase) and the verified payload hash. Fails with
  // InvalidRequest / InvalidDigest when a value is malformed or names an unknown algorithm.
  static Result<std::unique_ptr<BodyVerifier>> from_headers(const sigv4::NameValues& headers,
                                                            const std::string& payload_hash);

  // True when the body is aws-chunked (STREAMING-UNSIGNED-PAYLOAD-TRAILER).
  bool chunked() const { return chunked_; }

  void update(std::span<const char> bytes);

  // Compares every hash with what arrived. `trailers` are the aws-chunked trailer fields.
  // On success returns the x-amz-checksum-* value to store with the object, if any.
  // Errors: XAmzContentSHA256Mismatch, BadDigest, InvalidRequest (announced trailer missing).
  Result<NamedValues> verify(const NamedValues& trailers);

 private:
  struct Check {
    std::unique_ptr<checksum::Hasher> hasher;
    std::string expected;  // base64 or hex as sent; empty until the trailer brings it
    std::string name;      // "crc32c", "md5", "sha256 payload"
  };
  static Status finish(Check& check, bool hex);

  bool chunked_ = false;
  Check payload_sha256_;  // from x-amz-content-sha256, hex
  Check content_md5_;
  Check checksum_;        // x-amz-checksum-<name>
  std::string trailer_name_;  // "x-amz-checksum-crc32c" when the value comes in the trailer
};

}  // namespace hoist::serve
