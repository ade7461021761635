#include "hoist/object_listing.h"

#include <functional>
#include <string>

namespace hoist {
namespace {

Error endless_listing(const ListRequest& request, std::string reason) {
  Error e = Error::make(ErrorKind::kService, "MalformedResponse",
                        "ListObjectsV2: the listing does not end: " + std::move(reason));
  e.bucket = request.bucket;
  e.key = request.prefix;
  return e;
}

}  // namespace

ObjectListing::ObjectListing(Client& client, ListRequest request, std::function<bool()> stopped)
    : client_(client), request_(std::move(request)), stopped_(std::move(stopped)) {
  if (!request_.continuation_token.empty()) {
    tokens_seen_.insert(std::hash<std::string>{}(request_.continuation_token));
  }
}

Result<std::optional<ListPage>> ObjectListing::next() {
  if (done_) return std::optional<ListPage>();
  auto page = client_.list_objects(request_, stopped_);
  if (!page.ok()) {
    done_ = true;
    return page.error();
  }
  const std::string& token = page->next_continuation_token;
  if (token.empty()) {
    done_ = true;
    return std::optional<ListPage>(std::move(*page));
  }
  // A token hash seen before ends the walk even on a (harmless, astronomically rare) hash
  // collision: an error is recoverable, a loop is not.
  if (!tokens_seen_.insert(std::hash<std::string>{}(token)).second) {
    done_ = true;
    return endless_listing(request_, "the server gave a continuation token it gave before");
  }
  const bool empty = page->objects.empty() && page->common_prefixes.empty();
  empty_pages_in_a_row_ = empty ? empty_pages_in_a_row_ + 1 : 0;
  if (empty_pages_in_a_row_ >= kMaxEmptyPagesInARow) {
    done_ = true;
    return endless_listing(request_, std::to_string(kMaxEmptyPagesInARow) +
                                         " empty pages in a row, each promising more");
  }
  request_.continuation_token = token;
  return std::optional<ListPage>(std::move(*page));
}

}  // namespace hoist
