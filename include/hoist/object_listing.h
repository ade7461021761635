// ObjectListing: every page of one ListObjectsV2 listing, in order. Callers that walk a whole
// prefix use it instead of passing continuation tokens themselves, so that a server which
// never ends a listing (a continuation token it already gave, or empty pages without end)
// is refused with an error instead of looping forever.
//
//   ObjectListing listing(client, {bucket, prefix});
//   while (true) {
//     auto page = listing.next();
//     if (!page.ok()) return page.error();
//     if (!*page) break;  // no more pages
//     for (const ObjectInfo& object : (*page)->objects) ...
//   }
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <unordered_set>

#include "hoist/client.h"

namespace hoist {

class ObjectListing {
 public:
  // `client` must outlive the listing; request.continuation_token is where it starts. With
  // `stopped`, a page's wait before a retry ends as soon as it says true, and the page fails
  // with the error it last met: a walk the caller cancelled does not sit out a backoff.
  ObjectListing(Client& client, ListRequest request, std::function<bool()> stopped = {});

  // The next page; nullopt once the last page has been returned.
  Result<std::optional<ListPage>> next();

  // Pages in a row that held no key and no common prefix yet said more would follow before
  // the listing is refused. S3 may send a few (a page's worth of keys deleted meanwhile),
  // never thousands.
  static constexpr int kMaxEmptyPagesInARow = 1000;

 private:
  Client& client_;
  ListRequest request_;
  std::function<bool()> stopped_;
  bool done_ = false;
  int empty_pages_in_a_row_ = 0;
  std::unordered_set<size_t> tokens_seen_;  // hashes: a 100-million-key listing stays small
};

}  // namespace hoist
