// BandwidthPacer: one EventLoop's side of a bandwidth cap that every loop of a transfer
// shares (one TokenBucket across all engine threads). Request body bytes are granted in
// curl's read callback and response body bytes in its write callback; a transfer that finds
// the bucket empty is paused (CURL_READFUNC_PAUSE / CURL_WRITEFUNC_PAUSE) and resumed with
// curl_easy_pause() by its own loop once tokens are back. The loop sleeps until then instead
// of polling, and a paused transfer does not count as stalled for curl's low-speed limit.
//
// Pausing, rather than CURLOPT_MAX_SEND_SPEED_LARGE per handle, keeps the cap exact for the
// sum of all transfers on all threads however many there are, and smooth: bytes move in
// pieces of at most a few tens of KiB, never a whole part at once.
//
// Like the loop that owns it, a pacer is used from one thread only; the bucket is the only
// shared part.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>

#include "engine/http/token_bucket.h"

namespace hoist::http {

class BandwidthPacer {
 public:
  // A null bucket: no cap, every call grants everything.
  explicit BandwidthPacer(std::shared_ptr<TokenBucket> bucket);

  // How many of the `wanted` body bytes `easy` may send now; 0 when it must pause (it is then
  // resumed by resume_ready()). REQUIRES: wanted > 0.
  size_t grant_send(CURL* easy, size_t wanted);

  // Whether `easy` may take the `size` bytes it received now; false when it must pause, in
  // which case curl keeps them and hands them over again once resumed.
  bool admit_receive(CURL* easy, size_t size);

  // `timeout`, shortened to when a paused transfer can go on.
  std::chrono::milliseconds wait_limit(std::chrono::milliseconds timeout) const;

  // Resumes as many paused transfers as the bucket can feed now, longest paused first; one
  // that still finds no tokens pauses again at the back of the line.
  void resume_ready();

  // `easy` is finishing or going away: it must not be resumed any more.
  void forget(CURL* easy);

 private:
  // The share a transfer waits for before it is woken: enough that a wake-up moves a useful
  // amount (16 KiB, curl's receive chunk), less at low rates so that turns come round often.
  size_t quantum() const;

  std::shared_ptr<TokenBucket> bucket_;
  std::deque<CURL*> paused_;
};

}  // namespace hoist::http
