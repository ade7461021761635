#include "tests/integration/scripted_s3.h"

#include <algorithm>
#include <cstdint>
#include <span>

#include "engine/checksum/hasher.h"
#include "engine/s3/complete_multipart_upload.h"
#include "engine/s3/url_decode.h"
#include "sigv4/uri_encode.h"

namespace hoist::test {
namespace {

constexpr const char* kXml = R"(<?xml version="1.0" encoding="UTF-8"?>)";
constexpr const char* kLastModifiedHttp = "Wed, 02 Dec 2026 10:00:00 GMT";
constexpr const char* kLastModifiedIso = "2026-12-02T10:00:00.000Z";

std::span<const uint8_t> bytes_of(const std::string& data) {
  return {reinterpret_cast<const uint8_t*>(data.data()), data.size()};
}

std::string etag_of(const std::string& data) {
  return "\"" + checksum::digest_of(checksum::Algorithm::md5, bytes_of(data)).to_hex() + "\"";
}

std::map<std::string, std::string> parse_query(const std::string& target) {
  std::map<std::string, std::string> query;
  size_t mark = target.find('?');
  if (mark == std::string::npos) return query;
  std::string_view rest = std::string_view(target).substr(mark + 1);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    size_t eq = pair.find('=');
    std::string name = s3::url_decode(pair.substr(0, eq));
    query[name] = eq == std::string_view::npos ? "" : s3::url_decode(pair.substr(eq + 1));
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
  }
  return query;
}

std::string error_body(const std::string& code, const std::string& message) {
  return std::string(kXml) + "<Error><Code>" + code + "</Code><Message>" + message +
         "</Message><RequestId>SCRIPTED</RequestId></Error>";
}

CannedResponse error(int status, const std::string& code, const std::string& message) {
  return CannedResponse().with_status(status).with_body(error_body(code, message));
}

// A call outside what the store serves (see scripted_s3.h): refused as S3 refuses a method a
// resource does not allow, naming the request so a test that strays says where.
CannedResponse unserved(const RecordedRequest& request) {
  return error(405, "MethodNotAllowed", request.method + " " + request.target +
                                            " is not among the calls ScriptedS3 answers");
}

std::string xml_unescape(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    for (auto [entity, ch] : {std::pair{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
                              {"&quot;", '"'}, {"&apos;", '\''}}) {
      if (text.substr(i).starts_with(entity)) {
        out += ch;
        i += std::string_view(entity).size() - 1;
        break;
      }
    }
  }
  return out;
}

}  // namespace

ScriptedS3::ScriptedS3() {
  server_.respond_with([this](const RecordedRequest& request) {
    Hook hook;
    int nth = 0;
    {
      base::MutexLock lock(mutex_);
      hook = hook_;
      nth = ++request_counts_[request.method + " " + request.path];
    }
    if (hook) {
      if (std::optional<CannedResponse> scripted = hook(request, nth)) return *scripted;
    }
    return honest(request);
  });
}

void ScriptedS3::intercept(Hook hook) {
  base::MutexLock lock(mutex_);
  hook_ = std::move(hook);
}

void ScriptedS3::put(const std::string& key, std::string data) {
  base::MutexLock lock(mutex_);
  objects_[key] = std::move(data);
}

std::optional<std::string> ScriptedS3::object(const std::string& key) const {
  base::MutexLock lock(mutex_);
  auto found = objects_.find(key);
  if (found == objects_.end()) return std::nullopt;
  return found->second;
}

std::vector<std::string> ScriptedS3::keys() const {
  base::MutexLock lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [key, data] : objects_) out.push_back(key);
  return out;
}

size_t ScriptedS3::open_uploads() const {
  base::MutexLock lock(mutex_);
  return uploads_.size();
}

std::string ScriptedS3::crc64nvme(const std::string& data) {
  return checksum::digest_of(checksum::Algorithm::crc64nvme, bytes_of(data)).to_base64();
}

std::string ScriptedS3::list_page(const std::vector<Listed>& objects, bool truncated,
                                  const std::string& next_token,
                                  const std::vector<std::string>& common_prefixes) {
  std::string body = std::string(kXml) + "<ListBucketResult><Name>" + kBucket +
                     "</Name><EncodingType>url</EncodingType><IsTruncated>" +
                     (truncated ? "true" : "false") + "</IsTruncated>";
  if (!next_token.empty()) body += "<NextContinuationToken>" + next_token + "</NextContinuationToken>";
  for (const Listed& object : objects) {
    std::string etag = object.etag;
    for (size_t q = etag.find('"'); q != std::string::npos; q = etag.find('"', q)) {
      etag.replace(q, 1, "&quot;");
    }
    body += "<Contents><Key>" + sigv4::uri_encode(object.key, false) + "</Key><LastModified>" +
            kLastModifiedIso + "</LastModified><ETag>" + etag + "</ETag><Size>" +
            std::to_string(object.size) + "</Size><StorageClass>STANDARD</StorageClass></Contents>";
  }
  for (const std::string& prefix : common_prefixes) {
    body += "<CommonPrefixes><Prefix>" + sigv4::uri_encode(prefix, false) +
            "</Prefix></CommonPrefixes>";
  }
  return body + "</ListBucketResult>";
}

CannedResponse ScriptedS3::honest(const RecordedRequest& request) {
  const std::string path = s3::url_decode(request.path);
  const std::string bucket_path = std::string("/") + kBucket;
  if (path != bucket_path && !path.starts_with(bucket_path + "/")) {
    return error(404, "NoSuchBucket", "The specified bucket does not exist");
  }
  const std::string key = path.size() > bucket_path.size() + 1 ? path.substr(bucket_path.size() + 1) : "";
  const auto query = parse_query(request.target);
  const auto has = [&](const char* name) { return query.count(name) > 0; };

  if (key.empty()) {
    if (request.method == "GET" && query.count("list-type")) return list_objects(query);
    if (request.method == "HEAD") return CannedResponse();
    if (request.method == "POST" && has("delete")) return delete_objects(request);
    return unserved(request);
  }
  base::MutexLock lock(mutex_);
  if (request.method == "POST" && has("uploads")) {
    const std::string id = "upload-" + std::to_string(next_upload_++);
    uploads_[id] = Upload{key, {}};
    return CannedResponse().with_body(std::string(kXml) +
                                      "<InitiateMultipartUploadResult><Bucket>" + kBucket +
                                      "</Bucket><Key>" + key + "</Key><UploadId>" + id +
                                      "</UploadId></InitiateMultipartUploadResult>");
  }
  if (has("uploadId")) {
    auto upload = uploads_.find(query.at("uploadId"));
    if (upload == uploads_.end()) return error(404, "NoSuchUpload", "The specified upload does not exist.");
    if (request.method == "PUT" && has("partNumber")) {
      upload->second.parts[std::stoi(query.at("partNumber"))] = request.body;
      return CannedResponse().with_header("ETag", etag_of(request.body));
    }
    if (request.method == "DELETE") {
      uploads_.erase(upload);
      return CannedResponse().with_status(204);
    }
    if (request.method == "POST") return complete(request, key, query.at("uploadId"));
    return unserved(request);
  }
  if (request.method == "PUT") {
    objects_[key] = request.body;
    return CannedResponse().with_header("ETag", etag_of(request.body));
  }
  if (request.method == "GET" || request.method == "HEAD") return get_or_head(request, key);
  if (request.method == "DELETE") {
    objects_.erase(key);
    return CannedResponse().with_status(204);
  }
  return unserved(request);
}

CannedResponse ScriptedS3::list_objects(const std::map<std::string, std::string>& query) {
  const auto value = [&](const char* name) {
    auto found = query.find(name);
    return found == query.end() ? std::string() : found->second;
  };
  const std::string prefix = value("prefix");
  const std::string delimiter = value("delimiter");
  const std::string after = value("continuation-token");
  const size_t max_keys = query.count("max-keys") ? std::stoul(value("max-keys")) : 1000;
  std::vector<Listed> listed;
  std::vector<std::string> prefixes;
  std::string last;
  bool truncated = false;
  base::MutexLock lock(mutex_);
  for (auto it = objects_.upper_bound(after); it != objects_.end(); ++it) {
    const std::string& key = it->first;
    if (!key.starts_with(prefix)) continue;
    if (listed.size() + prefixes.size() == max_keys) {
      truncated = true;
      break;
    }
    size_t cut = delimiter.empty() ? std::string::npos : key.find(delimiter, prefix.size());
    if (cut != std::string::npos) {
      std::string common = key.substr(0, cut + delimiter.size());
      if (prefixes.empty() || prefixes.back() != common) prefixes.push_back(common);
    } else {
      listed.push_back({key, it->second.size(), etag_of(it->second)});
    }
    last = key;
  }
  return CannedResponse().with_body(list_page(listed, truncated, truncated ? last : "", prefixes));
}

CannedResponse ScriptedS3::get_or_head(const RecordedRequest& request, const std::string& key) {
  auto found = objects_.find(key);
  if (found == objects_.end()) return error(404, "NoSuchKey", "The specified key does not exist.");
  const std::string& data = found->second;
  CannedResponse response;
  response.with_header("ETag", etag_of(data)).with_header("Last-Modified", kLastModifiedHttp);
  std::optional<std::string> range = request.header("Range");
  if (range && range->starts_with("bytes=")) {
    size_t dash = range->find('-');
    uint64_t first = std::stoull(range->substr(6, dash - 6));
    uint64_t last = std::min<uint64_t>(std::stoull(range->substr(dash + 1)), data.size() - 1);
    response.with_status(206)
        .with_header("Content-Range", "bytes " + std::to_string(first) + "-" +
                                          std::to_string(last) + "/" + std::to_string(data.size()))
        .with_body(data.substr(first, last - first + 1));
    return response;
  }
  if (request.header("x-amz-checksum-mode")) {
    response.with_header("x-amz-checksum-crc64nvme", crc64nvme(data))
        .with_header("x-amz-checksum-type", "FULL_OBJECT");
  }
  return response.with_body(data);
}

CannedResponse ScriptedS3::complete(const RecordedRequest& request, const std::string& key,
                                    const std::string& upload_id) {
  auto named = s3::parse_complete_multipart_upload_request(request.body);
  if (!named.ok()) return error(400, "MalformedXML", "The XML you provided was not well-formed.");
  Upload& upload = uploads_.at(upload_id);
  std::string data;
  for (const s3::CompletedPart& part : *named) {
    auto stored = upload.parts.find(part.part_number);
    if (stored == upload.parts.end() || etag_of(stored->second) != part.etag) {
      return error(400, "InvalidPart", "One or more of the specified parts could not be found.");
    }
    data += stored->second;
  }
  objects_[key] = data;
  uploads_.erase(upload_id);
  return CannedResponse().with_body(std::string(kXml) +
                                    "<CompleteMultipartUploadResult><Bucket>" + kBucket +
                                    "</Bucket><Key>" + key + "</Key><ETag>&quot;done-" +
                                    std::to_string(named->size()) +
                                    "&quot;</ETag></CompleteMultipartUploadResult>");
}

CannedResponse ScriptedS3::delete_objects(const RecordedRequest& request) {
  std::string body = std::string(kXml) + "<DeleteResult>";
  base::MutexLock lock(mutex_);
  for (size_t at = request.body.find("<Key>"); at != std::string::npos;
       at = request.body.find("<Key>", at + 5)) {
    size_t end = request.body.find("</Key>", at);
    std::string key = xml_unescape(std::string_view(request.body).substr(at + 5, end - at - 5));
    objects_.erase(key);
    body += "<Deleted><Key>" + sigv4::uri_encode(key, false) + "</Key></Deleted>";
  }
  return CannedResponse().with_body(body + "</DeleteResult>");
}

CliResult ScriptedS3::hoist(std::vector<std::string> args,
                            const std::map<std::string, std::string>& extra_env) {
  std::vector<std::string> full = {"--endpoint-url", url()};
  full.insert(full.end(), args.begin(), args.end());
  auto env = environment();
  for (const auto& [name, value] : extra_env) env[name] = value;
  CliResult result = run_hoist(full, env);
  // The test's hook may hold references to the test's locals, which it changes next.
  server_.wait_for_clients_to_leave();
  return result;
}

std::map<std::string, std::string> ScriptedS3::environment() const {
  return isolated_environment(kAccessKey, kSecretKey);
}

}  // namespace hoist::test
