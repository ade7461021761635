#include "tools/serve/http_server.h"

#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>


namespace hoist::serve {
namespace {

// Socket buffers: large enough that a multi-GB/s loopback stream never waits on a window.
constexpr int kSocketBuffer = 4 << 20;
// libmicrohttpd reads the request into a per-connection pool of this size, so it is also the
// largest body piece handed to the front end per read.
constexpr size_t kConnectionMemory = 1 << 20;
// Object bytes are read from the store and sent in blocks of this size.
constexpr size_t kSendBlock = 256 << 10;
// Idle keep-alive connections are closed after this many seconds.
constexpr unsigned kIdleTimeout = 300;

int connection_fd(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
  return info ? info->connect_fd : -1;
}

// Clients like the AWS CRT send headers and body in separate writes without TCP_NODELAY;
// a prompt ACK of the headers saves each small request a ~40 ms delayed-ACK wait. Linux
// leaves quick-ack mode on its own, so this is repeated per request.
void quick_ack(MHD_Connection* connection) {
  const int fd = connection_fd(connection);
  const int on = 1;
  if (fd >= 0) setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
}

// Makes the coming close a TCP reset (fault injection: "connection reset by peer").
MHD_Result reset(MHD_Connection* connection) {
  const int fd = connection_fd(connection);
  const linger hard{1, 0};
  if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  return MHD_NO;
}

void* on_uri(void*, const char* uri, MHD_Connection*) {
  auto* exchange = new Exchange;
  exchange->raw_target = uri;
  return exchange;
}

MHD_Result collect_header(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* exchange = static_cast<Exchange*>(cls);
  std::string name = key;
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  exchange->headers.emplace_back(std::move(name), value ? value : "");
  return MHD_YES;
}

ssize_t read_object(void* cls, uint64_t pos, char* buf, size_t max) {
  auto* response = static_cast<HttpResponse*>(cls);
  if (pos >= response->length) return MHD_CONTENT_READER_END_OF_STREAM;
  const size_t n = static_cast<size_t>(std::min<uint64_t>(max, response->length - pos));
  auto got = response->reader->read_at(response->offset + pos, {buf, n});
  if (!got.ok() || *got == 0) return MHD_CONTENT_READER_END_WITH_ERROR;
  return static_cast<ssize_t>(*got);
}

ssize_t no_body(void*, uint64_t, char*, size_t) { return MHD_CONTENT_READER_END_WITH_ERROR; }

void free_response(void* cls) { delete static_cast<HttpResponse*>(cls); }

MHD_Result send(MHD_Connection* connection, HttpResponse&& response,
                const std::string& request_id) {
  if (response.reset_connection) return reset(connection);
  const int status = response.status;
  MHD_Response* mhd = nullptr;
  auto headers = std::move(response.headers);
  if (response.reader) {
    auto* owned = new HttpResponse(std::move(response));
    mhd = MHD_create_response_from_callback(owned->length, kSendBlock, &read_object, owned,
                                            &free_response);
  } else if (response.head_length) {
    mhd = MHD_create_response_from_callback(*response.head_length, kSendBlock, &no_body,
                                            nullptr, nullptr);
  } else {
    mhd = MHD_create_response_from_buffer(response.body.size(), response.body.data(),
                                          MHD_RESPMEM_MUST_COPY);
  }
  if (mhd == nullptr) return MHD_NO;
  for (const auto& [name, value] : headers) {
    MHD_add_response_header(mhd, name.c_str(), value.c_str());
  }
  MHD_add_response_header(mhd, "x-amz-request-id", request_id.c_str());
  MHD_add_response_header(mhd, "Server", "hoist");
  const MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(status), mhd);
  MHD_destroy_response(mhd);
  return queued;
}

MHD_Result on_request(void* cls, MHD_Connection* connection, const char*, const char* method,
                      const char*, const char* upload_data, size_t* upload_data_size,
                      void** state) {
  auto& frontend = *static_cast<S3Frontend*>(cls);
  auto* exchange = static_cast<Exchange*>(*state);
  if (exchange == nullptr) return MHD_NO;
  if (exchange->method.empty()) {  // headers complete; no body byte read yet
    exchange->method = method;
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &collect_header, exchange);
    quick_ack(connection);
    frontend.begin(*exchange);
    if (exchange->early_response) {
      return send(connection, std::move(*exchange->early_response), exchange->request_id);
    }
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    const bool keep = frontend.receive(*exchange, {upload_data, *upload_data_size});
    *upload_data_size = 0;
    return keep ? MHD_YES : reset(connection);
  }
  quick_ack(connection);
  return send(connection, frontend.finish(*exchange), exchange->request_id);
}

void on_completed(void*, MHD_Connection*, void** state, MHD_RequestTerminationCode) {
  delete static_cast<Exchange*>(*state);
  *state = nullptr;
}

Result<int> listen_socket(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return Error::make(ErrorKind::kInvalid, "BadListenAddress",
                       "cannot resolve '" + host + "': " + gai_strerror(rc));
  }
  const int fd = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int on = 1;
  bool ok = fd >= 0;
  if (ok) {
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kSocketBuffer, sizeof kSocketBuffer);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &kSocketBuffer, sizeof kSocketBuffer);
    ok = bind(fd, found->ai_addr, found->ai_addrlen) == 0 && listen(fd, 1024) == 0;
  }
  freeaddrinfo(found);
  if (!ok) {
    const std::string reason = std::strerror(errno);
    if (fd >= 0) close(fd);
    return Error::make(ErrorKind::kLocal, "ListenFailed",
                       "cannot listen on " + host + ":" + service + ": " + reason);
  }
  return fd;
}

int bound_port(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  }
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::start(const std::string& host, int port,
                                                      S3Frontend& frontend) {
  auto fd = listen_socket(host, port);
  if (!fd.ok()) return fd.error();
  const int bound = bound_port(*fd);
  MHD_Daemon* daemon = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, nullptr, nullptr,
      &on_request, &frontend, MHD_OPTION_LISTEN_SOCKET, *fd, MHD_OPTION_URI_LOG_CALLBACK,
      &on_uri, nullptr, MHD_OPTION_NOTIFY_COMPLETED, &on_completed, nullptr,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, kConnectionMemory, MHD_OPTION_CONNECTION_TIMEOUT,
      kIdleTimeout, MHD_OPTION_END);
  if (daemon == nullptr) {
    close(*fd);
    return Error::make(ErrorKind::kLocal, "ListenFailed", "libmicrohttpd did not start");
  }
  return std::unique_ptr<HttpServer>(new HttpServer(daemon, bound));
}

HttpServer::~HttpServer() { MHD_stop_daemon(daemon_); }

}  // namespace hoist::serve
