#include "tests/sigv4/raw_http_request.h"

#include <stdexcept>

namespace hoist::sigv4::testing {
namespace {

// The next line of `text` from *pos, without its '\n'; advances *pos past it.
std::string_view next_line(std::string_view text, size_t* pos) {
  size_t end = text.find('\n', *pos);
  if (end == std::string_view::npos) end = text.size();
  const std::string_view line = text.substr(*pos, end - *pos);
  *pos = end < text.size() ? end + 1 : end;
  return line;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

NameValues parse_query(std::string_view query) {
  NameValues out;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(pos, end - pos);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(percent_decode(pair), "");
    } else {
      out.emplace_back(percent_decode(pair.substr(0, eq)), percent_decode(pair.substr(eq + 1)));
    }
    pos = end + 1;
  }
  return out;
}

RawHttpRequest parse_raw_http_request(std::string_view text) {
  RawHttpRequest request;
  size_t pos = 0;
  // The target may contain spaces, so the method ends at the first space and the version
  // starts at the last.
  const std::string_view request_line = next_line(text, &pos);
  const size_t method_end = request_line.find(' ');
  const size_t version_start = request_line.rfind(' ');
  if (method_end == std::string_view::npos || version_start <= method_end) {
    throw std::runtime_error("malformed request line: " + std::string(request_line));
  }
  request.method = request_line.substr(0, method_end);
  const std::string_view target =
      request_line.substr(method_end + 1, version_start - method_end - 1);
  const size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string_view::npos) request.query = target.substr(question + 1);

  while (pos < text.size()) {
    const std::string_view line = next_line(text, &pos);
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      if (request.headers.empty()) throw std::runtime_error("continuation before any header");
      request.headers.back().second.append(" ").append(line);
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      throw std::runtime_error("malformed header line: " + std::string(line));
    }
    request.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  request.body = text.substr(pos);
  return request;
}

}  // namespace hoist::sigv4::testing
