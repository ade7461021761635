// What Client::upload and Client::download share before the first object moves: checking
// the caller's TransferOptions, opening the resume journal, and starting the engine.
#pragma once

#include <atomic>
#include <memory>

#include "engine/s3/service.h"
#include "engine/s3/service_pool.h"
#include "engine/transfer/engine.h"
#include "engine/transfer/journal.h"
#include "hoist/transfer.h"
#include "io/env.h"
#include "io/memory_budget.h"

namespace hoist::api {

// The per-object settings, or an error naming the bad option (checksum algorithm, part
// size, threshold, object options).
Result<transfer::ObjectSettings> object_settings(const TransferOptions& options);

// An engine running with buffers of `buffer_size` bytes (one part each), plus the journal it
// records into (when resuming is on and the journal could be opened).
struct RunningTransfer {
  std::unique_ptr<transfer::Journal> journal;
  std::unique_ptr<transfer::Engine> engine;
};
// What every transfer of one Client starts from. REQUIRES: all of it outlives the transfer.
struct TransferBasis {
  const s3::ServiceOptions& service;  // the Client's; the transfer adds its bandwidth cap
  const s3::CredentialsSource& credentials;
  // The Client's, which the engine's threads lease from: connections kept between transfers.
  s3::ServicePool* services;
  // The Client's engine threads, which every transfer's requests run on.
  std::shared_ptr<transfer::EngineThreads> threads;
  io::Env* env;                              // the engine's file operations go through it
  std::shared_ptr<io::MemoryBudget> memory;  // the Client's cap, shared by its transfers
  // A TransferHandle's cancel flag, heeded as TransferOptions::cancel is; null: none.
  const std::atomic<bool>* stop = nullptr;
  // Downloads a pause keeps and a resume takes up; null: a stop discards them.
  std::shared_ptr<transfer::PartialDownloads> partial_downloads;
};

// `basis` for a transfer whose bytes pass through code outside the engine on the engine's
// threads (an embedder's Sink, stdout; a sequential one's writes run where each range
// completes): threads of its own, so a consumer that blocks holds up this transfer only, not
// the Client's others. (A Source read at offsets needs none: it is read on disk threads.)
TransferBasis on_own_threads(TransferBasis basis);

Result<RunningTransfer> start_transfer(const TransferBasis& basis, const TransferOptions& options,
                                       const transfer::ObjectSettings& object, uint64_t buffer_size,
                                       bool journaled);

}  // namespace hoist::api
