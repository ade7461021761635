// FaultInjector: decides, request by request, whether `hoist serve --fault-rate F` breaks it,
// so clients' retry paths can be tested against a server that fails the way S3 does under
// load. Each request independently fails with probability F, evenly split between the four
// kinds below; the sequence is fixed by the seed (for a given order of arrival).
//
// A faulted request never changes state: errors are answered before the body is read, and a
// reset or stall drops the connection before anything is committed.
//
// PartAnswerHold: `hoist serve --hold-part-answers N,M` answers the first N UploadPart requests
// it stores, then stores the next M and holds their answers until the server stops (the
// connection is then reset): a client killed meanwhile leaves parts the server holds but whose
// answers it never read, as a client killed with requests in flight does against S3.
//
// Thread-safe (one mutex around the generator; one around the hold's count).
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

#include "base/mutex.h"

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
  base::Mutex mu_;
  std::mt19937_64 rng_ GUARDED_BY(mu_);
};

class PartAnswerHold {
 public:
  // Holds nothing when held == 0.
  PartAnswerHold(uint64_t answered_first, uint64_t held)
      : answered_first_(answered_first), held_(held) {}

  // Counts one stored part; true when its answer is to be held (then call wait()).
  bool hold_next();
  // Blocks until release().
  void wait();
  // Lets every held answer go, now and from then on; before the HTTP server stops, which
  // waits for its connections.
  void release();

 private:
  const uint64_t answered_first_;
  const uint64_t held_;
  base::Mutex mu_;
  base::CondVar released_cv_;
  uint64_t stored_ GUARDED_BY(mu_) = 0;
  bool released_ GUARDED_BY(mu_) = false;
};

}  // namespace hoist::serve
