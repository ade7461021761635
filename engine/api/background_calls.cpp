// Client::start_*: the synchronous transfer calls (upload, download, upload_from,
// download_to, sync_upload, sync_download), run on a thread of their own behind a handle.
#include <filesystem>
#include <system_error>

#include "engine/api/background_transfer.h"
#include "engine/api/client_impl.h"
#include "engine/api/embedder_call.h"
#include "engine/api/resume_token.h"
#include "hoist/client.h"

namespace hoist {
namespace {

// The state of a new background transfer, known to `registry`; `transfer`'s on_progress now
// also keeps the latest snapshot for the handle. The thread's closure holds a reference of its
// own, so a callback that drops the handle does not pull the state from under the thread.
template <typename Summary>
std::shared_ptr<api::BackgroundTransfer<Summary>> new_background(api::BackgroundRegistry& registry,
                                                                 TransferOptions* transfer) {
  auto state = std::make_shared<api::BackgroundTransfer<Summary>>();
  registry.add(state);
  transfer->on_progress = [run = state.get(),
                           user = std::move(transfer->on_progress)](const TransferProgress& p) {
    run->record_progress(p);
    if (user) user(p);
  };
  return state;
}

}  // namespace

TransferHandle Client::start_upload(const std::string& source, const S3Uri& destination,
                                    bool recursive, const TransferOptions& options) {
  TransferOptions own = options;
  auto state = new_background<TransferSummary>(impl_->background, &own);
  // Pausing keeps the multipart uploads in the resume journal: a file or a tree can pause,
  // a stream (stdin) cannot be read again.
  if (options.resume && source != "-") {
    // Absolute: a token resumed from another working directory names the same files (and the
    // journal knows them by absolute path).
    std::error_code error;
    const std::filesystem::path absolute = std::filesystem::absolute(source, error);
    if (!error) {
      state->set_resume_token(
          api::encode_resume_token({absolute.string(), destination, recursive}));
    }
  }
  state->launch([this, run = state, own = std::move(own), source, destination, recursive] {
    run->finish(upload(source, destination, recursive, own, &run->stop));
  });
  return TransferHandle(std::move(state));
}

TransferHandle Client::start_download(const S3Uri& source, const std::string& destination,
                                      bool recursive, const TransferOptions& options) {
  TransferOptions own = options;
  auto state = new_background<TransferSummary>(impl_->background, &own);
  state->launch([this, run = state, own = std::move(own), source, destination, recursive] {
    run->finish(download(source, destination, recursive, own, &run->stop));
  });
  return TransferHandle(std::move(state));
}

TransferHandle Client::resume(const std::string& token, const TransferOptions& options) {
  auto decoded = api::decode_resume_token(token);
  if (decoded.ok()) {
    TransferOptions resuming = options;
    resuming.resume = true;
    return start_upload(decoded->source, decoded->destination, decoded->recursive, resuming);
  }
  return failed_handle(decoded.error());
}

TransferHandle Client::failed_handle(Error error) {
  TransferOptions none;
  auto state = new_background<TransferSummary>(impl_->background, &none);
  state->launch([run = state, error = std::move(error)] { run->finish(error); });
  return TransferHandle(std::move(state));
}

TransferHandle Client::start_upload_from(std::shared_ptr<Source> source, const S3Uri& destination,
                                         const TransferOptions& options) {
  if (!source) return failed_handle(api::no_embedder_object("Source"));
  TransferOptions own = options;
  auto state = new_background<TransferSummary>(impl_->background, &own);
  state->launch([this, run = state, own = std::move(own), source, destination] {
    run->finish(upload("", destination, /*recursive=*/false, own, &run->stop, source));
  });
  return TransferHandle(std::move(state));
}

TransferHandle Client::start_download_to(const S3Uri& source, std::shared_ptr<Sink> sink,
                                         const TransferOptions& options) {
  if (!sink) return failed_handle(api::no_embedder_object("Sink"));
  TransferOptions own = options;
  auto state = new_background<TransferSummary>(impl_->background, &own);
  state->launch([this, run = state, own = std::move(own), source, sink] {
    run->finish(download(source, "", /*recursive=*/false, own, &run->stop, sink));
  });
  return TransferHandle(std::move(state));
}

SyncHandle Client::start_sync_upload(const std::string& directory, const S3Uri& destination,
                                     const SyncOptions& options) {
  SyncOptions own = options;
  auto state = new_background<SyncSummary>(impl_->background, &own.transfer);
  state->launch([this, run = state, own = std::move(own), directory, destination] {
    run->finish(sync_upload(directory, destination, own, &run->stop));
  });
  return SyncHandle(std::move(state));
}

SyncHandle Client::start_sync_download(const S3Uri& source, const std::string& directory,
                                       const SyncOptions& options) {
  SyncOptions own = options;
  auto state = new_background<SyncSummary>(impl_->background, &own.transfer);
  state->launch([this, run = state, own = std::move(own), source, directory] {
    run->finish(sync_download(source, directory, own, &run->stop));
  });
  return SyncHandle(std::move(state));
}

}  // namespace hoist
