// Connection settings shared by every request one event loop sends.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace hoist::http {

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
};

}  // namespace hoist::http
