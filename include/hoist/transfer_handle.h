// TransferHandle: a transfer running in the background, as Client::start_upload,
// start_download, start_sync_upload and start_sync_download return it. The transfer runs on a
// thread of its own; the handle follows it (progress), stops it (cancel) and waits for it.
//
//   auto handle = client->start_upload("/data", {"bucket", "backup/"}, true, options);
//   while (!handle.wait_for(std::chrono::seconds(1))) show(handle.progress());
//   Result<TransferSummary> summary = handle.wait();
//
// Every method may be called from any thread. The options' callbacks (on_progress, on_object,
// on_warning; a sync's on_action) run on the transfer's own thread, one at a time; from there
// a callback may cancel() or drop its handle (which cancels, without waiting), but wait() and
// pause() fail (WaitOnOwnThread) rather than wait for themselves, and it must not destroy the
// Client.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "hoist/result.h"
#include "hoist/sync.h"
#include "hoist/transfer.h"

namespace hoist {

class Client;
namespace api {
template <typename Summary>
class BackgroundTransfer;
}  // namespace api

template <typename Summary>
class BasicTransferHandle {
 public:
  BasicTransferHandle() = default;  // follows nothing: valid() is false
  BasicTransferHandle(BasicTransferHandle&&) noexcept = default;
  BasicTransferHandle& operator=(BasicTransferHandle&& other) noexcept;
  // A transfer still running is cancelled, and waited for: it never outlives its handle.
  ~BasicTransferHandle();

  bool valid() const { return state_ != nullptr; }

  // The transfer's latest progress (as TransferOptions::on_progress gets it, at most every
  // progress_interval); all zeros before the first.
  TransferProgress progress() const;
  // Stops the transfer as TransferOptions::cancel does: nothing new starts, requests in
  // flight are dropped, multipart uploads are kept for resume (or aborted when resume is
  // off). Returns at once; wait() then returns the summary, with `interrupted` set.
  void cancel();
  // Stops the transfer as cancel() does, but keeping what it can resume, waits for it to
  // stop, and returns a token (a string to keep anywhere) for Client::resume(). An upload
  // of a file or directory with TransferOptions::resume on (the default) can pause: its
  // multipart uploads stay open in the resume journal, and the resumed upload sends only the
  // parts not yet confirmed. A download to a file or directory can pause: each object
  // being fetched in ranges keeps its hidden temporary file, which the token names with the
  // ranges it holds; the resumed download reads those ranges back to check them against the
  // object's checksum and fetches only the rest (an object that changed meanwhile, or
  // one without a stored CRC to check the kept ranges against, starts over). Either way a
  // directory's finished files are copied again. An empty token: the transfer had ended
  // anyway, nothing to resume. Fails, stopping nothing, for a transfer that cannot pause (a
  // stream, stdout, an embedder's Sink, a sync, an upload with resume off): cancel() it.
  Result<std::string> pause();
  // True once the transfer has ended; waits at most `timeout` for that.
  bool wait_for(std::chrono::milliseconds timeout) const;
  // Waits for the end and returns what the synchronous call would have returned. May be
  // called again (and from several threads): the result stays.
  Result<Summary> wait() const;

 private:
  friend class Client;
  explicit BasicTransferHandle(std::shared_ptr<api::BackgroundTransfer<Summary>> state);
  std::shared_ptr<api::BackgroundTransfer<Summary>> state_;
};

// Client::start_upload and start_download.
using TransferHandle = BasicTransferHandle<TransferSummary>;
// Client::start_sync_upload and start_sync_download.
using SyncHandle = BasicTransferHandle<SyncSummary>;

}  // namespace hoist
