// Context: what every verb of the hoist CLI shares: the global flags, the Client built from
// them on first use, and the way results and errors are printed.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "hoist/client.h"
#include "hoist/config.h"
#include "hoist/error.h"

namespace hoist::cli {

// Exit codes, as documented in --help.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

enum class OutputFormat { kText, kJson };

struct GlobalOptions {
  Config config;
  bool no_verify_ssl = false;
  bool debug = false;
  bool quiet = false;
  std::string output = "text";
};

class Context {
 public:
  GlobalOptions options;

  OutputFormat format() const {
    return options.output == "json" ? OutputFormat::kJson : OutputFormat::kText;
  }

  // The client for this run, created on first use. On failure prints the error for `verb`
  // and returns null.
  Client* client(std::string_view verb);

  // Prints "hoist: <verb>: <subject>: <reason>" to stderr.
  void report_error(std::string_view verb, std::string_view subject, const Error& error) const;
  void report_error(std::string_view verb, std::string_view subject, std::string_view reason) const;

  // Prints a usage error ("hoist: <verb>: <reason>", or "hoist: <reason>" for an empty verb)
  // and returns kExitUsage.
  int usage_error(std::string_view verb, std::string_view reason) const;

  // Prints a line of normal output to stdout unless --quiet.
  void print(std::string_view line) const;

 private:
  std::unique_ptr<Client> client_;
};

}  // namespace hoist::cli
