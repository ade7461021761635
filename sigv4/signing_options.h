// SigningOptions: the few points where Amazon S3 signs differently from every other AWS
// service. The defaults are S3's rules; the generic SigV4 rules (and the AWS SigV4 test suite)
// are normalize_path, path_is_encoded and double_encode_path all true.
#pragma once

namespace hoist::sigv4 {

struct SigningOptions {
  // Sign the path with "." and ".." segments resolved and runs of '/' collapsed, as a generic
  // service resolves it. S3 keys may contain "..", "./" or "//", and S3 signs the path exactly
  // as sent, so this stays off for S3. The path on the wire is never rewritten.
  bool normalize_path = false;

  // Request::path arrives percent-encoded (as it will go on the wire) rather than decoded.
  bool path_is_encoded = false;

  // Percent-encode the wire path once more for the canonical request ("/a%20b" is signed as
  // "/a%2520b"). Every service but S3 expects this.
  bool double_encode_path = false;

  // With header signing, add and sign x-amz-content-sha256 carrying Request::payload_hash.
  // S3 requires it on every request; other services accept it.
  bool content_sha256_header = true;

  // Sign the session token (x-amz-security-token, or X-Amz-Security-Token when presigning).
  // When false the token is still sent but added after signing, for the few services that
  // want it outside the signature.
  bool sign_session_token = true;
};

}  // namespace hoist::sigv4
