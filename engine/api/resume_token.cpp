#include "engine/api/resume_token.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>

namespace hoist::api {
namespace {

constexpr int kVersion = 1;

Error invalid_token(const std::string& why) {
  return Error::make(ErrorKind::kInvalid, "InvalidResumeToken", "not a resume token: " + why);
}

// Paths and keys are bytes, not necessarily UTF-8, and JSON strings must be: bytes outside
// printable ASCII (and '%') travel as %XX, so any name survives the round trip.
std::string escaped(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    if (c < 0x20 || c >= 0x7f || c == '%') {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::optional<std::string> unescaped(const std::string& text) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (text.size() - i < 3) return std::nullopt;  // a % needs two hex digits after it
    const int high = digit(text[i + 1]);
    const int low = digit(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

// Bytes per range and done indexes that describe `size` bytes: a range size, and indexes
// ascending, each naming a range of the object.
bool plausible(const transfer::PartialDownload& p) {
  if (p.path.empty() || p.temp_path.empty() || p.bucket.empty() || p.range_size == 0) {
    return false;
  }
  const uint64_t ranges = p.size / p.range_size + (p.size % p.range_size != 0);
  for (size_t i = 0; i < p.done.size(); ++i) {
    if (p.done[i] >= ranges || (i > 0 && p.done[i] <= p.done[i - 1])) return false;
  }
  return true;
}

// Whether `path` is the destination `local` itself or a file below it, with no "." or ".."
// segment to climb out: a token's kept files never lie anywhere else.
bool inside(const std::string& path, const std::string& local) {
  if (path == local) return true;
  const std::string dir = local.back() == '/' ? local : local + "/";
  if (path.size() <= dir.size() || path.compare(0, dir.size(), dir) != 0) return false;
  const std::string below = "/" + path.substr(dir.size()) + "/";
  return below.find("/../") == std::string::npos && below.find("/./") == std::string::npos &&
         below.find("//") == std::string::npos;
}

nlohmann::json partial_json(const transfer::PartialDownload& p) {
  return {{"path", escaped(p.path)},     {"temp", escaped(p.temp_path)},
          {"bucket", escaped(p.bucket)}, {"key", escaped(p.key)},
          {"etag", escaped(p.etag)},     {"size", p.size},
          {"range_size", p.range_size},  {"done", p.done}};
}

std::optional<transfer::PartialDownload> partial_from(const nlohmann::json& json) {
  if (!json.is_object()) return std::nullopt;
  transfer::PartialDownload p;
  for (auto [name, field] : {std::pair{"path", &p.path},
                             {"temp", &p.temp_path},
                             {"bucket", &p.bucket},
                             {"key", &p.key},
                             {"etag", &p.etag}}) {
    auto it = json.find(name);
    if (it == json.end() || !it->is_string()) return std::nullopt;
    auto bytes = unescaped(it->get<std::string>());
    if (!bytes) return std::nullopt;
    *field = std::move(*bytes);
  }
  for (auto [name, field] : {std::pair{"size", &p.size}, {"range_size", &p.range_size}}) {
    auto it = json.find(name);
    if (it == json.end() || !it->is_number_unsigned()) return std::nullopt;
    *field = it->get<uint64_t>();
  }
  auto done = json.find("done");
  if (done == json.end() || !done->is_array()) return std::nullopt;
  for (const nlohmann::json& index : *done) {
    if (!index.is_number_unsigned() || index.get<uint64_t>() > UINT32_MAX) return std::nullopt;
    p.done.push_back(index.get<uint32_t>());
  }
  if (!plausible(p)) return std::nullopt;
  return p;
}

}  // namespace

std::string encode_resume_token(const ResumeToken& token) {
  const bool upload = token.kind == ResumeToken::Kind::kUpload;
  // An upload names its local side "source", a download "destination".
  nlohmann::json json = {{"hoist_resume", kVersion},
                         {"kind", upload ? "upload" : "download"},
                         {upload ? "source" : "destination", escaped(token.local)},
                         {"bucket", escaped(token.remote.bucket)},
                         {"key", escaped(token.remote.key)},
                         {"recursive", token.recursive}};
  if (!upload) {
    nlohmann::json partials = nlohmann::json::array();
    for (const transfer::PartialDownload& p : token.partials) partials.push_back(partial_json(p));
    json["partials"] = std::move(partials);
  }
  return json.dump();
}

Result<ResumeToken> decode_resume_token(const std::string& text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return invalid_token("not JSON");
  auto version = json.find("hoist_resume");
  if (version == json.end() || !version->is_number_integer() || *version != kVersion) {
    return invalid_token("no hoist_resume version " + std::to_string(kVersion));
  }
  auto string_field = [&](const char* name) -> const nlohmann::json* {
    auto it = json.find(name);
    return it != json.end() && it->is_string() ? &*it : nullptr;
  };
  const nlohmann::json* kind = string_field("kind");
  if (!kind || (*kind != "upload" && *kind != "download")) {
    return invalid_token("kind is neither upload nor download");
  }
  ResumeToken token;
  const bool upload = *kind == "upload";
  token.kind = upload ? ResumeToken::Kind::kUpload : ResumeToken::Kind::kDownload;
  const nlohmann::json* local = string_field(upload ? "source" : "destination");
  const nlohmann::json* bucket = string_field("bucket");
  const nlohmann::json* key = string_field("key");
  auto recursive = json.find("recursive");
  if (!local || !bucket || !key || recursive == json.end() || !recursive->is_boolean()) {
    return invalid_token("a field is missing");
  }
  auto local_bytes = unescaped(local->get<std::string>());
  auto bucket_bytes = unescaped(bucket->get<std::string>());
  auto key_bytes = unescaped(key->get<std::string>());
  if (!local_bytes || !bucket_bytes || !key_bytes) return invalid_token("a malformed %XX");
  token.local = std::move(*local_bytes);
  token.remote = S3Uri{std::move(*bucket_bytes), std::move(*key_bytes)};
  token.recursive = recursive->get<bool>();
  // "-" (stdin, stdout) cannot be read or written twice, so no transfer of it is ever paused:
  // a token naming it was not made here, and must not make resume() read stdin.
  if (token.local.empty() || token.local == "-" || token.remote.bucket.empty()) {
    return invalid_token("no local path or bucket");
  }
  if (!upload) {
    auto partials = json.find("partials");
    if (partials == json.end() || !partials->is_array()) {
      return invalid_token("a download without its partials");
    }
    std::set<std::string> paths;
    for (const nlohmann::json& entry : *partials) {
      auto partial = partial_from(entry);
      if (!partial) return invalid_token("a partial download is malformed");
      if (!inside(partial->path, token.local)) {
        return invalid_token("a partial download lies outside the destination");
      }
      if (!paths.insert(partial->path).second) {
        return invalid_token("two partial downloads of one file");
      }
      token.partials.push_back(std::move(*partial));
    }
  }
  return token;
}

}  // namespace hoist::api
