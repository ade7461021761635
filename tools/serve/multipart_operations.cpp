// CreateMultipartUpload, CompleteMultipartUpload, AbortMultipartUpload, ListParts,
// ListMultipartUploads. UploadPart is commit_body() (object_operations.cpp).
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
  auto id = store.create_upload(exchange.target.bucket, exchange.target.key,
                                object_attributes(exchange), algorithm ? *algorithm : "",
                                type ? *type : "");
  if (!id.ok()) return id.error();
  XmlResponse xml("InitiateMultipartUploadResult");
  xml.element("Bucket", exchange.target.bucket);
  xml.element("Key", exchange.target.key);
  xml.element("UploadId", *id);
  HttpResponse response = xml.done();
  if (algorithm) response.add("x-amz-checksum-algorithm", *algorithm);
  if (type) response.add("x-amz-checksum-type", *type);
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
  auto parts =
      store.list_parts(exchange.target.bucket, exchange.target.key, upload_id(exchange));
  if (!parts.ok()) return parts.error();
  XmlResponse xml("ListPartsResult");
  xml.element("Bucket", exchange.target.bucket);
  xml.element("Key", exchange.target.key);
  xml.element("UploadId", upload_id(exchange));
  xml.element("MaxParts", std::to_string(kMaxParts));
  xml.element("IsTruncated", "false");
  for (const PartInfo& part : *parts) {
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
  const std::string* prefix = exchange.param("prefix");
  auto uploads = store.list_uploads(exchange.target.bucket, prefix ? *prefix : "");
  if (!uploads.ok()) return uploads.error();
  XmlResponse xml("ListMultipartUploadsResult");
  xml.element("Bucket", exchange.target.bucket);
  xml.element("Prefix", prefix ? *prefix : "");
  xml.element("MaxUploads", "1000");
  xml.element("IsTruncated", "false");
  for (const UploadInfo& upload : *uploads) {
    xml.open("Upload");
    xml.element("Key", upload.key);
    xml.element("UploadId", upload.upload_id);
    xml.element("Initiated", iso8601_time(upload.initiated_ns));
    xml.element("StorageClass", "STANDARD");
    xml.close("Upload");
  }
  return xml.done();
}

}  // namespace hoist::serve
