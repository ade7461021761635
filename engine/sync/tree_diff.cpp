#include "engine/sync/tree_diff.h"

#include <cerrno>

#include "io/env.h"

namespace hoist::sync {
namespace {

Error out_of_order(const std::string& side, const std::string& before, const std::string& after) {
  return Error::make(
      ErrorKind::kIntegrity, "UnsortedListing",
      side + " not in byte order ('" + after + "' after '" + before + "'); nothing was deleted");
}

}  // namespace

TreeDiff::TreeDiff(std::string prefix, PageFetcher fetch, PathFilter filter)
    : prefix_(std::move(prefix)), fetch_(std::move(fetch)), filter_(std::move(filter)) {}

Result<std::unique_ptr<TreeDiff>> TreeDiff::open(io::Env* env, const std::string& root,
                                                 bool follow_symlinks, std::string prefix,
                                                 PageFetcher fetch, PathFilter filter) {
  std::unique_ptr<TreeDiff> diff(
      new TreeDiff(std::move(prefix), std::move(fetch), std::move(filter)));
  io::WalkOptions walk;
  walk.follow_symlinks = follow_symlinks;
  walk.sorted = true;
  io::Status opened = io::DirectoryWalker::open(env, root, walk, &diff->walker_);
  if (!opened.ok() && opened.error == ENOENT) {
    diff->local_done_ = true;
  } else if (!opened.ok()) {
    Error e = Error::make(ErrorKind::kLocal, "LocalFileError", opened.message);
    e.local_path = root;
    return e;
  }
  return diff;
}

bool TreeDiff::fail(Error error) {
  error_ = std::move(error);
  return false;
}

// Loads local_ with the next file (or unreadable entry) the filter lets through.
bool TreeDiff::advance_local() {
  io::WalkEntry entry;
  while (!local_done_ && !local_) {
    if (!walker_->next(&entry)) {
      local_done_ = true;
      break;
    }
    // FIFOs, sockets and devices come out (marked special) so that they are warned about by
    // name; symlinks that are not followed are passed over by choice.
    const bool special = entry.error == 0 && entry.kind == io::EntryKind::kOther;
    if (entry.error == 0 && entry.kind != io::EntryKind::kFile && !special) {
      if (entry.kind != io::EntryKind::kDirectory) ++skipped_;
      continue;
    }
    std::string relative(entry.relative_path());
    if (!filter_.included(relative)) {
      ++excluded_;
      continue;
    }
    // The walk sorts a directory as "name/", where its contents' keys go; one it could not
    // enter comes out there under its bare name, so its place is checked as "name/".
    std::string order_key = relative;
    if (entry.error != 0 && entry.kind == io::EntryKind::kDirectory) order_key += '/';
    if (!last_local_.empty() && order_key <= last_local_) {
      return fail(out_of_order("the local walk", last_local_, order_key));
    }
    last_local_ = std::move(order_key);
    ++local_entries_;
    local_ =
        LocalFile{std::move(relative), std::move(entry.path), entry.stat, entry.error, special};
  }
  return true;
}

// Loads remote_ with the next object the filter lets through, fetching pages as needed.
bool TreeDiff::advance_remote() {
  while (!remote_) {
    if (page_index_ == page_.objects.size()) {
      if (page_loaded_ && page_.next_continuation_token.empty()) listing_done_ = true;
      if (listing_done_) return true;
      auto page = fetch_(page_loaded_ ? page_.next_continuation_token : std::string());
      if (!page.ok()) return fail(page.error());
      page_ = std::move(*page);
      page_loaded_ = true;
      page_index_ = 0;
      continue;
    }
    ObjectInfo& object = page_.objects[page_index_++];
    if (object.key.compare(0, prefix_.size(), prefix_) != 0) continue;  // not below the prefix
    std::string relative = object.key.substr(prefix_.size());
    if (relative.empty() || (relative.back() == '/' && object.size == 0)) {
      ++skipped_;  // a "directory" marker, not a file
      continue;
    }
    if (!filter_.included(relative)) {
      ++excluded_;
      continue;
    }
    if (!last_remote_.empty() && relative <= last_remote_) {
      return fail(out_of_order("the listing", last_remote_, relative));
    }
    last_remote_ = relative;
    ++remote_objects_;
    remote_relative_ = std::move(relative);
    remote_ = std::move(object);
  }
  return true;
}

bool TreeDiff::next(DiffEntry* out) {
  if (error_) return false;
  if (!advance_local() || !advance_remote()) return false;
  if (!local_ && !remote_) return false;
  out->local.reset();
  out->remote.reset();
  int order = !local_ ? 1 : !remote_ ? -1 : local_->relative.compare(remote_relative_);
  if (order <= 0) {
    out->relative = local_->relative;
    out->local = std::move(local_);
    local_.reset();
  }
  if (order >= 0) {
    out->relative = std::move(remote_relative_);
    out->remote = std::move(remote_);
    remote_.reset();
  }
  return true;
}

}  // namespace hoist::sync
