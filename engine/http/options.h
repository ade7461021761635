// Connection settings shared by every request one event loop sends.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace hoist::http {

class TokenBucket;

// Receives one line of --debug output. Secrets are already redacted when it is called.
using DebugSink = std::function<void(std::string_view line)>;

struct Options {
  std::chrono::milliseconds connect_timeout{3000};
  // A transfer whose rate stays below low_speed_bytes_per_second for low_speed_window is
  // abandoned as stalled (a dead peer must not hang a backup forever, and neither may one
  // that drips a byte or two a second to keep the connection alive). 64 B/s is far below
  // any working link shared by a transfer's connections; a transfer paused by --bwlimit
  // does not count as slow.
  long low_speed_bytes_per_second = 64;
  std::chrono::seconds low_speed_window{30};
  // 0 means no overall limit: large objects may legitimately take hours.
  std::chrono::milliseconds total_timeout{0};

  bool verify_tls = true;
  std::string ca_bundle;  // PEM file; empty means the system store

  long max_connections_per_host = 64;
  DebugSink debug;  // null: no debug output

  // Body bytes of requests still in flight (sent, for uploads; received into a sink, for
  // downloads), added as they move and taken back when the request ends, so that progress
  // moves within a part instead of once per part. Loops given the same counter share it.
  // Null: not counted.
  std::shared_ptr<std::atomic<int64_t>> body_bytes_in_flight;

  // Caps request and response body bytes per second; loops given the same bucket share one
  // cap. Null: no cap.
  std::shared_ptr<TokenBucket> bandwidth;
};

}  // namespace hoist::http
