#include "tools/hoist/sse_customer_key.h"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace hoist::cli {
namespace {

// Keys are 32 bytes: anything much larger is not a key file.
constexpr std::streamoff kMaxKeyFile = 4096;

}  // namespace

CLI::Validator sse_customer_key_into(std::string* out) {
  return CLI::Validator(
      [out](std::string& text) -> std::string {
        for (std::string_view scheme : {"fileb://", "file://"}) {
          if (text.rfind(scheme, 0) != 0) continue;
          const std::string path = text.substr(scheme.size());
          std::ifstream in(path, std::ios::binary);
          if (!in) return "cannot read " + path + ": " + std::strerror(errno);
          in.seekg(0, std::ios::end);
          if (in.tellg() > kMaxKeyFile) return path + " is too large to be a key";
          in.seekg(0);
          out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
          return {};
        }
        *out = text;
        return {};
      },
      "fileb://PATH|KEY");
}

void add_sse_customer_key_flags(CLI::App* cmd, std::string* algorithm, std::string* key,
                                std::string* key_text, const std::string& purpose) {
  cmd->add_option("--sse-c", *algorithm, purpose + " with your own key (SSE-C): AES256")
      ->expected(0, 1)
      ->default_str("AES256");
  cmd->add_option("--sse-c-key", *key_text,
                  "the SSE-C key: fileb://PATH to a file of 32 raw bytes (or the key as text)")
      ->check(sse_customer_key_into(key));
}

}  // namespace hoist::cli
