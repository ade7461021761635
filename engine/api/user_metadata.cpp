#include "engine/api/user_metadata.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "engine/transfer/file_mode.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/upload_headers.h"

namespace hoist::api {
namespace {

// S3 allows 2 KB of user metadata per object: names and values, in bytes.
constexpr size_t kMaxMetadataBytes = 2048;

Error bad_metadata(const std::string& why) {
  return transfer::invalid_input("InvalidArgument", "--metadata: " + why);
}

// RFC 9110 token characters: what a header name may hold.
bool is_token(std::string_view name) {
  static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || kExtra.find(c) != std::string_view::npos;
  });
}

bool is_printable_ascii(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

// aws-cli shorthand: pairs separated by commas; a value in double quotes may hold commas.
Result<MetadataPairs> parse_shorthand(std::string_view text) {
  MetadataPairs pairs;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t eq = text.find('=', pos);
    if (eq == std::string_view::npos) {
      return bad_metadata("'" + std::string(text.substr(pos, text.find(',', pos) - pos)) +
                          "' is not name=value (expected k1=v1,k2=v2 or JSON {\"k1\":\"v1\"})");
    }
    std::string name(text.substr(pos, eq - pos));
    std::string value;
    size_t end = eq + 1;
    if (end < text.size() && text[end] == '"') {
      const size_t close = text.find('"', end + 1);
      if (close == std::string_view::npos) return bad_metadata("unterminated quote in " + name);
      value = std::string(text.substr(end + 1, close - end - 1));
      end = close + 1;
      if (end < text.size() && text[end] != ',') {
        return bad_metadata("text after the quoted value of " + name);
      }
    } else {
      end = std::min(text.find(',', end), text.size());
      value = std::string(text.substr(eq + 1, end - eq - 1));
    }
    pairs.emplace_back(std::move(name), std::move(value));
    pos = end + 1;
    if (end + 1 == text.size()) return bad_metadata("trailing comma");
  }
  return pairs;
}

Result<MetadataPairs> parse_json(std::string_view text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return bad_metadata("not a JSON object of strings");
  }
  MetadataPairs pairs;
  for (const auto& [name, value] : json.items()) {
    if (!value.is_string()) return bad_metadata("the value of " + name + " is not a string");
    pairs.emplace_back(name, value.get<std::string>());
  }
  return pairs;
}

}  // namespace

Result<MetadataPairs> parse_user_metadata(std::string_view text) {
  const size_t start = text.find_first_not_of(" \t\n");
  if (start == std::string_view::npos) return bad_metadata("empty");
  auto parsed = text[start] == '{' || text[start] == '[' ? parse_json(text) : parse_shorthand(text);
  if (!parsed.ok()) return parsed.error();
  size_t bytes = 0;
  for (auto& [name, value] : *parsed) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!is_token(name)) {
      return bad_metadata("'" + name + "' is not a valid header name");
    }
    if (name == transfer::kMtimeMetadata || name == transfer::kModeMetadata ||
        name.rfind("hoist-", 0) == 0) {
      return bad_metadata("'" + name + "' is metadata hoist writes itself");
    }
    if (!is_printable_ascii(value)) {
      return bad_metadata("the value of " + name + " is not printable ASCII");
    }
    bytes += name.size() + value.size();
  }
  for (size_t i = 0; i < parsed->size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if ((*parsed)[i].first == (*parsed)[j].first) {
        return bad_metadata("'" + (*parsed)[i].first + "' is given twice");
      }
    }
  }
  if (bytes > kMaxMetadataBytes) {
    return bad_metadata(std::to_string(bytes) + " bytes; S3 allows 2 KB of user metadata");
  }
  return parsed;
}

}  // namespace hoist::api
