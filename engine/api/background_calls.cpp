// Client::start_*: the synchronous transfer calls (upload, download, upload_from,
// download_to, sync_upload, sync_download), run on a thread of their own behind a handle.
#include <filesystem>
#include <optional>
#include <system_error>

#include "engine/api/background_transfer.h"
#include "engine/api/client_impl.h"
#include "engine/api/embedder_call.h"
#include "engine/api/resume_token.h"
#include "engine/transfer/partial_download.h"
#include "hoist/client.h"

namespace hoist {
namespace {

// The options whose on_progress feeds a handle: a transfer's own, or a sync's.
TransferOptions& transfer_options(TransferOptions& options) { return options; }
TransferOptions& transfer_options(SyncOptions& options) { return options.transfer; }

// Runs `body(options, stop)` on a thread of its own, as a background transfer known to
// `registry`, with `options`' on_progress also keeping the latest snapshot for the handle.
// The thread's closure holds a reference to the state, so a callback that drops the handle
// does not pull the state from under the thread.
// `prepare` sees the state before the thread starts.
template <typename Summary, typename Options, typename Body,
          typename Prepare = void (*)(api::BackgroundRun&)>
std::shared_ptr<api::BackgroundTransfer<Summary>> start_background(
    api::BackgroundRegistry& registry, Options options, Body body,
    Prepare prepare = [](api::BackgroundRun&) {}) {
  auto state = std::make_shared<api::BackgroundTransfer<Summary>>();
  prepare(*state);
  registry.add(state);
  TransferOptions& transfer = transfer_options(options);
  transfer.on_progress = [run = state.get(),
                          user = std::move(transfer.on_progress)](const TransferProgress& p) {
    run->record_progress(p);
    if (user) user(p);
  };
  state->launch([run = state, options = std::move(options), body = std::move(body)] {
    run->finish(body(options, &run->stop));
  });
  return state;
}

// `path` made absolute, as a resume token keeps it, so a resume from another working
// directory names the same files; nullopt when the working directory cannot be known.
std::optional<std::string> absolute_path(const std::string& path) {
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(path, error);
  if (error) return std::nullopt;
  return absolute.string();
}

}  // namespace

TransferHandle Client::start_upload(const std::string& source, const S3Uri& destination,
                                    bool recursive, const TransferOptions& options) {
  auto state = start_background<TransferSummary>(
      impl_->background, options,
      [this, source, destination, recursive](const TransferOptions& o,
                                             const std::atomic<bool>* stop) {
        return upload(source, destination, recursive, o, stop);
      });
  // Pausing keeps the multipart uploads in the resume journal: a file or a tree can pause,
  // a stream (stdin) cannot be read again.
  // (The journal knows files by absolute path too.)
  std::optional<std::string> absolute;
  if (options.resume && source != "-") absolute = absolute_path(source);
  if (absolute) {
    api::ResumeToken token{api::ResumeToken::Kind::kUpload, *absolute, destination, recursive, {}};
    state->set_resume_token([text = api::encode_resume_token(token)] { return text; });
  }
  return TransferHandle(std::move(state));
}

TransferHandle Client::start_download(const S3Uri& source, const std::string& destination,
                                      bool recursive, const TransferOptions& options) {
  return start_download(source, destination, recursive, options,
                        std::make_shared<transfer::PartialDownloads>());
}

TransferHandle Client::start_download(const S3Uri& source, const std::string& destination,
                                      bool recursive, const TransferOptions& options,
                                      std::shared_ptr<transfer::PartialDownloads> partials) {
  // The download itself writes to the absolute path, so the kept files' records (by path)
  // match the downloads of a resume that take them up. Stdout cannot be written twice, so
  // it never pauses.
  std::optional<std::string> absolute;
  if (destination != "-") absolute = absolute_path(destination);
  const std::string target = absolute.value_or(destination);
  auto state = start_background<TransferSummary>(
      impl_->background, options,
      [this, source, target, recursive, partials](const TransferOptions& o,
                                                  const std::atomic<bool>* stop) {
        auto result = download(source, target, recursive, o, stop, nullptr, partials);
        // Every download has ended, keeping or discarding its temporary file. What a pause
        // kept stays for the token (pause() returns one only for an interrupted transfer);
        // anything else goes, so no file is left that no token names.
        partials->settle(impl_->env, partials->pausing() && result.ok() && result->interrupted);
        return result;
      },
      [&](api::BackgroundRun& run) { partials->watch(&run.pausing); });
  if (absolute) {
    api::ResumeToken token{api::ResumeToken::Kind::kDownload, target, source, recursive, {}};
    state->set_resume_token([token, partials]() mutable {
      token.partials = partials->kept();
      return api::encode_resume_token(token);
    });
  }
  return TransferHandle(std::move(state));
}

TransferHandle Client::resume(const std::string& token, const TransferOptions& options) {
  auto decoded = api::decode_resume_token(token);
  if (!decoded.ok()) return failed_handle(decoded.error());
  if (decoded->kind == api::ResumeToken::Kind::kDownload) {
    return start_download(
        decoded->remote, decoded->local, decoded->recursive, options,
        std::make_shared<transfer::PartialDownloads>(std::move(decoded->partials)));
  }
  TransferOptions resuming = options;
  resuming.resume = true;
  return start_upload(decoded->local, decoded->remote, decoded->recursive, resuming);
}

TransferHandle Client::failed_handle(Error error) {
  return TransferHandle(start_background<TransferSummary>(
      impl_->background, TransferOptions{},
      [error = std::move(error)](const TransferOptions&, const std::atomic<bool>*)
          -> Result<TransferSummary> { return error; }));
}

TransferHandle Client::start_upload_from(std::shared_ptr<Source> source, const S3Uri& destination,
                                         const TransferOptions& options) {
  if (!source) return failed_handle(api::no_embedder_object("Source"));
  return TransferHandle(start_background<TransferSummary>(
      impl_->background, options,
      [this, source, destination](const TransferOptions& o, const std::atomic<bool>* stop) {
        return upload("", destination, /*recursive=*/false, o, stop, source);
      }));
}

TransferHandle Client::start_download_to(const S3Uri& source, std::shared_ptr<Sink> sink,
                                         const TransferOptions& options) {
  if (!sink) return failed_handle(api::no_embedder_object("Sink"));
  return TransferHandle(start_background<TransferSummary>(
      impl_->background, options,
      [this, source, sink](const TransferOptions& o, const std::atomic<bool>* stop) {
        return download(source, "", /*recursive=*/false, o, stop, sink);
      }));
}

SyncHandle Client::start_sync_upload(const std::string& directory, const S3Uri& destination,
                                     const SyncOptions& options) {
  return SyncHandle(start_background<SyncSummary>(
      impl_->background, options,
      [this, directory, destination](const SyncOptions& o, const std::atomic<bool>* stop) {
        return sync_upload(directory, destination, o, stop);
      }));
}

SyncHandle Client::start_sync_download(const S3Uri& source, const std::string& directory,
                                       const SyncOptions& options) {
  return SyncHandle(start_background<SyncSummary>(
      impl_->background, options,
      [this, source, directory](const SyncOptions& o, const std::atomic<bool>* stop) {
        return sync_download(source, directory, o, stop);
      }));
}

}  // namespace hoist
