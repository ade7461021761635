#include "sigv4/canonical_request.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "sigv4/canonical_uri.h"

namespace hoist::sigv4 {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Byte order of the lowercased names, without lowercasing into a copy.
bool header_name_less(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const auto ca = static_cast<unsigned char>(lower(a[i]));
    const auto cb = static_cast<unsigned char>(lower(b[i]));
    if (ca != cb) return ca < cb;
  }
  return a.size() < b.size();
}

void append_lowercase(std::string* out, std::string_view s) {
  const size_t start = out->size();
  out->append(s);
  for (size_t i = start; i < out->size(); ++i) (*out)[i] = lower((*out)[i]);
}

// Trims the value and folds each inner run of whitespace (a folded multi-line value included)
// to a single space.
void append_trimmed_value(std::string* out, std::string_view value) {
  size_t pos = 0;
  bool first_word = true;
  while (true) {
    while (pos < value.size() && is_space(value[pos])) ++pos;
    if (pos == value.size()) return;
    size_t end = pos;
    while (end < value.size() && !is_space(value[end])) ++end;
    if (!first_word) out->push_back(' ');
    out->append(value.data() + pos, end - pos);
    first_word = false;
    pos = end;
  }
}

// Indices of the signed headers, sorted by name; equal names keep their request order so
// that their values are joined in the order they were given. The vector is per thread and
// valid until the next call.
const std::vector<size_t>& sorted_signed_headers(const Request& request) {
  thread_local std::vector<size_t> order;
  order.clear();
  for (size_t i = 0; i < request.headers.size(); ++i) {
    if (!is_unsigned_header(request.headers[i].first)) order.push_back(i);
  }
  // Insertion sort: stable, and for the handful of headers of a request faster than
  // std::stable_sort, which allocates a buffer.
  for (size_t i = 1; i < order.size(); ++i) {
    const size_t index = order[i];
    size_t j = i;
    while (j > 0 && header_name_less(request.headers[index].first,
                                     request.headers[order[j - 1]].first)) {
      order[j] = order[j - 1];
      --j;
    }
    order[j] = index;
  }
  return order;
}

// True when order[i] repeats the name of order[i - 1].
bool repeats_name(const Request& request, const std::vector<size_t>& order, size_t i) {
  return i > 0 &&
         header_name_equals(request.headers[order[i - 1]].first, request.headers[order[i]].first);
}

void append_signed_headers(std::string* out, const Request& request,
                           const std::vector<size_t>& order) {
  for (size_t i = 0; i < order.size(); ++i) {
    if (repeats_name(request, order, i)) continue;
    if (i > 0) out->push_back(';');
    append_lowercase(out, request.headers[order[i]].first);
  }
}

}  // namespace

bool header_name_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool is_unsigned_header(std::string_view name) {
  for (std::string_view skipped : {"authorization", "connection", "expect", "transfer-encoding",
                                   "user-agent", "x-amzn-trace-id"}) {
    if (header_name_equals(name, skipped)) return true;
  }
  return false;
}

void require_signable(const Request& request, std::string_view caller) {
  bool has_host = false;
  for (const auto& header : request.headers) {
    if (header_name_equals(header.first, "host")) has_host = true;
  }
  if (!has_host) {
    throw std::invalid_argument(std::string(caller) + ": the request has no host header");
  }
  if (request.payload_hash.empty()) {
    throw std::invalid_argument(std::string(caller) +
                                ": the request has no payload hash (hex SHA-256 or "
                                "UNSIGNED-PAYLOAD)");
  }
}

void append_canonical_request(std::string* out, std::string* signed_headers_out,
                              const Request& request, const SigningOptions& options) {
  out->append(request.method);
  out->push_back('\n');
  append_canonical_path(out, request.path, options);
  out->push_back('\n');
  append_canonical_query(out, request.query);
  out->push_back('\n');

  const std::vector<size_t>& order = sorted_signed_headers(request);
  for (size_t i = 0; i < order.size(); ++i) {
    const auto& [name, value] = request.headers[order[i]];
    if (repeats_name(request, order, i)) {
      out->push_back(',');
    } else {
      if (i > 0) out->push_back('\n');
      append_lowercase(out, name);
      out->push_back(':');
    }
    append_trimmed_value(out, value);
  }
  if (!order.empty()) out->push_back('\n');
  out->push_back('\n');
  const size_t signed_start = out->size();
  append_signed_headers(out, request, order);
  signed_headers_out->assign(*out, signed_start);
  out->push_back('\n');
  out->append(request.payload_hash);
}

std::string canonical_request(const Request& request, const SigningOptions& options) {
  std::string out;
  std::string signed_list;
  append_canonical_request(&out, &signed_list, request, options);
  return out;
}

std::string signed_headers(const Request& request) {
  std::string out;
  append_signed_headers(&out, request, sorted_signed_headers(request));
  return out;
}

}  // namespace hoist::sigv4
