#include "sigv4/canonical_uri.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "sigv4/uri_encode.h"

namespace hoist::sigv4 {

namespace {

void append_wire_path(std::string* out, std::string_view path, const SigningOptions& options) {
  if (path.empty()) {
    out->push_back('/');
  } else if (options.path_is_encoded) {
    out->append(path);
  } else {
    append_uri_encoded(out, path, false);
  }
}

}  // namespace

std::string wire_path(std::string_view path, const SigningOptions& options) {
  std::string out;
  append_wire_path(&out, path, options);
  return out;
}

std::string normalized_path(std::string_view path) {
  std::vector<std::string_view> segments;
  bool ends_in_directory = false;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(pos, end - pos);
    // A path that ends in "/", "/." or "/.." names a directory; keep its trailing slash.
    ends_in_directory = segment.empty() || segment == "." || segment == "..";
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    pos = end + 1;
  }
  std::string out;
  for (std::string_view segment : segments) {
    out.push_back('/');
    out.append(segment);
  }
  if (out.empty() || ends_in_directory) out.push_back('/');
  return out;
}

void append_canonical_path(std::string* out, std::string_view path,
                           const SigningOptions& options) {
  if (!options.normalize_path && !options.double_encode_path) {
    append_wire_path(out, path, options);
    return;
  }
  std::string wire = wire_path(path, options);
  if (options.normalize_path) wire = normalized_path(wire);
  if (options.double_encode_path) {
    append_uri_encoded(out, wire, false);
  } else {
    out->append(wire);
  }
}

std::string canonical_path(std::string_view path, const SigningOptions& options) {
  std::string out;
  append_canonical_path(&out, path, options);
  return out;
}

void append_canonical_query(std::string* out, const NameValues& query) {
  if (query.empty()) return;
  // Reused across calls so that signing a request does not allocate a string per parameter.
  thread_local std::vector<std::pair<std::string, std::string>> encoded;
  encoded.resize(query.size());
  for (size_t i = 0; i < query.size(); ++i) {
    encoded[i].first.clear();
    encoded[i].second.clear();
    append_uri_encoded(&encoded[i].first, query[i].first, true);
    append_uri_encoded(&encoded[i].second, query[i].second, true);
  }
  std::sort(encoded.begin(), encoded.end());
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (i > 0) out->push_back('&');
    out->append(encoded[i].first);
    out->push_back('=');
    out->append(encoded[i].second);
  }
}

std::string canonical_query(const NameValues& query) {
  std::string out;
  append_canonical_query(&out, query);
  return out;
}

std::string request_target(const Request& request, const SigningOptions& options) {
  std::string out;
  append_wire_path(&out, request.path, options);
  if (!request.query.empty()) {
    out.push_back('?');
    append_canonical_query(&out, request.query);
  }
  return out;
}

}  // namespace hoist::sigv4
