#include "tools/serve/store_multipart_rules.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "engine/checksum/digest.h"
#include "tools/serve/store_errors.h"
#include "tools/serve/store_names.h"

namespace hoist::serve {
namespace {

using checksum::Algorithm;
using checksum::ChecksumType;
using checksum::Digest;

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const std::string* value_named(const NamedValues& values, const std::string& name) {
  for (const auto& [n, v] : values) {
    if (n == name) return &v;
  }
  return nullptr;
}

// The object checksum from the parts' digests, as S3 reports it.
Result<std::string> combined_checksum(const std::vector<PartInfo>& parts,
                                      const UploadChecksum& upload_checksum) {
  const std::string name = upload_checksum.value_name();
  std::vector<checksum::PartDigest> digests;
  digests.reserve(parts.size());
  for (const PartInfo& part : parts) {
    const std::string* value = value_named(part.checksums, name);
    std::optional<Digest> digest = value ? Digest::from_base64(*value) : std::nullopt;
    if (!digest) {
      return invalid_request("Part " + std::to_string(part.part_number) + " has no " + name +
                             " checksum, which the upload requires.");
    }
    digests.push_back({*digest, part.size});
  }
  if (upload_checksum.type == ChecksumType::full_object) {
    std::optional<Digest> whole = checksum::full_object_checksum(upload_checksum.algorithm, digests);
    if (whole) return whole->to_base64();
  } else {
    std::vector<Digest> part_digests;
    for (const checksum::PartDigest& d : digests) part_digests.push_back(d.digest);
    std::optional<std::string> composite = checksum::composite_checksum(
        upload_checksum.algorithm, part_digests, checksum::UploadKind::multipart);
    if (composite) return *composite;
  }
  return invalid_request("The parts' " + name + " checksums cannot be combined.");
}

// A COMPOSITE value may be sent with or without its "-N" suffix.
bool client_value_matches(const std::string& sent, const std::string& stored, size_t part_count) {
  return sent == stored || sent + "-" + std::to_string(part_count) == stored;
}

}  // namespace

std::string UploadChecksum::value_name() const {
  return lowercase(checksum::algorithm_name(algorithm));
}

std::string UploadChecksum::type_name() const {
  if (algorithm == Algorithm::none) return "";
  return type == ChecksumType::full_object ? "FULL_OBJECT" : "COMPOSITE";
}

Result<UploadChecksum> parse_upload_checksum(const std::string& algorithm,
                                             const std::string& type) {
  UploadChecksum out;
  if (algorithm.empty()) {
    if (!type.empty()) return invalid_request("x-amz-checksum-type requires an algorithm.");
    return out;
  }
  std::optional<Algorithm> parsed = checksum::parse_algorithm(algorithm);
  if (!parsed || *parsed == Algorithm::none || *parsed == Algorithm::md5) {
    return invalid_request("Unsupported checksum algorithm: " + algorithm);
  }
  out.algorithm = *parsed;
  if (type.empty()) {
    out.type = out.algorithm == Algorithm::crc64nvme ? ChecksumType::full_object
                                                      : ChecksumType::composite;
  } else if (type == "FULL_OBJECT") {
    out.type = ChecksumType::full_object;
  } else if (type == "COMPOSITE") {
    out.type = ChecksumType::composite;
  } else {
    return invalid_request("Unsupported checksum type: " + type);
  }
  if (!checksum::supports_checksum_type(out.algorithm, out.type)) {
    return invalid_request("The " + out.type_name() + " checksum type is not supported with " +
                           algorithm + ".");
  }
  return out;
}

Result<UploadChecksum> check_new_upload(const std::string& key, const std::string& algorithm,
                                        const std::string& type) {
  Status valid = check_key(key);
  if (!valid.ok()) return std::move(valid).error();
  return parse_upload_checksum(algorithm, type);
}

Status check_part_number(int part_number) {
  if (part_number < 1 || part_number > kMaxParts) {
    return invalid_argument("Part number must be an integer between 1 and 10000, inclusive");
  }
  return ok_status();
}

std::string unquoted(const std::string& etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    return etag.substr(1, etag.size() - 2);
  }
  return etag;
}

Result<std::vector<PartInfo>> select_parts(const std::vector<CompletePart>& requested,
                                           const PartLookup& lookup) {
  if (requested.empty()) {
    return store_error(400, "MalformedXML", "You must specify at least one part.");
  }
  if (requested.size() > static_cast<size_t>(kMaxParts)) {
    return invalid_argument("An upload may have at most 10000 parts.");
  }
  std::vector<PartInfo> parts;
  parts.reserve(requested.size());
  uint64_t total = 0;
  for (const CompletePart& want : requested) {
    if (!parts.empty() && want.part_number <= parts.back().part_number) {
      return store_error(400, "InvalidPartOrder",
                         "The list of parts was not in ascending order. Parts must be ordered "
                         "by part number.");
    }
    const PartInfo* stored = lookup(want.part_number);
    if (!stored || unquoted(stored->etag) != unquoted(want.etag)) {
      return invalid_part("One or more of the specified parts could not be found. The part may "
                          "not have been uploaded, or the specified entity tag may not match "
                          "the part's entity tag. Part " +
                          std::to_string(want.part_number));
    }
    parts.push_back(*stored);
    total += stored->size;
  }
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i].size < kMinPartSize) {
      return store_error(400, "EntityTooSmall",
                         "Your proposed upload is smaller than the minimum allowed size. Part " +
                             std::to_string(parts[i].part_number));
    }
  }
  if (total > kMaxObjectSize) {
    return store_error(400, "EntityTooLarge",
                       "Your proposed upload exceeds the maximum allowed size");
  }
  return parts;
}

Result<ObjectInfo> completed_object(const std::vector<PartInfo>& parts,
                                    const UploadChecksum& upload_checksum,
                                    const NamedValues& client_values) {
  ObjectInfo object;
  std::vector<Digest> md5s;
  md5s.reserve(parts.size());
  for (const PartInfo& part : parts) {
    object.size += part.size;
    std::optional<Digest> md5 = Digest::from_hex(unquoted(part.etag));
    if (!md5) return internal_error("Part " + std::to_string(part.part_number) + " has no MD5 ETag.");
    md5s.push_back(*md5);
  }
  std::optional<std::string> etag = checksum::object_etag(md5s, checksum::UploadKind::multipart);
  if (!etag) return internal_error("The parts' ETags cannot be combined.");
  object.etag = "\"" + *etag + "\"";

  if (upload_checksum.algorithm == Algorithm::none) {
    if (!client_values.empty()) {
      return invalid_request("The upload was created without a checksum algorithm.");
    }
    return object;
  }
  Result<std::string> value = combined_checksum(parts, upload_checksum);
  if (!value.ok()) return std::move(value).error();
  const std::string name = upload_checksum.value_name();
  for (const auto& [sent_name, sent] : client_values) {
    if (sent_name != name) {
      return invalid_request("The upload was created with " + name + ", not " + sent_name + ".");
    }
    if (!client_value_matches(sent, *value, parts.size())) {
      return store_error(400, "BadDigest",
                         "The " + name + " you specified did not match the calculated checksum.");
    }
  }
  object.checksums = {{name, *value}};
  object.checksum_type = upload_checksum.type_name();
  return object;
}

}  // namespace hoist::serve
