#include "tools/serve/request_target.h"

#include "engine/s3/url_decode.h"

namespace hoist::serve {
namespace {

// "bucket.host:port" -> "bucket" when the host part after the first label is service_host.
std::string virtual_host_bucket(std::string_view host, std::string_view service_host) {
  if (service_host.empty()) return {};
  if (size_t colon = host.rfind(':'); colon != std::string_view::npos && host.back() != ']') {
    host = host.substr(0, colon);
  }
  if (host.size() <= service_host.size() + 1) return {};
  const size_t dot = host.size() - service_host.size() - 1;
  if (host[dot] != '.' || host.substr(dot + 1) != service_host) return {};
  return std::string(host.substr(0, dot));
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = s3::hex_digit_value(text[i + 1]);
      const int lo = s3::hex_digit_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<RequestTarget> parse_request_target(std::string_view target, std::string_view host,
                                                  std::string_view service_host) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  RequestTarget out;
  const size_t question = target.find('?');
  out.raw_path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
      const size_t amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
      if (pair.empty()) continue;
      const size_t eq = pair.find('=');
      auto name = percent_decode(pair.substr(0, eq), true);
      auto value = percent_decode(
          eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
      if (!name || !value) return std::nullopt;
      out.query.emplace_back(std::move(*name), std::move(*value));
    }
  }
  auto path = percent_decode(out.raw_path, false);
  if (!path) return std::nullopt;
  std::string_view rest = std::string_view(*path).substr(1);
  out.bucket = virtual_host_bucket(host, service_host);
  if (out.bucket.empty()) {
    const size_t slash = rest.find('/');
    out.bucket = std::string(rest.substr(0, slash));
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  out.key = std::string(rest);
  return out;
}

const std::string* find_param(const sigv4::NameValues& params, std::string_view name) {
  for (const auto& [n, v] : params) {
    if (n == name) return &v;
  }
  return nullptr;
}

}  // namespace hoist::serve
