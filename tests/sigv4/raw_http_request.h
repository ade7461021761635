// A test-only reader for the raw HTTP/1.1 requests of the AWS SigV4 test suite
// (request.txt and the *-signed-request.txt files). It accepts what the suite writes, which
// real HTTP would not: spaces and raw UTF-8 in the request target, bare LF line ends.
#pragma once

#include <string>
#include <string_view>

#include "sigv4/request.h"

namespace hoist::sigv4::testing {

struct RawHttpRequest {
  std::string method;
  std::string path;   // the request target up to '?', as written
  std::string query;  // after '?', as written; empty when there is none
  NameValues headers;  // names as written; an obs-fold continuation joined with one space
  std::string body;
};

RawHttpRequest parse_raw_http_request(std::string_view text);

// "%E1%88%B4" -> the three bytes; a '+' stays a '+'.
std::string percent_decode(std::string_view text);

// "a=1&b&c=%2F" -> {{"a","1"},{"b",""},{"c","/"}}, in order, decoded.
NameValues parse_query(std::string_view query);

}  // namespace hoist::sigv4::testing
