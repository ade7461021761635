// BasicTransferHandle's methods (include/hoist/transfer_handle.h), for its two summaries.
#include "hoist/transfer_handle.h"

#include "engine/api/background_transfer.h"

namespace hoist {

template <typename Summary>
BasicTransferHandle<Summary>::BasicTransferHandle(
    std::shared_ptr<api::BackgroundTransfer<Summary>> state)
    : state_(std::move(state)) {}

template <typename Summary>
BasicTransferHandle<Summary>& BasicTransferHandle<Summary>::operator=(
    BasicTransferHandle&& other) noexcept {
  if (this != &other) {
    if (state_) {
      state_->stop.store(true);
      state_->join();
    }
    state_ = std::move(other.state_);
  }
  return *this;
}

template <typename Summary>
BasicTransferHandle<Summary>::~BasicTransferHandle() {
  if (!state_) return;
  state_->stop.store(true);
  state_->join();
}

template <typename Summary>
TransferProgress BasicTransferHandle<Summary>::progress() const {
  return state_ ? state_->progress() : TransferProgress{};
}

template <typename Summary>
void BasicTransferHandle<Summary>::cancel() {
  if (state_) state_->stop.store(true);
}

namespace {

bool interrupted(const TransferSummary& s) { return s.interrupted; }
bool interrupted(const SyncSummary& s) { return s.transfer.interrupted; }

}  // namespace

template <typename Summary>
Result<std::string> BasicTransferHandle<Summary>::pause() {
  if (!state_ || !state_->can_pause()) {
    return Error::make(ErrorKind::kInvalid, "NotPausable",
                       "only an upload of a file or directory with resume on, or a download "
                       "to a file or directory, can pause; cancel() this transfer instead");
  }
  if (state_->on_own_thread()) {
    return Error::make(ErrorKind::kInvalid, "WaitOnOwnThread",
                       "a transfer's callback cannot pause the transfer it reports on");
  }
  state_->pausing.store(true);
  state_->stop.store(true);
  Result<Summary> ended = state_->wait();
  if (!ended.ok()) return ended.error();
  return interrupted(*ended) ? state_->resume_token() : std::string();
}

template <typename Summary>
bool BasicTransferHandle<Summary>::wait_for(std::chrono::milliseconds timeout) const {
  return state_ ? state_->wait_for(timeout) : true;
}

template <typename Summary>
Result<Summary> BasicTransferHandle<Summary>::wait() const {
  if (!state_) {
    return Error::make(ErrorKind::kInvalid, "InvalidArgument", "the handle follows no transfer");
  }
  return state_->wait();
}

template class BasicTransferHandle<TransferSummary>;
template class BasicTransferHandle<SyncSummary>;

}  // namespace hoist
