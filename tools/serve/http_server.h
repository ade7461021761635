// HttpServer: the HTTP/1.1 side of `hoist serve`, on libmicrohttpd. It accepts connections,
// hands each request to S3Frontend (begin / receive per body piece / finish) and sends what
// the front end answers, streaming object bodies from the store. Keep-alive, 100-continue and
// HTTP chunked request bodies are libmicrohttpd's.
//
// Why libmicrohttpd: measured on this machine (2 cores, loopback), a PUT sink taking 4
// concurrent `curl -T` uploads of 1 GiB, twice (8 GiB), server CPU from /proc/<pid>/stat:
//
//   library (Debian 12)          wall     server CPU   GiB sunk per server CPU-second
//   libmicrohttpd 0.9.75         1.8 s    0.9-1.1 s    7.3-8.9
//   cpp-httplib 0.11.4           2.9 s    3.4-3.6 s    2.2-2.4
//   Boost.Beast 1.74 (sync)      6.0 s    10.2 s       0.8
//   civetweb 1.15                -        -            - (Debian's library would not start
//                                                        its worker threads: "Cannot create
//                                                        threads: error 0")
//
// libmicrohttpd costs a third of cpp-httplib's CPU per byte and hands the body over in the
// pieces it read (no copy into a request object), lets us see the raw request target before
// any decoding (MHD_OPTION_URI_LOG_CALLBACK: SigV4 signs the path as sent), and gives us the
// socket for TCP_QUICKACK and resets.
//
// Threads: one per connection, because the store's calls block (files, SQLite) and a stall
// fault sleeps; neither may hold up other connections.
//
// Lifetime: start() returns a running server; destroying it stops accepting, finishes nothing
// in flight and joins the threads.
#pragma once

#include <memory>
#include <string>

#include "hoist/result.h"
#include "tools/serve/s3_frontend.h"

struct MHD_Daemon;

namespace hoist::serve {

class HttpServer {
 public:
  // Listens on host:port (port 0: any free port). REQUIRES: frontend outlives the server.
  static Result<std::unique_ptr<HttpServer>> start(const std::string& host, int port,
                                                   S3Frontend& frontend);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }

 private:
  HttpServer(MHD_Daemon* daemon, int port) : daemon_(daemon), port_(port) {}

  MHD_Daemon* daemon_;
  int port_;
};

}  // namespace hoist::serve
