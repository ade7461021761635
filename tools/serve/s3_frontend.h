// S3Frontend: turns HTTP exchanges into ObjectStore calls and S3 responses. The HTTP server
// calls begin() once the headers are in, receive() for each piece of the body and finish()
// at its end; every failure becomes S3's error XML with the request's id.
//
// Order of checks, as S3 does them: request target, signature, operation, fault injection,
// then the body. Requests for the credential services (STS, the SSO portal and OIDC) are
// recognised right after the target, skip S3's signature check and fault injection, and are
// answered from their whole (small) body; STS checks its own signatures. Object bytes stream straight into the store's writer and are committed only
// after every integrity check passed, so a rejected, failed or faulted request stores nothing.
//
// Thread-safe: one front end serves every connection thread; an Exchange is used by one.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sigv4/credentials.h"
#include "tools/serve/authenticator.h"
#include "tools/serve/exchange.h"
#include "tools/serve/fault_injector.h"
#include "tools/serve/issued_credentials.h"
#include "tools/serve/object_store.h"
#include "tools/serve/sso_operations.h"

namespace hoist::serve {

struct FrontendConfig {
  sigv4::Credentials credentials;
  std::string region = "us-east-1";
  // The listening host; "<bucket>.<service_host>" in Host selects virtual-hosted style.
  std::string service_host = "127.0.0.1";
  double fault_rate = 0;
  uint64_t fault_seed = 0;
  // --hold-part-answers N,M: answer N stored parts, then hold the answers of the next M.
  uint64_t answered_parts = 0;
  uint64_t held_part_answers = 0;
  // Told, one line each, of every part whose answer is held (serve prints it on stderr).
  std::function<void(const std::string&)> notice;
  // KMS key ids SSE-KMS requests may name; any other key is KMS.NotFoundException.
  std::vector<std::string> kms_key_ids;
  // How long a RestoreObject takes before the restored copy is readable.
  std::chrono::nanoseconds restore_delay{0};
  // The longest that temporary credentials from STS and the SSO portal live.
  std::chrono::seconds sts_duration{3600};
  // SSO access tokens the portal accepts, as `aws sso login` would have cached them.
  std::vector<std::string> sso_access_tokens;
};

class S3Frontend {
 public:
  // REQUIRES: `store` outlives the front end.
  S3Frontend(ObjectStore& store, FrontendConfig config);

  // Sets exchange.early_response when the request is answered without its body.
  // REQUIRES: method, raw_target and headers are filled.
  void begin(Exchange& exchange);

  // Takes the next body bytes. False when the connection must be dropped now (fault
  // injection); a body that fails a check is read to its end and rejected by finish().
  bool receive(Exchange& exchange, std::span<const char> bytes);

  // The response once the whole body arrived. REQUIRES: begin() set no early response.
  // Blocks while the answer to a stored part is held (--hold-part-answers).
  HttpResponse finish(Exchange& exchange);

  // Ends every held answer (their connections are reset). REQUIRES: called before the HTTP
  // server stops, since stopping waits for the connections that hold them.
  void release_held_answers() { held_answers_.release(); }

 private:
  // The response for `error` about this exchange's resource.
  HttpResponse fail(const Exchange& exchange, const Error& error) const;
  Status prepare_body(Exchange& exchange);
  void take_body_bytes(Exchange& exchange, std::span<const char> bytes);
  Result<HttpResponse> run(Exchange& exchange, const NamedValues& checksums);
  // Recognises a request for the credential services and readies it for its body; false
  // when it is an S3 request.
  bool begin_identity_request(Exchange& exchange);

  ObjectStore& store_;
  const FrontendConfig config_;
  IssuedCredentials issued_;
  SsoService sso_;
  Authenticator authenticator_;
  FaultInjector faults_;
  PartAnswerHold held_answers_;
  std::atomic<uint64_t> next_request_ = 0;
  const uint64_t request_id_base_;
};

}  // namespace hoist::serve
