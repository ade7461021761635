// CreateMultipartUpload, CompleteMultipartUpload, AbortMultipartUpload, ListParts,
// ListMultipartUploads. UploadPart is commit_body() (object_operations.cpp). The two listings
// are paginated as S3 paginates them: max-parts/part-number-marker and
// max-uploads/key-marker/upload-id-marker, at most 1,000 a page.
#include <algorithm>
#include <charconv>
#include <string_view>
#include <tuple>
#include <vector>

#include "sigv4/uri_encode.h"
#include "tools/serve/archive_rules.h"
#include "tools/serve/object_options.h"
#include "tools/serve/operations.h"
#include "tools/serve/request_xml.h"
#include "tools/serve/s3_error.h"
#include "tools/serve/xml_response.h"

namespace hoist::serve {
namespace {

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

const std::string& upload_id(const Exchange& exchange) {
  static const std::string kNone;
  const std::string* id = exchange.param("uploadId");
  return id ? *id : kNone;
}

void add_checksum_elements(XmlResponse& xml, const NamedValues& checksums) {
  for (const auto& [name, value] : checksums) xml.element("Checksum" + upper(name), value);
}

// S3 returns at most 1,000 parts or uploads a page, whatever max-parts/max-uploads asks for.
constexpr int kMaxPage = 1000;


// A non-negative integer query parameter (max-parts, part-number-marker, max-uploads), or
// `fallback` when the request has none. S3 refuses anything else with InvalidArgument.
Result<int> count_param(const Exchange& exchange, std::string_view name, int fallback) {
  const std::string* text = exchange.param(name);
  if (text == nullptr) return fallback;
  int value = 0;
  const char* end = text->data() + text->size();
  const auto [stop, failure] = std::from_chars(text->data(), end, value);
  if (text->empty() || failure != std::errc() || stop != end || value < 0) {
    return s3_error(
        400, "InvalidArgument",
        "Argument " + std::string(name) + " must be an integer between 0 and 2147483647");
  }
  return value;
}

// The uploads a listing resumed at (key_marker, id_marker) returns, in S3's order: by key,
// then by initiation (ties by id, so that every page sees the same order). With only a key
// marker, listing resumes after that key. With both, it resumes after the named upload; if
// that upload is gone (aborted between pages), after the key's uploads whose ids sort at or
// before the marker, as S3 documents upload-id-marker.
std::vector<UploadInfo> uploads_after(std::vector<UploadInfo> uploads,
                                      const std::string& key_marker, const std::string& id_marker) {
  std::sort(uploads.begin(), uploads.end(), [](const UploadInfo& a, const UploadInfo& b) {
    return std::tie(a.key, a.initiated_ns, a.upload_id) <
           std::tie(b.key, b.initiated_ns, b.upload_id);
  });
  if (key_marker.empty()) return uploads;
  const auto marker = std::find_if(uploads.begin(), uploads.end(), [&](const UploadInfo& u) {
    return !id_marker.empty() && u.key == key_marker && u.upload_id == id_marker;
  });
  std::vector<UploadInfo> out;
  for (auto it = uploads.begin(); it != uploads.end(); ++it) {
    bool after = false;
    if (it->key != key_marker) {
      after = it->key > key_marker;
    } else if (!id_marker.empty()) {
      after = marker != uploads.end() ? it > marker : it->upload_id > id_marker;
    }
    if (after) out.push_back(std::move(*it));
  }
  return out;
}

}  // namespace

Result<int> part_number(const Exchange& exchange) {
  const std::string* text = exchange.param("partNumber");
  char* end = nullptr;
  const long n = text ? std::strtol(text->c_str(), &end, 10) : 0;
  if (text == nullptr || text->empty() || *end != '\0' || n < 1 || n > kMaxParts) {
    return s3_error(400, "InvalidArgument",
                    "Part number must be an integer between 1 and 10000, inclusive");
  }
  return static_cast<int>(n);
}

Result<HttpResponse> create_multipart_upload(ObjectStore& store, const Exchange& exchange) {
  const std::string* algorithm = exchange.header("x-amz-checksum-algorithm");
  const std::string* type = exchange.header("x-amz-checksum-type");
  const ObjectAttributes attributes = object_attributes(exchange);
  if (auto valid = check_storage_class(attributes); !valid.ok()) return valid.error();
  auto id = store.create_upload(exchange.target.bucket, exchange.target.key, attributes,
                                algorithm ? *algorithm : "", type ? *type : "");
  if (!id.ok()) return id.error();
  XmlResponse xml("InitiateMultipartUploadResult");
  xml.element("Bucket", exchange.target.bucket);
  xml.element("Key", exchange.target.key);
  xml.element("UploadId", *id);
  HttpResponse response = xml.done();
  if (algorithm) response.add("x-amz-checksum-algorithm", *algorithm);
  if (type) response.add("x-amz-checksum-type", *type);
  add_option_headers(response, option_headers(exchange), /*object_state=*/false);
  return response;
}

Result<HttpResponse> complete_multipart_upload(ObjectStore& store, const Exchange& exchange) {
  auto parts = parse_complete_request(exchange.buffered);
  if (!parts.ok()) return parts.error();
  NamedValues checksums;
  for (const auto& [name, value] : exchange.headers) {
    constexpr std::string_view kPrefix = "x-amz-checksum-";
    if (name.rfind(kPrefix, 0) == 0 && name != "x-amz-checksum-type" &&
        name != "x-amz-checksum-algorithm") {
      checksums.emplace_back(name.substr(kPrefix.size()), value);
    }
  }
  auto info = store.complete_upload(exchange.target.bucket, exchange.target.key,
                                    upload_id(exchange), *parts, checksums);
  if (!info.ok()) return info.error();
  XmlResponse xml("CompleteMultipartUploadResult");
  xml.element("Location", "/" + exchange.target.bucket + "/" + exchange.target.key);
  xml.element("Bucket", exchange.target.bucket);
  xml.element("Key", exchange.target.key);
  xml.element("ETag", info->etag);
  add_checksum_elements(xml, info->checksums);
  if (!info->checksum_type.empty()) xml.element("ChecksumType", info->checksum_type);
  return xml.done();
}

Result<HttpResponse> abort_multipart_upload(ObjectStore& store, const Exchange& exchange) {
  if (auto aborted =
          store.abort_upload(exchange.target.bucket, exchange.target.key, upload_id(exchange));
      !aborted.ok()) {
    return aborted.error();
  }
  HttpResponse response;
  response.status = 204;
  return response;
}

Result<HttpResponse> list_parts(ObjectStore& store, const Exchange& exchange) {
  auto max_parts = count_param(exchange, "max-parts", kMaxPage);
  if (!max_parts.ok()) return max_parts.error();
  auto marker = count_param(exchange, "part-number-marker", 0);
  if (!marker.ok()) return marker.error();
  auto parts =
      store.list_parts(exchange.target.bucket, exchange.target.key, upload_id(exchange));
  if (!parts.ok()) return parts.error();

  // The page is the parts after the marker, in part-number order, at most max-parts of them.
  std::vector<PartInfo> after;
  for (PartInfo& part : *parts) {
    if (part.part_number > *marker) after.push_back(std::move(part));
  }
  std::sort(after.begin(), after.end(),
            [](const PartInfo& a, const PartInfo& b) { return a.part_number < b.part_number; });
  const size_t limit = std::min<size_t>(static_cast<size_t>(*max_parts), kMaxPage);
  const bool truncated = after.size() > limit;
  if (truncated) after.resize(limit);

  XmlResponse xml("ListPartsResult");
  xml.element("Bucket", exchange.target.bucket);
  xml.element("Key", exchange.target.key);
  xml.element("UploadId", upload_id(exchange));
  xml.element("PartNumberMarker", std::to_string(*marker));
  // An empty page resumes where it started, so following it never skips a part.
  xml.element("NextPartNumberMarker",
              std::to_string(after.empty() ? *marker : after.back().part_number));
  xml.element("MaxParts", std::to_string(limit));
  xml.element("IsTruncated", truncated ? "true" : "false");
  xml.element("StorageClass", "STANDARD");
  for (const PartInfo& part : after) {
    xml.open("Part");
    xml.element("PartNumber", std::to_string(part.part_number));
    xml.element("LastModified", iso8601_time(part.last_modified_ns));
    xml.element("ETag", part.etag);
    xml.element("Size", std::to_string(part.size));
    add_checksum_elements(xml, part.checksums);
    xml.close("Part");
  }
  return xml.done();
}

Result<HttpResponse> list_multipart_uploads(ObjectStore& store, const Exchange& exchange) {
  auto max_uploads = count_param(exchange, "max-uploads", kMaxPage);
  if (!max_uploads.ok()) return max_uploads.error();
  const std::string encoding = exchange.param_or_empty("encoding-type");
  if (!encoding.empty() && encoding != "url") {
    return s3_error(400, "InvalidArgument", "Invalid Encoding Method specified in Request");
  }
  const bool url = encoding == "url";
  const auto text = [url](const std::string& value) {
    return url ? sigv4::uri_encode(value, false) : value;
  };
  const std::string prefix = exchange.param_or_empty("prefix");
  const std::string key_marker = exchange.param_or_empty("key-marker");
  // S3 ignores upload-id-marker without key-marker.
  const std::string id_marker =
      key_marker.empty() ? std::string() : exchange.param_or_empty("upload-id-marker");

  auto uploads = store.list_uploads(exchange.target.bucket, prefix);
  if (!uploads.ok()) return uploads.error();
  std::vector<UploadInfo> after = uploads_after(std::move(*uploads), key_marker, id_marker);
  const size_t limit = std::min<size_t>(static_cast<size_t>(*max_uploads), kMaxPage);
  const bool truncated = after.size() > limit;
  if (truncated) after.resize(limit);

  XmlResponse xml("ListMultipartUploadsResult");
  xml.element("Bucket", exchange.target.bucket);
  xml.element("KeyMarker", text(key_marker));
  xml.element("UploadIdMarker", id_marker);
  // An empty page resumes where it started, so following it never skips an upload.
  xml.element("NextKeyMarker", text(after.empty() ? key_marker : after.back().key));
  xml.element("NextUploadIdMarker", after.empty() ? id_marker : after.back().upload_id);
  xml.element("Prefix", text(prefix));
  xml.element("MaxUploads", std::to_string(limit));
  if (url) xml.element("EncodingType", "url");
  xml.element("IsTruncated", truncated ? "true" : "false");
  for (const UploadInfo& upload : after) {
    xml.open("Upload");
    xml.element("Key", text(upload.key));
    xml.element("UploadId", upload.upload_id);
    xml.element("Initiated", iso8601_time(upload.initiated_ns));
    xml.element("StorageClass", upload.storage_class.empty() ? "STANDARD" : upload.storage_class);
    xml.close("Upload");
  }
  return xml.done();
}

}  // namespace hoist::serve
