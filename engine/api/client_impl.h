// Client::Impl: what a hoist::Client holds, private to engine/api so that each group of
// Client calls can live in a file of its own (client.cpp, multipart_uploads.cpp, ...) and still
// reach the service. Everything here may be used from several threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>

#include "engine/api/background_transfer.h"
#include "engine/api/transfer_setup.h"
#include "engine/s3/operation.h"
#include "engine/s3/service_pool.h"
#include "hoist/client.h"
#include "io/env.h"
#include "io/memory_budget.h"

namespace hoist {

struct Client::Impl {
  ResolvedSettings settings;
  // The Services that calls (listings, HEADs, deletes) and the engine threads of transfers
  // borrow, so connections stay open from one call or transfer to the next.
  s3::ServicePool services;
  // The threads that do the requests of every transfer of this Client, started by the first
  // transfer and kept (declared after `services`, which they lease from).
  std::shared_ptr<transfer::EngineThreads> threads;
  // Every local file and directory operation of this Client's calls goes through it, so a
  // test's fault-injecting Env reaches them all. Not owned.
  io::Env* env;
  // The cap on part buffers that every transfer of this Client draws on together; kNoMemoryCap
  // when Config::max_memory set none.
  static constexpr uint64_t kNoMemoryCap = UINT64_MAX;
  std::shared_ptr<io::MemoryBudget> memory;
  // The transfers started with start_*, stopped by ~Client if still running.
  api::BackgroundRegistry background;

  Impl(ResolvedSettings s, s3::ServiceOptions options, s3::CredentialsSource creds, io::Env* e,
       uint64_t max_memory)
      : settings(std::move(s)),
        services(std::move(options), std::move(creds)),
        threads(std::make_shared<transfer::EngineThreads>(&services, e)),
        env(e),
        memory(std::make_shared<io::MemoryBudget>(max_memory)) {}

  const s3::ServiceOptions& service_options() const { return services.options(); }
  const s3::CredentialsSource& credentials() const { return services.credentials(); }
  // What a transfer of this Client starts from; `stop` is a TransferHandle's cancel flag,
  // `partials` what its downloads keep on pause and take up on resume.
  api::TransferBasis basis(const std::atomic<bool>* stop,
                           std::shared_ptr<transfer::PartialDownloads> partials = nullptr) {
    return api::TransferBasis{
        service_options(),  credentials(), &services, threads, env, memory, stop,
        std::move(partials)};
  }

  // Sends an operation on a borrowed Service; with `stopped`, a wait to retry ends once it
  // says true.
  Result<http::Response> execute(s3::Operation op, const std::function<bool()>& stopped = {}) {
    return services.lease()->execute(std::move(op), stopped);
  }
  // Sends an operation whose only result is success or an error.
  Status run(s3::Operation op) {
    auto response = execute(std::move(op));
    if (!response.ok()) return response.error();
    return ok_status();
  }
};

}  // namespace hoist
