// FaultInjector: decides, request by request, whether `hoist serve --fault-rate F` breaks it,
// so clients' retry paths can be tested against a server that fails the way S3 does under
// load. Each request independently fails with probability F, evenly split between the four
// kinds below; the sequence is fixed by the seed (for a given order of arrival).
//
// A faulted request never changes state: errors are answered before the body is read, and a
// reset or stall drops the connection before anything is committed.
//
// Thread-safe (one mutex around the generator).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>

namespace hoist::serve {

enum class Fault {
  kNone,
  kSlowDown,       // 503 SlowDown
  kInternalError,  // 500 InternalError
  kReset,          // the connection is reset partway into the request body
  kStall,          // nothing is sent for kStallTime, then the connection is reset
};

class FaultInjector {
 public:
  // Long enough to trip a client's short read timeouts, short enough to keep tests quick.
  static constexpr std::chrono::seconds kStallTime{6};

  // REQUIRES: 0 <= rate <= 1.
  FaultInjector(double rate, uint64_t seed) : rate_(rate), rng_(seed) {}

  Fault next();

 private:
  const double rate_;
  std::mutex mu_;
  std::mt19937_64 rng_;
};

}  // namespace hoist::serve
