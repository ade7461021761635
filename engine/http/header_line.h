// One line of a response's header block as curl hands it over: a status line, a header field,
// the blank line that ends the block, or something else. Kept apart from the event loop so
// that what a server can put in its headers is read by plain code that tests and fuzzers
// reach without a socket.
#pragma once

#include <string>
#include <string_view>

namespace hoist::http {

struct HeaderLine {
  enum class Kind {
    kEnd,     // the blank line after a header block
    kStatus,  // "HTTP/1.1 200 OK": a new block starts (after 100 Continue or a redirect)
    kField,   // "Name: value"
    kOther,   // anything else (no colon): ignored
  };
  Kind kind = Kind::kOther;
  std::string name;   // kField: lowercased
  std::string value;  // kField: without surrounding spaces and tabs
};

// `line` with or without its CR LF.
HeaderLine parse_header_line(std::string_view line);

}  // namespace hoist::http
