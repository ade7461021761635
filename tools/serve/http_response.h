// HttpResponse: what the S3 front end answers one request with, before the HTTP server turns
// it into bytes. Either a small body held in memory (XML, errors) or an object stream read
// from the store while it is sent, so object bytes are never gathered in memory.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tools/serve/object_store.h"

namespace hoist::serve {

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, the body is reader's bytes [offset, offset + length) instead of `body`.
  std::unique_ptr<ObjectReader> reader;
  uint64_t offset = 0;
  uint64_t length = 0;
  // For HEAD: the Content-Length of the body that a GET would send (none is sent).
  std::optional<uint64_t> head_length;
  // Drop the connection with a TCP reset instead of answering (fault injection).
  bool reset_connection = false;

  void add(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

}  // namespace hoist::serve
