// --sse-c-key as aws-cli takes it: fileb://PATH (the file's raw bytes), file://PATH (its
// text) or the key itself as text. The engine checks the length (32 bytes for AES-256).
#pragma once

#include <string>

namespace CLI {
class App;
class Validator;
}  // namespace CLI

namespace hoist::cli {

// A CLI11 validator that stores the key's bytes into `out`; a file that cannot be read is a
// usage error naming the path (never the key).
CLI::Validator sse_customer_key_into(std::string* out);

// Adds --sse-c (alone: AES256, as in aws-cli) and --sse-c-key to `cmd`, storing the algorithm
// and the key's bytes. `key_text` keeps the flag as given (CLI11 needs somewhere to put it).
void add_sse_customer_key_flags(CLI::App* cmd, std::string* algorithm, std::string* key,
                                std::string* key_text, const std::string& purpose);

}  // namespace hoist::cli
