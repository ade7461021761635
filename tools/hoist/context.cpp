#include "tools/hoist/context.h"

#include <cstdio>
#include <iostream>

#include "tools/hoist/printable.h"

namespace hoist::cli {

Client* Context::client(std::string_view verb) {
  if (client_) return client_.get();
  Config config = options.config;
  config.verify_tls = !options.no_verify_ssl;
  config.request_payer = options.request_payer.has_value();
  // 0 means no limit, as in aws-cli.
  auto duration = [](double seconds) {
    return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
  };
  if (options.connect_timeout_seconds) {
    config.connect_timeout = duration(*options.connect_timeout_seconds);
  }
  if (options.read_timeout_seconds) config.read_timeout = duration(*options.read_timeout_seconds);
  if (options.debug) {
    // Engine threads call this while the main thread prints to std::cerr, which is not safe
    // to share between threads (sync_with_stdio(false)): one write to stderr per line.
    config.debug = [](std::string_view line) {
      const std::string text = "debug: " + printable(line) + "\n";
      std::fwrite(text.data(), 1, text.size(), stderr);
    };
  }
  auto created = Client::create(config);
  if (!created.ok()) {
    report_error(verb, "configuration", created.error());
    return nullptr;
  }
  client_ = std::move(*created);
  if (options.debug) {
    const ResolvedSettings& s = client_->settings();
    std::cerr << "debug: endpoint " << s.endpoint << " (" << s.addressing_style
              << " addressing), region " << s.region << " from " << s.region_source
              << ", credentials " << s.access_key_id << " from " << s.credentials_source << '\n';
  }
  return client_.get();
}

int exit_code_for(const Error& error, int service_status) {
  if (error.code == "NoCredentials" || error.code == "InvalidConfiguration") return kExitConfig;
  switch (error.kind) {
    case ErrorKind::kInvalid:
      return kExitUsage;
    case ErrorKind::kLocal:
      return kExitOther;
    case ErrorKind::kTransport:
      // aws-cli: a listing that cannot connect is 255; a transfer verb's "fatal error" is 1.
      return service_status == kExitService ? kExitOther : service_status;
    case ErrorKind::kService:
    case ErrorKind::kIntegrity:
      break;
  }
  return service_status;
}

void Context::report_error(std::string_view verb, std::string_view subject,
                           const Error& error) const {
  report_error(verb, subject, error.describe());
}

void Context::report_error(std::string_view verb, std::string_view subject,
                           std::string_view reason) const {
  std::cout.flush();
  std::cerr << "hoist: " << verb << ": ";
  if (!subject.empty()) std::cerr << printable(subject) << ": ";
  std::cerr << printable(reason) << '\n';
}

int Context::report_stop(std::string_view verb, std::string_view url, const Error& error,
                         int service_status) const {
  const bool local = error.kind == ErrorKind::kLocal && !error.local_path.empty();
  report_error(verb, local ? std::string_view(error.local_path) : url, error);
  const int code = exit_code_for(error, service_status);
  // Input refused before sending is a usage error, with the same pointer to --help.
  if (code == kExitUsage) print_help_pointer(verb);
  return code;
}

int Context::usage_error(std::string_view verb, std::string_view reason) const {
  std::cerr << "hoist: " << verb << (verb.empty() ? "" : ": ") << reason << '\n';
  print_help_pointer(verb);
  return kExitUsage;
}

void Context::print_help_pointer(std::string_view verb) const {
  std::cerr << "Run 'hoist " << verb << (verb.empty() ? "" : " ") << "--help' for usage.\n";
}

void Context::print(std::string_view line) const {
  if (options.quiet) return;
  std::cout << printable(line) << '\n';
}

void Context::print_json(const nlohmann::json& document) const {
  if (options.quiet) return;
  std::cout << printable_json(document).dump(2) << '\n';
}

}  // namespace hoist::cli
