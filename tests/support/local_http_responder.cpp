#include "tests/support/local_http_responder.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/mutex.h"

namespace hoist::test {
namespace {

constexpr size_t kMaxHeaderBytes = 64 * 1024;

sockaddr_in loopback_address(uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

// Binds `fd` to 127.0.0.1:<ephemeral> and returns the port the kernel chose.
uint16_t bind_ephemeral(int fd) {
  sockaddr_in address = loopback_address(0);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return 0;
  socklen_t length = sizeof address;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return 0;
  return ntohs(address.sin_port);
}

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "LocalHttpResponder: %s: %s\n", what, std::strerror(errno));
  std::abort();
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<std::string> find_header(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 416: return "Range Not Satisfiable";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
  }
}

}  // namespace

std::optional<std::string> RecordedRequest::header(std::string_view name) const {
  return find_header(headers, name);
}

namespace detail {

// State the acceptor and connection threads share with the owner.
struct ResponderState {
  int listen_fd = -1;
  int stop_read = -1;  // becomes readable (and stays so) when the server stops
  int stop_write = -1;

  mutable base::Mutex mutex;
  std::map<std::pair<std::string, std::string>, std::deque<CannedResponse>> canned
      GUARDED_BY(mutex);
  ResponseHandler fallback GUARDED_BY(mutex);
  std::vector<RecordedRequest> requests GUARDED_BY(mutex);
  std::vector<std::thread> connections GUARDED_BY(mutex);
  size_t accepted GUARDED_BY(mutex) = 0;  // connections ever accepted

  CannedResponse choose(const RecordedRequest& request) {
    ResponseHandler handler;
    {
      base::MutexLock lock(mutex);
      for (const std::string& key : {request.target, request.path}) {
        auto it = canned.find({request.method, key});
        if (it == canned.end() || it->second.empty()) continue;
        CannedResponse response = it->second.front();
        if (it->second.size() > 1) it->second.pop_front();
        return response;
      }
      handler = fallback;
    }
    // Called unlocked: a handler may itself use the responder.
    if (handler) return handler(request);
    CannedResponse missing;
    missing.status = 404;
    missing.body = "no canned response for " + request.method + " " + request.target + "\n";
    return missing;
  }

  // Sleeps for `delay` unless the server stops first; false when it stopped.
  bool wait(std::chrono::milliseconds delay) const {
    pollfd stop{stop_read, POLLIN, 0};
    return poll(&stop, 1, static_cast<int>(delay.count())) == 0;
  }
};

}  // namespace detail

namespace {

// One client connection: buffered reads that give up when the server stops.
class Connection {
 public:
  Connection(int fd, int stop_fd) : fd_(fd), stop_fd_(stop_fd) {}
  ~Connection() { close(fd_); }

  // Reads up to the blank line that ends a request head; nullopt at EOF, stop or overflow.
  std::optional<std::string> read_head() {
    for (;;) {
      size_t end = buffer_.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::string head = buffer_.substr(0, end + 2);
        buffer_.erase(0, end + 4);
        return head;
      }
      if (buffer_.size() > kMaxHeaderBytes || !fill()) return std::nullopt;
    }
  }

  std::optional<std::string> read_line() {
    for (;;) {
      size_t end = buffer_.find("\r\n");
      if (end != std::string::npos) {
        std::string line = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return line;
      }
      if (buffer_.size() > kMaxHeaderBytes || !fill()) return std::nullopt;
    }
  }

  bool read_exact(size_t n, std::string& out) {
    while (buffer_.size() < n) {
      if (!fill()) return false;
    }
    out.append(buffer_, 0, n);
    buffer_.erase(0, n);
    return true;
  }

  // Chunk sizes, data and CRLFs until the zero chunk and the (ignored) trailers.
  bool read_chunked(std::string& out) {
    for (;;) {
      std::optional<std::string> size_line = read_line();
      if (!size_line) return false;
      size_t size = std::strtoul(size_line->c_str(), nullptr, 16);
      if (size == 0) break;
      std::string crlf;
      if (!read_exact(size, out) || !read_exact(2, crlf)) return false;
    }
    for (;;) {
      std::optional<std::string> trailer = read_line();
      if (!trailer) return false;
      if (trailer->empty()) return true;
    }
  }

  bool send_all(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

 private:
  bool fill() {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    for (;;) {
      int ready = poll(fds, 2, -1);
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0 || (fds[1].revents & POLLIN)) return false;
      break;
    }
    char chunk[16384];
    ssize_t n;
    do {
      n = recv(fd_, chunk, sizeof chunk, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_;
  int stop_fd_;
  std::string buffer_;
};

// Request line and header lines; false when they are malformed.
bool parse_head(const std::string& head, RecordedRequest& request, bool& http10) {
  size_t line_end = head.find("\r\n");
  std::string_view line(head.data(), line_end);
  size_t first_space = line.find(' ');
  size_t last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || last_space == first_space) return false;
  request.method = std::string(line.substr(0, first_space));
  request.target = std::string(line.substr(first_space + 1, last_space - first_space - 1));
  request.path = request.target.substr(0, request.target.find('?'));
  http10 = line.substr(last_space + 1) == "HTTP/1.0";

  size_t pos = line_end + 2;
  while (pos < head.size()) {
    size_t end = head.find("\r\n", pos);
    std::string_view header(head.data() + pos, end - pos);
    pos = end + 2;
    size_t colon = header.find(':');
    if (colon == std::string_view::npos) return false;
    request.headers.emplace_back(std::string(trim(header.substr(0, colon))),
                                 std::string(trim(header.substr(colon + 1))));
  }
  return true;
}

bool bodiless(const RecordedRequest& request, const CannedResponse& response) {
  return request.method == "HEAD" || response.status == 204 || response.status == 304;
}

std::string serialize(const RecordedRequest& request, const CannedResponse& response, bool close_after) {
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " + reason_phrase(response.status) + "\r\n";
  for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
  if (!find_header(response.headers, "Content-Length")) {
    out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  }
  if (close_after) out += "Connection: close\r\n";
  out += "\r\n";
  if (!bodiless(request, response) && response.drip_interval.count() == 0) out += response.body;
  return out;
}

// Serves requests on one connection until the client closes it, a response closes it, or
// the server stops.
void serve_connection(int fd, detail::ResponderState* shared) {
  Connection connection(fd, shared->stop_read);
  for (;;) {
    std::optional<std::string> head = connection.read_head();
    if (!head) return;
    RecordedRequest request;
    bool http10 = false;
    if (!parse_head(*head, request, http10)) {
      connection.send_all("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    std::optional<std::string> expect = request.header("Expect");
    if (expect && iequals(*expect, "100-continue")) connection.send_all("HTTP/1.1 100 Continue\r\n\r\n");
    std::optional<std::string> encoding = request.header("Transfer-Encoding");
    if (encoding && iequals(*encoding, "chunked")) {
      if (!connection.read_chunked(request.body)) return;
    } else if (std::optional<std::string> length = request.header("Content-Length")) {
      if (!connection.read_exact(std::strtoull(length->c_str(), nullptr, 10), request.body)) return;
    }
    {
      base::MutexLock lock(shared->mutex);
      shared->requests.push_back(request);
    }

    CannedResponse response = shared->choose(request);
    if (response.delay.count() > 0 && !shared->wait(response.delay)) return;
    if (response.hang_up) return;
    std::optional<std::string> connection_header = request.header("Connection");
    bool close_after = response.close_connection || http10 ||
                       (connection_header && iequals(*connection_header, "close"));
    if (!connection.send_all(serialize(request, response, close_after))) return;
    if (response.drip_interval.count() > 0 && !bodiless(request, response)) {
      for (char byte : response.body) {
        if (!shared->wait(response.drip_interval)) return;
        if (!connection.send_all(std::string_view(&byte, 1))) return;
      }
    }
    if (close_after) return;
  }
}

void accept_loop(detail::ResponderState* shared) {
  pollfd fds[2] = {{shared->listen_fd, POLLIN, 0}, {shared->stop_read, POLLIN, 0}};
  for (;;) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents & POLLIN) return;
    int fd = accept4(shared->listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    base::MutexLock lock(shared->mutex);
    ++shared->accepted;
    shared->connections.emplace_back(serve_connection, fd, shared);
  }
}

}  // namespace

LocalHttpResponder::LocalHttpResponder() : shared_(std::make_shared<detail::ResponderState>()) {
  int stop[2];
  if (pipe2(stop, O_CLOEXEC) != 0) die("pipe2");
  shared_->stop_read = stop[0];
  shared_->stop_write = stop[1];

  shared_->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (shared_->listen_fd < 0) die("socket");
  // Port 0: the kernel picks a free port, so tests running in parallel never collide.
  port_ = bind_ephemeral(shared_->listen_fd);
  if (port_ == 0) die("bind");
  if (listen(shared_->listen_fd, 64) != 0) die("listen");
  acceptor_ = std::thread(accept_loop, shared_.get());
}

LocalHttpResponder::~LocalHttpResponder() {
  char byte = 1;
  while (write(shared_->stop_write, &byte, 1) < 0 && errno == EINTR) {
  }
  acceptor_.join();
  // The acceptor has exited, so no connection thread is added any more.
  for (std::thread& connection : shared_->connections) connection.join();
  close(shared_->listen_fd);
  close(shared_->stop_read);
  close(shared_->stop_write);
}

std::string LocalHttpResponder::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void LocalHttpResponder::respond(std::string method, std::string target, CannedResponse response) {
  base::MutexLock lock(shared_->mutex);
  shared_->canned[{std::move(method), std::move(target)}].push_back(std::move(response));
}

void LocalHttpResponder::respond_with(ResponseHandler handler) {
  base::MutexLock lock(shared_->mutex);
  shared_->fallback = std::move(handler);
}

std::vector<RecordedRequest> LocalHttpResponder::requests() const {
  base::MutexLock lock(shared_->mutex);
  return shared_->requests;
}

size_t LocalHttpResponder::count(std::string_view method, std::string_view path) const {
  base::MutexLock lock(shared_->mutex);
  return static_cast<size_t>(std::count_if(shared_->requests.begin(), shared_->requests.end(),
                                           [&](const RecordedRequest& r) { return r.method == method && r.path == path; }));
}

size_t LocalHttpResponder::connections_accepted() const {
  base::MutexLock lock(shared_->mutex);
  return shared_->accepted;
}

void LocalHttpResponder::wait_for_clients_to_leave() {
  std::vector<std::thread> connections;
  {
    base::MutexLock lock(shared_->mutex);
    connections.swap(shared_->connections);
  }
  // Each ends at its client's end of stream (or at a failed send, when it was dripping).
  for (std::thread& connection : connections) connection.join();
}

void LocalHttpResponder::clear_requests() {
  base::MutexLock lock(shared_->mutex);
  shared_->requests.clear();
}

uint16_t unused_loopback_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) die("socket");
  uint16_t port = bind_ephemeral(fd);
  close(fd);
  if (port == 0) die("bind");
  return port;
}

}  // namespace hoist::test
