#include "engine/http/bandwidth_pacer.h"

#include <algorithm>

namespace hoist::http {
namespace {

// curl's receive chunk (CURL_MAX_WRITE_SIZE): a smaller grant would only split sends finer
// than the bytes arrive.
constexpr uint64_t kQuantum = 16 * 1024;

}  // namespace

BandwidthPacer::BandwidthPacer(std::shared_ptr<TokenBucket> bucket) : bucket_(std::move(bucket)) {}

size_t BandwidthPacer::quantum() const {
  // At low rates a smaller share, 1/16 s worth, so that many connections taking turns each
  // move something every few seconds instead of idling long enough for the server to give up.
  const uint64_t share = std::max<uint64_t>(bucket_->rate() / 16, 1024);
  return static_cast<size_t>(std::min({kQuantum, share, bucket_->burst()}));
}

size_t BandwidthPacer::grant_send(CURL* easy, size_t wanted) {
  if (!bucket_) return wanted;
  const auto granted = static_cast<size_t>(bucket_->take_up_to(wanted, quantum()));
  if (granted == 0) paused_.push_back(easy);
  return granted;
}

bool BandwidthPacer::admit_receive(CURL* easy, size_t size) {
  if (!bucket_ || size == 0) return true;
  if (bucket_->take_on_credit(size)) return true;
  paused_.push_back(easy);
  return false;
}

std::chrono::milliseconds BandwidthPacer::wait_limit(std::chrono::milliseconds timeout) const {
  if (!bucket_ || paused_.empty()) return timeout;
  const auto until = std::chrono::ceil<std::chrono::milliseconds>(bucket_->time_until(quantum()));
  return std::min(until, timeout);
}

void BandwidthPacer::resume_ready() {
  if (!bucket_ || paused_.empty()) return;
  const uint64_t available = bucket_->available();
  if (available < quantum()) return;
  // Wake only as many as the tokens can feed: waking every paused transfer for one quantum
  // would cost a callback each for nothing.
  size_t wake = std::max<uint64_t>(available / quantum(), 1);
  while (wake-- > 0 && !paused_.empty()) {
    CURL* easy = paused_.front();
    paused_.pop_front();
    // Unpausing a receiving transfer may run its write callback (and so admit_receive) right
    // here; it is already off the line, so pausing again puts it at the back.
    curl_easy_pause(easy, CURLPAUSE_CONT);
  }
}

void BandwidthPacer::forget(CURL* easy) {
  paused_.erase(std::remove(paused_.begin(), paused_.end(), easy), paused_.end());
}

}  // namespace hoist::http
