#include "engine/api/resume_token.h"

#include <nlohmann/json.hpp>

namespace hoist::api {
namespace {

constexpr int kVersion = 1;

Error invalid_token(const std::string& why) {
  return Error::make(ErrorKind::kInvalid, "InvalidResumeToken", "not a resume token: " + why);
}

}  // namespace

std::string encode_resume_token(const ResumeToken& token) {
  nlohmann::json json = {{"hoist_resume", kVersion},     {"kind", "upload"},
                         {"source", token.source},       {"bucket", token.destination.bucket},
                         {"key", token.destination.key}, {"recursive", token.recursive}};
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
  ResumeToken token;
  token.source = source->get<std::string>();
  token.destination = S3Uri{bucket->get<std::string>(), key->get<std::string>()};
  token.recursive = recursive->get<bool>();
  if (token.source.empty() || token.destination.bucket.empty()) {
    return invalid_token("no source or bucket");
  }
  return token;
}

}  // namespace hoist::api
