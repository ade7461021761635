#include "tools/hoist/context.h"

#include <cstdio>
#include <iostream>

namespace hoist::cli {

Client* Context::client(std::string_view verb) {
  if (client_) return client_.get();
  Config config = options.config;
  config.verify_tls = !options.no_verify_ssl;
  if (options.debug) {
    config.debug = [](std::string_view line) { std::cerr << "debug: " << line << '\n'; };
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

void Context::report_error(std::string_view verb, std::string_view subject,
                           const Error& error) const {
  report_error(verb, subject, error.describe());
}

void Context::report_error(std::string_view verb, std::string_view subject,
                           std::string_view reason) const {
  std::cout.flush();
  std::cerr << "hoist: " << verb << ": ";
  if (!subject.empty()) std::cerr << subject << ": ";
  std::cerr << reason << '\n';
}

int Context::usage_error(std::string_view verb, std::string_view reason) const {
  if (verb.empty()) {
    std::cerr << "hoist: " << reason << "\nRun 'hoist --help' for usage.\n";
  } else {
    std::cerr << "hoist: " << verb << ": " << reason << "\n"
              << "Run 'hoist " << verb << " --help' for usage.\n";
  }
  return kExitUsage;
}

void Context::print(std::string_view line) const {
  if (options.quiet) return;
  std::cout << line << '\n';
}

}  // namespace hoist::cli
