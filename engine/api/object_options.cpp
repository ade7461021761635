#include "engine/api/object_options.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>

#include "engine/api/object_tagging.h"
#include "engine/api/user_metadata.h"
#include "engine/checksum/encoding.h"
#include "engine/checksum/hasher.h"
#include "engine/config/iso8601_time.h"
#include "engine/transfer/local_error.h"

namespace hoist::api {
namespace {

Error bad(const std::string& message) {
  return transfer::invalid_input("InvalidArgument", message);
}

template <size_t N>
bool one_of(const std::string& value, const std::array<std::string_view, N>& allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

template <size_t N>
std::string listed(const std::array<std::string_view, N>& allowed) {
  std::string out;
  for (auto v : allowed) out += (out.empty() ? "" : ", ") + std::string(v);
  return out;
}

constexpr std::array<std::string_view, 3> kSse = {"AES256", "aws:kms", "aws:kms:dsse"};
constexpr std::array<std::string_view, 7> kAcls = {
    "private",       "public-read",       "public-read-write",        "authenticated-read",
    "aws-exec-read", "bucket-owner-read", "bucket-owner-full-control"};
constexpr std::array<std::string_view, 2> kLockModes = {"GOVERNANCE", "COMPLIANCE"};
constexpr std::array<std::string_view, 2> kLegalHold = {"ON", "OFF"};
constexpr size_t kCustomerKeySize = 32;  // AES-256

Status add_encryption(const TransferOptions& o, transfer::ObjectOptions& out) {
  if (!o.sse.empty()) {
    if (!one_of(o.sse, kSse)) {
      return bad("--sse '" + o.sse + "' is not one of " + listed(kSse));
    }
    out.create_headers.emplace_back("x-amz-server-side-encryption", o.sse);
  }
  if (!o.sse_kms_key_id.empty()) {
    if (o.sse.rfind("aws:kms", 0) != 0) {
      return bad("--sse-kms-key-id needs --sse aws:kms (or aws:kms:dsse)");
    }
    out.create_headers.emplace_back("x-amz-server-side-encryption-aws-kms-key-id",
                                    o.sse_kms_key_id);
  }
  const bool customer = !o.sse_customer_algorithm.empty() || !o.sse_customer_key.empty();
  if (!customer) return ok_status();
  if (!o.sse.empty()) return bad("--sse and --sse-c cannot be used together");
  if (o.sse_customer_algorithm.empty()) return bad("--sse-c-key needs --sse-c AES256");
  if (o.sse_customer_algorithm != "AES256") {
    return bad("--sse-c '" + o.sse_customer_algorithm + "' is not AES256");
  }
  if (o.sse_customer_key.empty()) return bad("--sse-c needs --sse-c-key");
  if (o.sse_customer_key.size() != kCustomerKeySize) {
    // The length only: the key itself is never printed.
    return bad("--sse-c-key must be 32 bytes (an AES-256 key), not " +
               std::to_string(o.sse_customer_key.size()));
  }
  out.customer_key = customer_key_headers(o);
  return ok_status();
}

// S3's form of a retain-until date: UTC, whole seconds. A bare date means its midnight UTC.
Result<std::string> retain_until(const std::string& text) {
  std::string full = text;
  if (full.size() == 10) full += "T00:00:00Z";
  auto when = config::parse_iso8601_time(full);
  if (!when) {
    return bad("--object-lock-retain-until-date '" + text +
               "' is not an ISO 8601 time (2030-01-01T00:00:00Z or 2030-01-01)");
  }
  if (*when <= std::chrono::system_clock::now()) {
    return bad("--object-lock-retain-until-date '" + text + "' is not in the future");
  }
  const std::time_t seconds = std::chrono::system_clock::to_time_t(*when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char formatted[32];
  std::strftime(formatted, sizeof formatted, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(formatted);
}

// The standard headers S3 stores with an object and returns on GET and HEAD, from aws-cli's
// flags of the same names. Content-Encoding is refused beside --compress, which sets it.
Status add_content_headers(const TransferOptions& o, transfer::ObjectOptions& out) {
  if (!o.content_encoding.empty() && !o.compress.empty()) {
    return bad("--content-encoding and --compress both set Content-Encoding; give one");
  }
  const std::pair<const char*, const std::string*> plain[] = {
      {"cache-control", &o.cache_control},
      {"content-disposition", &o.content_disposition},
      {"content-encoding", &o.content_encoding},
      {"content-language", &o.content_language}};
  for (const auto& [name, value] : plain) {
    if (!value->empty()) out.create_headers.emplace_back(name, *value);
  }
  if (!o.expires.empty()) {
    auto when =
        config::parse_iso8601_time(o.expires.size() == 10 ? o.expires + "T00:00:00Z" : o.expires);
    if (!when) {
      return bad("--expires '" + o.expires +
                 "' is not an ISO 8601 time (2030-01-01T00:00:00Z or 2030-01-01)");
    }
    // HTTP's own date form (RFC 1123), as S3 expects the Expires header.
    const std::time_t seconds = std::chrono::system_clock::to_time_t(*when);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char formatted[40];
    std::strftime(formatted, sizeof formatted, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    out.create_headers.emplace_back("expires", formatted);
  }
  if (!o.website_redirect.empty()) {
    const std::string& to = o.website_redirect;
    if (!to.starts_with("/") && !to.starts_with("http://") && !to.starts_with("https://")) {
      return bad("--website-redirect '" + to + "' must start with /, http:// or https://");
    }
    out.create_headers.emplace_back("x-amz-website-redirect-location", to);
  }
  return ok_status();
}

Status add_object_lock(const TransferOptions& o, checksum::Algorithm checksum,
                       transfer::ObjectOptions& out) {
  const bool mode = !o.object_lock_mode.empty();
  const bool date = !o.object_lock_retain_until_date.empty();
  const bool hold = !o.object_lock_legal_hold_status.empty();
  if (mode != date) {
    return bad("--object-lock-mode and --object-lock-retain-until-date must be given together");
  }
  if ((mode || hold) && checksum == checksum::Algorithm::none) {
    return bad(
        "object lock needs a checksum (S3 refuses unchecksummed lock requests): "
        "drop --checksum-algorithm none");
  }
  if (mode) {
    if (!one_of(o.object_lock_mode, kLockModes)) {
      return bad("--object-lock-mode '" + o.object_lock_mode + "' is not one of " +
                 listed(kLockModes));
    }
    auto until = retain_until(o.object_lock_retain_until_date);
    if (!until.ok()) return until.error();
    out.create_headers.emplace_back("x-amz-object-lock-mode", o.object_lock_mode);
    out.create_headers.emplace_back("x-amz-object-lock-retain-until-date", *until);
  }
  if (hold) {
    if (!one_of(o.object_lock_legal_hold_status, kLegalHold)) {
      return bad("--object-lock-legal-hold-status '" + o.object_lock_legal_hold_status +
                 "' is not ON or OFF");
    }
    out.create_headers.emplace_back("x-amz-object-lock-legal-hold",
                                    o.object_lock_legal_hold_status);
  }
  return ok_status();
}

}  // namespace

http::Headers customer_key_headers(const TransferOptions& o) {
  if (o.sse_customer_algorithm != "AES256" || o.sse_customer_key.size() != kCustomerKeySize) {
    return {};
  }
  std::span<const uint8_t> key(reinterpret_cast<const uint8_t*>(o.sse_customer_key.data()),
                               o.sse_customer_key.size());
  return {
      {"x-amz-server-side-encryption-customer-algorithm", o.sse_customer_algorithm},
      {"x-amz-server-side-encryption-customer-key", checksum::base64_encode(key)},
      {"x-amz-server-side-encryption-customer-key-MD5",
       checksum::digest_of(checksum::Algorithm::md5, key).to_base64()},
  };
}

Result<transfer::ObjectOptions> object_options(const TransferOptions& options,
                                               checksum::Algorithm checksum) {
  transfer::ObjectOptions out;
  out.guess_content_type = options.guess_content_type;
  if (Status encryption = add_encryption(options, out); !encryption.ok()) {
    return encryption.error();
  }
  if (!options.tagging.empty()) {
    auto tagging = object_tagging(options.tagging);
    if (!tagging.ok()) return tagging.error();
    out.create_headers.emplace_back("x-amz-tagging", *tagging);
  }
  if (!options.metadata.empty()) {
    auto metadata = parse_user_metadata(options.metadata);
    if (!metadata.ok()) return metadata.error();
    for (auto& [name, value] : *metadata) {
      out.create_headers.emplace_back("x-amz-meta-" + name, std::move(value));
    }
  }
  if (!options.acl.empty()) {
    if (!one_of(options.acl, kAcls)) {
      return bad("--acl '" + options.acl + "' is not one of " + listed(kAcls));
    }
    out.create_headers.emplace_back("x-amz-acl", options.acl);
  }
  if (Status lock = add_object_lock(options, checksum, out); !lock.ok()) return lock.error();
  if (Status content = add_content_headers(options, out); !content.ok()) return content.error();
  return out;
}

}  // namespace hoist::api
