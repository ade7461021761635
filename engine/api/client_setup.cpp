#include "engine/api/client_setup.h"

#include <memory>

#include "base/mutex.h"
#include "engine/config/client_config.h"
#include "engine/config/process_environment.h"

namespace hoist::api {
namespace {

Error config_error(std::string message) {
  return Error::make(ErrorKind::kInvalid, "InvalidConfiguration", std::move(message));
}

// The Client names every credentials failure alike, whether nothing was configured or what
// was configured is unusable: the message says which.
Error no_credentials(const Error& error) {
  return Error::make(ErrorKind::kInvalid, "NoCredentials", error.message);
}

}  // namespace

Result<ClientSetup> resolve_client_setup(const Config& config) {
  config::ExplicitOptions explicit_options;
  explicit_options.profile = config.profile;
  explicit_options.region = config.region;
  explicit_options.endpoint_url = config.endpoint_url;
  explicit_options.addressing_style = config.addressing_style;
  explicit_options.access_key_id = config.access_key_id;
  explicit_options.secret_access_key = config.secret_access_key;
  explicit_options.session_token = config.session_token;
  explicit_options.anonymous = config.anonymous;  // no credentials are looked for

  config::ProcessEnvironment env;
  auto resolved = config::resolve_client_config(explicit_options, env);
  if (!resolved.ok()) return config_error(resolved.error().message);

  ClientSetup setup;
  setup.service.region = resolved->region.value;
  setup.service.addressing = resolved->addressing_style.style;
  if (resolved->endpoint_url) {
    auto endpoint = s3::parse_endpoint(resolved->endpoint_url->value);
    if (!endpoint.ok()) return endpoint.error();
    setup.service.endpoint = *endpoint;
  } else {
    setup.service.endpoint = s3::aws_endpoint(setup.service.region);
  }

  setup.service.request_payer = config.request_payer;
  // One retry budget and one SlowDown throttle for everything this Client sends (its calls
  // and all its transfers).
  setup.service.retry = std::make_shared<s3::RetryPolicy>();
  setup.service.throttle = std::make_shared<s3::Throttle>();
  setup.service.list_page_size = config.list_page_size;
  http::Options& http = setup.service.http;
  http.connect_timeout = config.connect_timeout;
  if (config.read_timeout.count() == 0) {
    http.low_speed_bytes_per_second = 0;  // curl: no stall detection
  } else {
    // curl counts the stall window in whole seconds.
    http.low_speed_window = std::chrono::ceil<std::chrono::seconds>(config.read_timeout);
  }
  http.verify_tls = config.verify_tls;
  http.ca_bundle = config.ca_bundle;
  if (http.ca_bundle.empty()) {
    if (auto bundle = env.get("AWS_CA_BUNDLE")) http.ca_bundle = *bundle;
  }
  if (config.debug) {
    // Every engine thread logs its requests: the caller's sink gets one line at a time.
    auto serial = std::make_shared<base::Mutex>();
    http.debug = [serial, sink = config.debug](std::string_view line) {
      base::MutexLock lock(*serial);
      sink(line);
    };
  }

  ResolvedSettings& s = setup.settings;
  s.region = resolved->region.value;
  s.region_source = resolved->region.source;
  s.endpoint = setup.service.endpoint.origin() + setup.service.endpoint.base_path;
  s.addressing_style = std::string(config::to_string(resolved->addressing_style.style));
  for (const auto& [name, setting] : resolved->s3_transfer_defaults) {
    s.s3_transfer_defaults.push_back({name, setting.value, setting.source});
  }

  if (config.anonymous) {
    // Empty credentials: the service sends requests unsigned, and none are looked for.
    s.credentials_source = "none (--no-sign-request)";
    setup.credentials = []() -> Result<sigv4::Credentials> { return sigv4::Credentials{}; };
    return setup;
  }
  // Credentials are fetched once now, so that a missing or broken source is reported before
  // any transfer starts; later requests get them from the cache, refreshed before expiry.
  std::shared_ptr<config::RefreshingCredentials> source = resolved->credentials;
  auto first = source->get();
  if (!first.ok()) return no_credentials(first.error());
  s.credentials_source = first->source;
  s.access_key_id = first->access_key_id;
  setup.credentials = [source]() -> Result<sigv4::Credentials> {
    auto creds = source->get();
    if (!creds.ok()) return no_credentials(creds.error());
    return sigv4::Credentials{creds->access_key_id, creds->secret_access_key, creds->session_token};
  };
  return setup;
}

}  // namespace hoist::api
