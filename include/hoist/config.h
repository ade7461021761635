// Config: how a Client finds S3 and proves who it is. Every field is optional: what is left
// empty is resolved the way the AWS CLI resolves it (environment, ~/.aws files, container or
// instance metadata), so a program embedding hoist behaves like the tools its users know.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace hoist {

struct Config {
  // Explicit credentials win over every other source. The secret and token are never logged.
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;

  std::string profile;       // --profile; else AWS_PROFILE; else "default"
  std::string region;        // --region; else AWS_REGION, AWS_DEFAULT_REGION, profile, metadata
  std::string endpoint_url;  // --endpoint-url; else AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, profile

  // "auto" (virtual-hosted on AWS when the bucket name allows, else path-style), "path" or
  // "virtual". Empty: the profile's s3.addressing_style, else auto.
  std::string addressing_style;

  bool verify_tls = true;  // --no-verify-ssl turns it off
  std::string ca_bundle;   // --ca-bundle, else AWS_CA_BUNDLE, else the system store

  std::chrono::milliseconds connect_timeout{3000};  // 0: as long as the system allows
  // A request that moves less than 64 bytes a second for this long (nothing, or a drip) is
  // abandoned (and retried when it may be): a dead or stalling peer must not hang a backup.
  // 0: never.
  std::chrono::milliseconds read_timeout{30000};

  // Send requests unsigned, and look for no credentials (aws-cli's --no-sign-request): reads
  // of public buckets.
  bool anonymous = false;

  // Every request says the requester pays (aws-cli's --request-payer requester): needed to
  // read or write a Requester Pays bucket.
  bool request_payer = false;
  // Keys asked for per listing page, 1 to 1000 (aws-cli's --page-size).
  int list_page_size = 1000;

  // Cap on the part buffers of all this Client's transfers together, however many run at
  // once (each transfer's TransferOptions::max_memory applies within it). 0: no cap beyond
  // each transfer's own, which by default is at most a quarter of physical memory.
  uint64_t max_memory = 0;

  // Receives --debug lines (requests, responses, how settings were resolved) with secrets
  // redacted. Called from the Client's own threads as well as the caller's, one line at a
  // time (never twice at once). Null: no debug output.
  std::function<void(std::string_view line)> debug;
};

}  // namespace hoist
