#include "tools/serve/xml_text.h"

#include <ctime>

namespace hoist::serve {
namespace {

std::string format_time(int64_t ns_since_epoch, const char* format, bool millis) {
  const time_t seconds = static_cast<time_t>(ns_since_epoch / 1000000000);
  struct tm tm_utc {};
  gmtime_r(&seconds, &tm_utc);
  char text[64];
  size_t n = strftime(text, sizeof text, format, &tm_utc);
  std::string out(text, n);
  if (millis) {
    char ms[8];
    snprintf(ms, sizeof ms, ".%03dZ", static_cast<int>((ns_since_epoch / 1000000) % 1000));
    out += ms;
  }
  return out;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          char ref[8];
          snprintf(ref, sizeof ref, "&#x%X;", static_cast<unsigned>(c));
          out += ref;
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

void append_element(std::string* out, std::string_view name, std::string_view value) {
  out->push_back('<');
  out->append(name);
  out->push_back('>');
  out->append(xml_escape(value));
  out->append("</");
  out->append(name);
  out->push_back('>');
}

std::string iso8601_time(int64_t ns_since_epoch) {
  return format_time(ns_since_epoch, "%Y-%m-%dT%H:%M:%S", true);
}

std::string http_date(int64_t ns_since_epoch) {
  return format_time(ns_since_epoch, "%a, %d %b %Y %H:%M:%S GMT", false);
}

}  // namespace hoist::serve
