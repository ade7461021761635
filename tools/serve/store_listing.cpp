#include "tools/serve/store_listing.h"

#include <algorithm>
#include <utility>

namespace hoist::serve {
namespace {

// The smallest string greater than every string that starts with `prefix`; nullopt when no
// such string exists (prefix is all 0xFF bytes).
std::optional<std::string> past_prefix(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (prefix.empty()) return std::nullopt;
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

// The common prefix `key` rolls up into, or nullopt when the key is listed on its own.
std::optional<std::string> rolled_up(const std::string& key, const ListQuery& query) {
  if (query.delimiter.empty() || !key.starts_with(query.prefix)) return std::nullopt;
  size_t at = key.find(query.delimiter, query.prefix.size());
  if (at == std::string::npos) return std::nullopt;
  return key.substr(0, at + query.delimiter.size());
}

struct Cursor {
  std::string bound;
  bool inclusive = true;
  bool exhausted = false;
};

// Where the page starts. A start_after inside a common prefix means that prefix was already
// returned (it is how the previous page ended), so the page resumes after all of its keys.
Cursor first_cursor(const ListQuery& query) {
  if (query.start_after < query.prefix) return {query.prefix, true, false};
  if (std::optional<std::string> group = rolled_up(query.start_after, query)) {
    std::optional<std::string> next = past_prefix(*group);
    if (!next) return {"", true, true};
    return {*next, true, false};
  }
  return {query.start_after, false, false};
}

}  // namespace

Result<ListResult> list_page(const ListQuery& query, const KeySeek& seek) {
  ListResult page;
  const int limit = std::min(query.max_keys, kMaxListKeys);
  if (limit <= 0) return page;
  Cursor cursor = first_cursor(query);
  int returned = 0;
  std::string last;
  while (!cursor.exhausted) {
    Result<std::optional<ObjectInfo>> found = seek(cursor.bound, cursor.inclusive);
    if (!found.ok()) return std::move(found).error();
    if (!found->has_value() || !(*found)->key.starts_with(query.prefix)) break;
    if (returned == limit) {
      page.truncated = true;
      page.next_start_after = last;
      break;
    }
    ObjectInfo& object = **found;
    ++returned;
    if (std::optional<std::string> group = rolled_up(object.key, query)) {
      last = *group;
      page.common_prefixes.push_back(*group);
      std::optional<std::string> next = past_prefix(std::move(*group));
      if (!next) break;
      cursor = {std::move(*next), true, false};
      continue;
    }
    last = object.key;
    cursor = {object.key, false, false};
    page.objects.push_back(std::move(object));
  }
  return page;
}

}  // namespace hoist::serve
