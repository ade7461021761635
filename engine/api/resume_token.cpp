#include "engine/api/resume_token.h"

#include <nlohmann/json.hpp>
#include <optional>

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

}  // namespace

std::string encode_resume_token(const ResumeToken& token) {
  nlohmann::json json = {{"hoist_resume", kVersion},
                         {"kind", "upload"},
                         {"source", escaped(token.source)},
                         {"bucket", escaped(token.destination.bucket)},
                         {"key", escaped(token.destination.key)},
                         {"recursive", token.recursive}};
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
  if (!kind || *kind != "upload") return invalid_token("kind is not upload");
  const nlohmann::json* source = string_field("source");
  const nlohmann::json* bucket = string_field("bucket");
  const nlohmann::json* key = string_field("key");
  auto recursive = json.find("recursive");
  if (!source || !bucket || !key || recursive == json.end() || !recursive->is_boolean()) {
    return invalid_token("a field is missing");
  }
  auto source_bytes = unescaped(source->get<std::string>());
  auto bucket_bytes = unescaped(bucket->get<std::string>());
  auto key_bytes = unescaped(key->get<std::string>());
  if (!source_bytes || !bucket_bytes || !key_bytes) return invalid_token("a malformed %XX");
  ResumeToken token;
  token.source = std::move(*source_bytes);
  token.destination = S3Uri{std::move(*bucket_bytes), std::move(*key_bytes)};
  token.recursive = recursive->get<bool>();
  // "-" (stdin) cannot be read twice, so no upload of it is ever paused: a token naming it
  // was not made here, and must not make resume() read stdin.
  if (token.source.empty() || token.source == "-" || token.destination.bucket.empty()) {
    return invalid_token("no source or bucket");
  }
  return token;
}

}  // namespace hoist::api
