#include "engine/http/event_loop.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/http/bandwidth_pacer.h"
#include "engine/http/header_line.h"
#include "engine/http/redact.h"

namespace hoist::http {
namespace {

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

TransportErrorKind classify(CURLcode code, bool connected) {
  switch (code) {
    case CURLE_OK:
      return TransportErrorKind::kNone;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransportErrorKind::kResolve;
    case CURLE_COULDNT_CONNECT:
      return TransportErrorKind::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return connected ? TransportErrorKind::kTimeout : TransportErrorKind::kConnectTimeout;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return TransportErrorKind::kConnectionReset;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
      return TransportErrorKind::kTls;
    case CURLE_ABORTED_BY_CALLBACK:
    case CURLE_WRITE_ERROR:
    case CURLE_READ_ERROR:
      return TransportErrorKind::kAborted;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_FUNCTION_ARGUMENT:
      return TransportErrorKind::kInvalidRequest;
    default:
      return TransportErrorKind::kOther;
  }
}

}  // namespace

// One request in flight: everything curl's callbacks need, owned until completion.
struct Transfer {
  Request request;
  Completion done;
  Response response;
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  uint64_t body_offset = 0;
  bool body_to_sink = false;  // decided when the final response's headers are complete
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::chrono::steady_clock::time_point started;
  BandwidthPacer* pacer = nullptr;            // the loop's for request.account.bandwidth
  std::atomic<int64_t>* in_flight = nullptr;  // request.account.body_bytes_in_flight, or null
  int64_t counted = 0;                        // what this request added to it

  void count_moving(int64_t bytes) {
    if (in_flight == nullptr || bytes == 0) return;
    in_flight->fetch_add(bytes, std::memory_order_relaxed);
    counted += bytes;
  }

  static size_t on_write(char* data, size_t size, size_t count, void* self) {
    auto* t = static_cast<Transfer*>(self);
    size_t n = size * count;
    if (!t->pacer->admit_receive(t->easy, n)) return CURL_WRITEFUNC_PAUSE;
    if (t->body_to_sink) {
      if (!t->request.body_sink(data, n)) return 0;  // 0 makes curl fail with WRITE_ERROR
      t->count_moving(static_cast<int64_t>(n));
      return n;
    }
    t->response.body.append(data, n);
    return n;
  }

  static size_t on_header(char* data, size_t size, size_t count, void* self) {
    auto* t = static_cast<Transfer*>(self);
    size_t n = size * count;
    HeaderLine line = parse_header_line(std::string_view(data, n));
    switch (line.kind) {
      case HeaderLine::Kind::kEnd:
        return t->on_header_block_end() ? n : 0;
      case HeaderLine::Kind::kStatus:
        // A new status line (after "100 Continue" or a redirect) starts a fresh header block.
        t->response.headers.clear();
        return n;
      case HeaderLine::Kind::kField:
        t->response.headers.emplace_back(std::move(line.name), std::move(line.value));
        return n;
      case HeaderLine::Kind::kOther:
        return n;
    }
    return n;
  }

  // The blank line after a header block. Interim (1xx) and redirect blocks are skipped; only
  // the final response's headers reach the caller.
  bool on_header_block_end() {
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200) return true;
    // An error body is S3's XML explanation, not object data: it never goes to the sink.
    body_to_sink = request.body_sink && status < 300;
    if (!request.on_headers) return true;
    return request.on_headers(status, response.headers);
  }

  static size_t on_read(char* dst, size_t size, size_t count, void* self) {
    auto* t = static_cast<Transfer*>(self);
    // The cap is asked only for bytes that exist: at the end of the body curl asks again and
    // must get its 0 at once.
    const uint64_t total = t->request.body_source ? t->request.body_size : t->request.body.size();
    size_t capacity = std::min<uint64_t>(size * count, total - std::min(total, t->body_offset));
    if (capacity > 0) {
      capacity = t->pacer->grant_send(t->easy, capacity);
      if (capacity == 0) return CURL_READFUNC_PAUSE;
    }
    if (t->request.body_source) {
      auto got = t->request.body_source(dst, capacity);
      if (!got) return CURL_READFUNC_ABORT;
      t->body_offset += *got;
      t->count_moving(static_cast<int64_t>(*got));
      return *got;
    }
    const std::string_view& body = t->request.body;
    size_t n = std::min<uint64_t>(capacity, body.size() - t->body_offset);
    std::memcpy(dst, body.data() + t->body_offset, n);
    t->body_offset += n;
    t->count_moving(static_cast<int64_t>(n));
    return n;
  }

  // curl rewinds the body when it must resend it (e.g. on a reused connection that closed).
  static int on_seek(void* self, curl_off_t offset, int origin) {
    auto* t = static_cast<Transfer*>(self);
    if (t->request.body_source || origin != SEEK_SET || offset < 0 ||
        static_cast<uint64_t>(offset) > t->request.body.size()) {
      return CURL_SEEKFUNC_CANTSEEK;
    }
    // What is sent again is counted again: take back what the rewind undid.
    t->count_moving(offset - static_cast<int64_t>(t->body_offset));
    t->body_offset = static_cast<uint64_t>(offset);
    return CURL_SEEKFUNC_OK;
  }
};

struct EventLoop::Impl {
  Options options;
  CURLM* multi = nullptr;
  std::vector<CURL*> idle_handles;          // reset and reused: keeps per-handle caches warm
  std::unordered_set<Transfer*> in_flight;  // owned; freed by complete() or the destructor
  // One pacer per bandwidth cap the requests in flight draw on (each transfer has its own
  // cap), kept while a request uses it; requests without a cap share `unpaced`.
  struct SharedPacer {
    BandwidthPacer pacer;
    size_t users = 0;
  };
  std::unordered_map<const TokenBucket*, SharedPacer> pacers;
  BandwidthPacer unpaced{nullptr};

  explicit Impl(Options opts) : options(std::move(opts)) {
    init_curl_once();
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.max_connections_per_host);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, options.max_connections_per_host);
  }

  ~Impl() {
    for (Transfer* t : in_flight) {
      curl_multi_remove_handle(multi, t->easy);
      curl_easy_cleanup(t->easy);
      curl_slist_free_all(t->header_list);
      t->count_moving(-t->counted);
      delete t;
    }
    for (CURL* h : idle_handles) curl_easy_cleanup(h);
    curl_multi_cleanup(multi);
  }

  BandwidthPacer* pacer_for(const std::shared_ptr<TokenBucket>& bucket) {
    if (!bucket) return &unpaced;
    auto [it, added] = pacers.try_emplace(bucket.get(), SharedPacer{BandwidthPacer(bucket)});
    ++it->second.users;
    return &it->second.pacer;
  }

  // `t` leaves the loop: its pacer forgets it, and goes when it paces nothing else.
  void release_pacer(Transfer* t) {
    t->pacer->forget(t->easy);
    auto it = pacers.find(t->request.account.bandwidth.get());
    if (it != pacers.end() && --it->second.users == 0) pacers.erase(it);
  }

  void resume_paced() {
    for (auto& [bucket, shared] : pacers) shared.pacer.resume_ready();
  }

  std::chrono::milliseconds pacing_limit(std::chrono::milliseconds timeout) const {
    for (const auto& [bucket, shared] : pacers) timeout = shared.pacer.wait_limit(timeout);
    return timeout;
  }

  void debug(const std::string& line) const {
    if (options.debug) options.debug(line);
  }

  CURL* take_handle() {
    if (idle_handles.empty()) return curl_easy_init();
    CURL* h = idle_handles.back();
    idle_handles.pop_back();
    curl_easy_reset(h);
    return h;
  }

  void configure(Transfer* t) {
    CURL* h = t->easy;
    const Request& r = t->request;
    curl_easy_setopt(h, CURLOPT_PRIVATE, t);
    curl_easy_setopt(h, CURLOPT_URL, r.url.c_str());
    // S3 keys are names, not paths: "a/../b" is its own object and its signature covers
    // those bytes. Without this curl resolves dot segments and sends "/b".
    curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t->error_buffer);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes_per_second);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
                     static_cast<long>(options.low_speed_window.count()));
    if (options.total_timeout.count() > 0) {
      curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
    }
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options.verify_tls ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options.verify_tls ? 2L : 0L);
    if (!options.ca_bundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_bundle.c_str());
    curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
    // Bodies arrive as stored: a gzip object's checksum covers its gzip bytes, and whether
    // to decompress is the caller's choice (--raw), never the transport's.
    curl_easy_setopt(h, CURLOPT_HTTP_CONTENT_DECODING, 0L);

    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Transfer::on_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, t);

    bool has_body = !r.body.empty() || r.body_source;
    curl_off_t body_size = static_cast<curl_off_t>(r.body_source ? r.body_size : r.body.size());
    if (r.method == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (r.method == "PUT") {
      curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, body_size);
    } else if (r.method == "POST") {
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, body_size);
    } else if (r.method != "GET") {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    }
    if (has_body || r.method == "PUT" || r.method == "POST") {
      curl_easy_setopt(h, CURLOPT_READFUNCTION, &Transfer::on_read);
      curl_easy_setopt(h, CURLOPT_READDATA, t);
      curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, &Transfer::on_seek);
      curl_easy_setopt(h, CURLOPT_SEEKDATA, t);
    }

    // The headers sent are exactly the ones signed: suppress what curl would add on its own
    // (Expect: 100-continue costs a round trip per part; a form Content-Type on POST).
    for (const auto& [name, value] : r.headers) {
      std::string line = value.empty() ? name + ";" : name + ": " + value;
      t->header_list = curl_slist_append(t->header_list, line.c_str());
    }
    t->header_list = curl_slist_append(t->header_list, "Expect:");
    if (!find_header(r.headers, "content-type")) {
      t->header_list = curl_slist_append(t->header_list, "Content-Type:");
    }
    t->header_list = curl_slist_append(t->header_list, "Accept:");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, t->header_list);
  }

  void log_request(const Transfer& t) const {
    if (!options.debug) return;
    debug("> " + t.request.method + " " + redacted_url(t.request.url));
    for (const auto& [name, value] : t.request.headers) {
      debug(">   " + name + ": " + redacted_header_value(name, value));
    }
  }

  void log_outcome(const Transfer& t, const Outcome& outcome) const {
    if (!options.debug) return;
    auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - t.started);
    char timing[32];
    std::snprintf(timing, sizeof timing, " (%.1f ms)", elapsed.count() / 1000.0);
    if (outcome.error) {
      debug("< " + t.request.method + " " + redacted_url(t.request.url) +
            " failed: " + outcome.error.message + timing);
      return;
    }
    debug("< " + std::to_string(outcome.response.status) + " " + t.request.method + " " +
          redacted_url(t.request.url) + timing);
    for (const auto& [name, value] : outcome.response.headers) {
      debug("<   " + name + ": " + redacted_header_value(name, value));
    }
  }

  void finish(Transfer* t, CURLcode code) {
    Outcome outcome;
    long connected_port = 0;
    curl_easy_getinfo(t->easy, CURLINFO_PRIMARY_PORT, &connected_port);
    if (code == CURLE_OK) {
      curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &outcome.response.status);
      outcome.response.headers = std::move(t->response.headers);
      outcome.response.body = std::move(t->response.body);
    } else {
      outcome.error.kind = classify(code, connected_port != 0);
      std::string detail = t->error_buffer[0] ? t->error_buffer : curl_easy_strerror(code);
      outcome.error.message = std::string(to_string(outcome.error.kind)) + ": " + detail;
    }
    outcome.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - t->started);
    outcome.bytes_sent = t->body_offset;
    log_outcome(*t, outcome);
    release_pacer(t);
    curl_multi_remove_handle(multi, t->easy);
    complete(t, std::move(outcome));
  }

  // Frees the transfer, returns its handle to the idle list and runs its completion last,
  // because the completion may submit more requests.
  void complete(Transfer* t, Outcome&& outcome) {
    t->count_moving(-t->counted);  // the request's own counters take over from here
    curl_slist_free_all(t->header_list);
    idle_handles.push_back(t->easy);
    Completion done = std::move(t->done);
    in_flight.erase(t);
    delete t;
    done(std::move(outcome));
  }

  // Runs the completions that are due; how many ran.
  int drain_completions() {
    int queued = 0;
    int finished = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
      finish(t, msg->data.result);
      ++finished;
    }
    return finished;
  }
};

EventLoop::EventLoop(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
EventLoop::~EventLoop() = default;

namespace {

// A header name or value holding CR, LF or NUL would end the header early and let the rest be
// read as headers (or a body) of its own: values that came from elsewhere (a metadata
// service's token, a user's metadata) must never be able to do that.
std::optional<std::string> unsendable_header(const Headers& headers) {
  for (const auto& [name, value] : headers) {
    for (std::string_view text : {std::string_view(name), std::string_view(value)}) {
      if (text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
        return "header " + name + " holds a line break or NUL, which would split the request";
      }
    }
  }
  return std::nullopt;
}

}  // namespace

void EventLoop::submit(Request request, Completion done) {
  if (auto reason = unsendable_header(request.headers)) {
    Outcome refused;
    refused.error = {TransportErrorKind::kInvalidRequest, *reason};
    done(std::move(refused));
    return;
  }
  auto* t = new Transfer;
  t->request = std::move(request);
  t->done = std::move(done);
  t->easy = impl_->take_handle();
  t->started = std::chrono::steady_clock::now();
  t->pacer = impl_->pacer_for(t->request.account.bandwidth);
  t->in_flight = t->request.account.body_bytes_in_flight.get();
  impl_->configure(t);
  impl_->log_request(*t);
  impl_->in_flight.insert(t);
  CURLMcode rc = curl_multi_add_handle(impl_->multi, t->easy);
  if (rc != CURLM_OK) {
    // Complete it as failed on the spot so the caller's bookkeeping stays uniform.
    Outcome outcome;
    outcome.error = {TransportErrorKind::kInvalidRequest, curl_multi_strerror(rc)};
    impl_->release_pacer(t);
    impl_->complete(t, std::move(outcome));
  }
}

void EventLoop::run() {
  while (!impl_->in_flight.empty()) {
    int running = 0;
    impl_->resume_paced();
    curl_multi_perform(impl_->multi, &running);
    impl_->drain_completions();
    if (impl_->in_flight.empty()) break;
    auto wait = impl_->pacing_limit(std::chrono::milliseconds(100));
    curl_multi_poll(impl_->multi, nullptr, 0, static_cast<int>(wait.count()), nullptr);
  }
}

void EventLoop::poll(std::chrono::milliseconds timeout) {
  int running = 0;
  impl_->resume_paced();
  curl_multi_perform(impl_->multi, &running);
  // A completion may have made room for more work (its caller's, or, on a loop several
  // transfers share, another's): the caller looks before this loop sleeps.
  if (impl_->drain_completions() > 0) return;
  timeout = impl_->pacing_limit(timeout);
  curl_multi_poll(impl_->multi, nullptr, 0, static_cast<int>(timeout.count()), nullptr);
  impl_->resume_paced();
  curl_multi_perform(impl_->multi, &running);
  impl_->drain_completions();
}

void EventLoop::wakeup() { curl_multi_wakeup(impl_->multi); }

size_t EventLoop::in_flight() const { return impl_->in_flight.size(); }

void EventLoop::cancel(const void* owner) {
  if (owner == nullptr) return;
  std::vector<Transfer*> dropped;
  for (Transfer* t : impl_->in_flight) {
    if (t->request.account.owner == owner) dropped.push_back(t);
  }
  for (Transfer* t : dropped) {
    impl_->release_pacer(t);
    curl_multi_remove_handle(impl_->multi, t->easy);
    t->count_moving(-t->counted);
    curl_slist_free_all(t->header_list);
    // The connection may be midway through a body: it is not reused.
    curl_easy_cleanup(t->easy);
    impl_->in_flight.erase(t);
    delete t;  // its completion goes unrun, destroyed with what it holds
  }
}

size_t EventLoop::in_flight(const void* owner) const {
  return static_cast<size_t>(
      std::count_if(impl_->in_flight.begin(), impl_->in_flight.end(),
                    [owner](const Transfer* t) { return t->request.account.owner == owner; }));
}

const Options& EventLoop::options() const { return impl_->options; }

Outcome perform(EventLoop& loop, Request request) {
  Outcome result;
  loop.submit(std::move(request), [&result](Outcome&& o) { result = std::move(o); });
  loop.run();
  return result;
}

}  // namespace hoist::http
