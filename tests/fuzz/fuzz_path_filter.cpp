// --exclude/--include filters (PathFilter, aws-cli's rules: the last matching filter wins,
// '*' crosses '/'). Input: one filter per line, '+' include or '-' exclude then the pattern;
// the last line is the path. Properties: a final "*" filter decides every path, and so does a
// final filter naming the path itself with its glob characters escaped.
#include <string>
#include <vector>

#include "engine/sync/path_filter.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

std::string escaped(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '*' || c == '?' || c == '[' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  std::string_view text = fuzz::text_of(data, size);
  std::vector<SyncFilter> filters;
  size_t newline;
  while ((newline = text.find('\n')) != std::string_view::npos) {
    const std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline + 1);
    if (line.empty() || (line.front() != '+' && line.front() != '-')) continue;
    filters.push_back({line.front() == '+', std::string(line.substr(1))});
  }
  const std::string_view path = text;
  // fnmatch() reads C strings: a path with a NUL is not a path.
  if (path.find('\0') != std::string_view::npos) return 0;

  (void)sync::PathFilter(filters).included(path);
  for (bool include : {true, false}) {
    std::vector<SyncFilter> with_star = filters;
    with_star.push_back({include, "*"});
    FUZZ_CHECK(sync::PathFilter(with_star).included(path) == include);
    std::vector<SyncFilter> with_path = filters;
    with_path.push_back({include, escaped(path)});
    FUZZ_CHECK(sync::PathFilter(with_path).included(path) == include);
  }
  return 0;
}
