// Context: what every verb of the hoist CLI shares: the global flags, the Client built from
// them on first use, and the way results and errors are printed.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "hoist/client.h"
#include "hoist/config.h"
#include "hoist/error.h"

namespace hoist::cli {

// Exit codes, as aws-cli's, documented in --help and the README; scripts depend on them.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;         // one or more operations or transfers failed
inline constexpr int kExitSkipped = 2;        // files skipped (each warned), the rest done
inline constexpr int kExitInterrupted = 130;  // Ctrl-C or SIGTERM stopped it
inline constexpr int kExitUsage = 252;        // bad command line: nothing was done
inline constexpr int kExitConfig = 253;       // credentials or configuration unusable
inline constexpr int kExitService = 254;      // S3 refused a listing before anything else
inline constexpr int kExitOther = 255;        // anything else that stopped it before starting

// The exit code of a command that stopped as a whole with `error` before transferring
// anything: 253 for credentials and configuration, 252 for input refused before sending,
// 255 for a local path that failed, else `service_status`: 1 for the transfer verbs (as
// aws-cli's "fatal error"), 254 for listings (255 when the connection failed).
int exit_code_for(const Error& error, int service_status = kExitFailed);

enum class OutputFormat { kText, kJson };

struct GlobalOptions {
  Config config;
  bool no_verify_ssl = false;
  bool debug = false;
  bool quiet = false;
  std::string output = "text";
  std::optional<double> connect_timeout_seconds;  // --cli-connect-timeout
  std::optional<double> read_timeout_seconds;     // --cli-read-timeout
  std::optional<std::string> request_payer;       // --request-payer [requester]
  bool ignored_flag = false;  // aws-cli flags that change nothing here (--no-paginate)
};

class Context {
 public:
  GlobalOptions options;

  OutputFormat format() const {
    return options.output == "json" ? OutputFormat::kJson : OutputFormat::kText;
  }

  // The client for this run, created on first use. On failure prints the error for `verb`
  // and returns null: the verb then exits kExitConfig.
  Client* client(std::string_view verb);

  // Prints "hoist: <verb>: <subject>: <reason>" to stderr.
  void report_error(std::string_view verb, std::string_view subject, const Error& error) const;
  void report_error(std::string_view verb, std::string_view subject, std::string_view reason) const;

  // Reports `error` of a command that stopped as a whole, naming the local path it concerns or
  // else `url`, and returns its exit code (exit_code_for(error, service_status)).
  int report_stop(std::string_view verb, std::string_view url, const Error& error,
                  int service_status = kExitFailed) const;

  // Prints a usage error ("hoist: <verb>: <reason>", or "hoist: <reason>" for an empty verb)
  // and returns kExitUsage.
  int usage_error(std::string_view verb, std::string_view reason) const;

  // Prints a line of normal output to stdout unless --quiet, control characters and bytes
  // that are not UTF-8 escaped (printable()): keys come from servers.
  void print(std::string_view line) const;

  // Prints `document` (indented) to stdout unless --quiet, strings that are not UTF-8 escaped.
  void print_json(const nlohmann::json& document) const;

 private:
  // "Run 'hoist <verb> --help' for usage." on stderr, after a usage error.
  void print_help_pointer(std::string_view verb) const;

  std::unique_ptr<Client> client_;
};

}  // namespace hoist::cli
