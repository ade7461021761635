#include "tools/serve/body_verifier.h"

#include <cstdint>

#include "engine/checksum/algorithm.h"
#include "engine/checksum/digest.h"
#include "tools/serve/request_target.h"
#include "tools/serve/s3_error.h"

namespace hoist::serve {
namespace {

constexpr std::string_view kChecksumPrefix = "x-amz-checksum-";
constexpr std::string_view kStreamingTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// The algorithm of an "x-amz-checksum-<name>" header; nullopt for other names (such as
// x-amz-checksum-algorithm or -type) and unknown algorithms.
std::optional<checksum::Algorithm> checksum_header_algorithm(std::string_view header) {
  if (header.substr(0, kChecksumPrefix.size()) != kChecksumPrefix) return std::nullopt;
  auto algorithm = checksum::parse_algorithm(header.substr(kChecksumPrefix.size()));
  if (!algorithm || *algorithm == checksum::Algorithm::none ||
      *algorithm == checksum::Algorithm::md5) {
    return std::nullopt;
  }
  return algorithm;
}

}  // namespace

Result<std::unique_ptr<BodyVerifier>> BodyVerifier::from_headers(
    const sigv4::NameValues& headers, const std::string& payload_hash) {
  auto verifier = std::make_unique<BodyVerifier>();
  if (payload_hash == kStreamingTrailer) {
    verifier->chunked_ = true;
  } else if (payload_hash.rfind("STREAMING-", 0) == 0) {
    return s3_error(501, "NotImplemented",
                    "Only the " + std::string(kStreamingTrailer) +
                        " streaming payload is supported; sign the payload as a whole or "
                        "send UNSIGNED-PAYLOAD.");
  } else if (payload_hash != "UNSIGNED-PAYLOAD") {
    if (payload_hash.size() != 64 || !checksum::Digest::from_hex(payload_hash)) {
      return s3_error(400, "InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                                              "STREAMING-UNSIGNED-PAYLOAD-TRAILER or a hex "
                                              "SHA-256.");
    }
    verifier->payload_sha256_ = {checksum::make_hasher(checksum::Algorithm::sha256),
                                 payload_hash, "sha256 payload"};
  }
  if (const std::string* md5 = find_param(headers, "content-md5")) {
    verifier->content_md5_ = {checksum::make_hasher(checksum::Algorithm::md5), *md5, "md5"};
  }
  for (const auto& [name, value] : headers) {
    auto algorithm = checksum_header_algorithm(name);
    if (!algorithm) continue;
    if (verifier->checksum_.hasher) {
      return s3_error(400, "InvalidRequest", "Expecting a single x-amz-checksum- header.");
    }
    verifier->checksum_ = {checksum::make_hasher(*algorithm), value,
                           std::string(name.substr(kChecksumPrefix.size()))};
  }
  if (const std::string* trailer = find_param(headers, "x-amz-trailer")) {
    auto algorithm = checksum_header_algorithm(*trailer);
    if (!algorithm || !verifier->chunked_ || verifier->checksum_.hasher) {
      return s3_error(400, "InvalidRequest",
                      "x-amz-trailer must name one x-amz-checksum-<algorithm> of an aws-chunked "
                      "body that carries no checksum header.");
    }
    verifier->trailer_name_ = *trailer;
    verifier->checksum_ = {checksum::make_hasher(*algorithm), "",
                           trailer->substr(kChecksumPrefix.size())};
  }
  return verifier;
}

void BodyVerifier::update(std::span<const char> bytes) {
  const std::span<const uint8_t> data(reinterpret_cast<const uint8_t*>(bytes.data()),
                                      bytes.size());
  for (Check* check : {&payload_sha256_, &content_md5_, &checksum_}) {
    if (check->hasher) check->hasher->update(data);
  }
}

Status BodyVerifier::finish(Check& check, bool hex) {
  const checksum::Digest actual = check.hasher->finish();
  const auto expected = hex ? checksum::Digest::from_hex(check.expected)
                            : checksum::Digest::from_base64(check.expected);
  if (check.name == "sha256 payload") {
    if (expected && *expected == actual) return ok_status();
    return s3_error(400, "XAmzContentSHA256Mismatch",
                    "The provided 'x-amz-content-sha256' header does not match what was "
                    "computed.");
  }
  if (!expected || expected->size() != actual.size()) {
    if (check.name == "md5") {
      return s3_error(400, "InvalidDigest", "The Content-MD5 you specified was invalid.");
    }
    return s3_error(400, "InvalidRequest",
                    "Value for x-amz-checksum-" + check.name + " header is invalid.");
  }
  if (*expected == actual) return ok_status();
  if (check.name == "md5") {
    return s3_error(400, "BadDigest", "The Content-MD5 you specified did not match what we "
                                      "received.");
  }
  return s3_error(400, "BadDigest", "The " + upper(check.name) +
                                        " you specified did not match the calculated checksum.");
}

Result<NamedValues> BodyVerifier::verify(const NamedValues& trailers) {
  if (!trailer_name_.empty()) {
    const std::string* value = find_param(trailers, trailer_name_);
    if (value == nullptr) {
      return s3_error(400, "InvalidRequest", "The body ended without the " + trailer_name_ +
                                                 " trailer that x-amz-trailer announced.");
    }
    checksum_.expected = *value;
  }
  if (payload_sha256_.hasher) {
    if (auto s = finish(payload_sha256_, true); !s.ok()) return s.error();
  }
  if (content_md5_.hasher) {
    if (auto s = finish(content_md5_, false); !s.ok()) return s.error();
  }
  NamedValues stored;
  if (checksum_.hasher) {
    if (auto s = finish(checksum_, false); !s.ok()) return s.error();
    stored.emplace_back(checksum_.name, checksum_.expected);
  }
  return stored;
}

}  // namespace hoist::serve
