// --sse-c-key as aws-cli takes it: fileb://PATH (the file's raw bytes), file://PATH (its
// text) or the key itself as text. The engine checks the length (32 bytes for AES-256).
#pragma once

#include <string>

namespace CLI {
class Validator;
}  // namespace CLI

namespace hoist::cli {

// A CLI11 validator that stores the key's bytes into `out`; a file that cannot be read is a
// usage error naming the path (never the key).
CLI::Validator sse_customer_key_into(std::string* out);

}  // namespace hoist::cli
