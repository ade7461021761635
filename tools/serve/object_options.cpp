#include "tools/serve/object_options.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <set>

#include "engine/checksum/encoding.h"
#include "engine/checksum/hasher.h"
#include "engine/config/iso8601_time.h"
#include "tools/serve/s3_error.h"

namespace hoist::serve {
namespace {

constexpr std::string_view kSse = "x-amz-server-side-encryption";
constexpr std::string_view kKmsKeyId = "x-amz-server-side-encryption-aws-kms-key-id";
constexpr std::string_view kCustomerAlgorithm = "x-amz-server-side-encryption-customer-algorithm";
constexpr std::string_view kCustomerKey = "x-amz-server-side-encryption-customer-key";
constexpr std::string_view kCustomerKeyMd5 = "x-amz-server-side-encryption-customer-key-md5";
constexpr std::string_view kTagging = "x-amz-tagging";
constexpr std::string_view kAcl = "x-amz-acl";
constexpr std::string_view kLockMode = "x-amz-object-lock-mode";
constexpr std::string_view kLockUntil = "x-amz-object-lock-retain-until-date";
constexpr std::string_view kLegalHold = "x-amz-object-lock-legal-hold";

constexpr std::array<std::string_view, 7> kAcls = {
    "private",       "public-read",       "public-read-write",        "authenticated-read",
    "aws-exec-read", "bucket-owner-read", "bucket-owner-full-control"};

Error invalid_argument(std::string message) {
  return s3_error(400, "InvalidArgument", std::move(message));
}

const std::string* find(const NamedValues& values, std::string_view name) {
  for (const auto& [n, v] : values) {
    if (n == name) return &v;
  }
  return nullptr;
}

// The SSE-C headers of a request, checked: the key MD5 to keep, or nothing without SSE-C.
Result<std::optional<std::string>> customer_key_md5(const Exchange& exchange) {
  const std::string* algorithm = exchange.header(kCustomerAlgorithm);
  const std::string* key = exchange.header(kCustomerKey);
  const std::string* md5 = exchange.header(kCustomerKeyMd5);
  if (!algorithm && !key && !md5) return std::optional<std::string>();
  if (!algorithm) {
    return invalid_argument(
        "Requests specifying Server Side Encryption with Customer provided keys must provide a "
        "valid encryption algorithm.");
  }
  if (*algorithm != "AES256") {
    return s3_error(400, "InvalidEncryptionAlgorithmError",
                    "The encryption request you specified is not valid. The valid value is "
                    "AES256.");
  }
  if (!key || !md5) {
    return invalid_argument(
        "Requests specifying Server Side Encryption with Customer provided keys must provide an "
        "appropriate secret key.");
  }
  auto bytes = checksum::base64_decode(*key);
  if (!bytes || bytes->size() != 32) {
    return invalid_argument("The secret key was invalid for the specified algorithm.");
  }
  if (checksum::digest_of(checksum::Algorithm::md5, *bytes).to_base64() != *md5) {
    return invalid_argument(
        "The calculated MD5 hash of the key did not match the hash that was provided.");
  }
  return std::optional<std::string>(*md5);
}

Status check_tagging(const std::string& tagging) {
  std::set<std::string> keys;
  size_t pos = 0;
  while (pos <= tagging.size() && !tagging.empty()) {
    const size_t amp = std::min(tagging.find('&', pos), tagging.size());
    const std::string pair = tagging.substr(pos, amp - pos);
    const std::string key = pair.substr(0, pair.find('='));
    if (key.empty() || !keys.insert(key).second) {
      return invalid_argument(
          "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query "
          "parameters without tag name duplicates.");
    }
    pos = amp + 1;
  }
  if (keys.size() > 10) return s3_error(400, "BadRequest", "Object tags cannot be greater than 10");
  return ok_status();
}

Status check_object_lock(const Exchange& exchange, const std::string* mode,
                         const std::string* until, const std::string* hold) {
  if (!mode && !until && !hold) return ok_status();
  if (!mode != !until) {
    return invalid_argument(
        "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied");
  }
  if (mode && *mode != "GOVERNANCE" && *mode != "COMPLIANCE") {
    return invalid_argument("Unknown wormMode directive.");
  }
  if (until) {
    auto when = config::parse_iso8601_time(*until);
    if (!when) {
      return invalid_argument("The retain until date must be provided in ISO 8601 format");
    }
    if (*when <= std::chrono::system_clock::now()) {
      return invalid_argument("The retain until date must be in the future!");
    }
  }
  if (hold && *hold != "ON" && *hold != "OFF") {
    return invalid_argument("Legal Hold must be either of 'ON' or 'OFF'");
  }
  if (exchange.operation == Operation::kPutObject && !exchange.header("content-md5")) {
    bool checksummed = exchange.header("x-amz-trailer") != nullptr;
    for (const auto& [name, value] : exchange.headers) {
      if (name.rfind("x-amz-checksum-", 0) == 0 && name != "x-amz-checksum-algorithm") {
        checksummed = true;
      }
    }
    if (!checksummed) {
      return s3_error(400, "InvalidRequest",
                      "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object "
                      "requests with Object Lock parameters");
    }
  }
  return ok_status();
}

}  // namespace

Status check_object_options(const Exchange& exchange, const std::vector<std::string>& kms_key_ids) {
  auto md5 = customer_key_md5(exchange);
  if (!md5.ok()) return md5.error();
  if (exchange.operation == Operation::kUploadPart) return ok_status();
  const std::string* sse = exchange.header(kSse);
  const std::string* key_id = exchange.header(kKmsKeyId);
  if (*md5 && sse) {
    return invalid_argument(
        "Server Side Encryption with Customer provided key is incompatible with the "
        "encryption method specified");
  }
  if (sse && *sse != "AES256" && *sse != "aws:kms" && *sse != "aws:kms:dsse") {
    return invalid_argument("The encryption method specified is not supported");
  }
  if (key_id) {
    if (!sse || sse->rfind("aws:kms", 0) != 0) {
      return invalid_argument(
          "Server Side Encryption with AWS KMS managed key requires HTTP header "
          "x-amz-server-side-encryption : aws:kms");
    }
    if (std::find(kms_key_ids.begin(), kms_key_ids.end(), *key_id) == kms_key_ids.end()) {
      return s3_error(400, "KMS.NotFoundException", "Invalid keyId '" + *key_id + "'");
    }
  }
  if (const std::string* tagging = exchange.header(kTagging)) {
    if (Status tags = check_tagging(*tagging); !tags.ok()) return tags;
  }
  if (const std::string* acl = exchange.header(kAcl)) {
    if (std::find(kAcls.begin(), kAcls.end(), *acl) == kAcls.end()) {
      return invalid_argument("Invalid canned ACL " + *acl);
    }
  }
  return check_object_lock(exchange, exchange.header(kLockMode), exchange.header(kLockUntil),
                           exchange.header(kLegalHold));
}

NamedValues option_headers(const Exchange& exchange) {
  // Never the SSE-C key itself: only its MD5 is kept.
  static constexpr std::array<std::string_view, 9> kKept = {
      kSse, kKmsKeyId, kCustomerAlgorithm, kCustomerKeyMd5, kTagging,
      kAcl, kLockMode, kLockUntil,         kLegalHold};
  NamedValues kept;
  for (std::string_view name : kKept) {
    if (const std::string* value = exchange.header(name)) kept.emplace_back(name, *value);
  }
  return kept;
}

Status check_customer_key(const Exchange& exchange, const NamedValues& options) {
  auto given = customer_key_md5(exchange);
  if (!given.ok()) return given.error();
  const std::string* stored = find(options, kCustomerKeyMd5);
  if (!stored && *given) {
    return s3_error(400, "InvalidRequest",
                    "The encryption parameters are not applicable to this object.");
  }
  if (stored && !*given) {
    return s3_error(400, "InvalidRequest",
                    "The object was stored using a form of Server Side Encryption. The correct "
                    "parameters must be provided to retrieve the object.");
  }
  if (stored && **given != *stored) return s3_error(403, "AccessDenied", "Access Denied");
  return ok_status();
}

void add_option_headers(HttpResponse& response, const NamedValues& options, bool object_state) {
  for (const auto& [name, value] : options) {
    if (name == kSse || name == kKmsKeyId || name == kCustomerAlgorithm) {
      response.add(name, value);
    } else if (name == kCustomerKeyMd5) {
      response.add("x-amz-server-side-encryption-customer-key-MD5", value);
    } else if (object_state && (name == kLockMode || name == kLockUntil || name == kLegalHold)) {
      response.add(name, value);
    } else if (object_state && name == kTagging) {
      response.add(
          "x-amz-tagging-count",
          std::to_string(value.empty() ? 0 : std::count(value.begin(), value.end(), '&') + 1));
    }
  }
}

}  // namespace hoist::serve
