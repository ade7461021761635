#include "engine/api/transfer_setup.h"

#include <algorithm>

#include "engine/api/object_options.h"
#include "engine/http/token_bucket.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/part_plan.h"
#include "hoist/storage_class.h"

namespace hoist::api {

Result<transfer::ObjectSettings> object_settings(const TransferOptions& options) {
  transfer::ObjectSettings object;
  std::string why;
  auto algorithm = checksum::parse_algorithm(options.checksum_algorithm, &why);
  if (!algorithm || *algorithm == checksum::Algorithm::md5) {
    return transfer::invalid_input("InvalidChecksumAlgorithm",
                                   algorithm ? "MD5 is not an S3 checksum algorithm" : why);
  }
  Status part_size = transfer::validate_part_size(options.part_size);
  if (!part_size.ok()) return part_size.error();
  object.algorithm = *algorithm;
  object.content_type = options.content_type;
  object.part_size = options.part_size > 0 ? options.part_size : kDefaultPartSize;
  object.multipart_threshold = options.multipart_threshold;
  object.resume = options.resume;
  object.fsync = options.fsync;
  object.dryrun = options.dryrun;
  if (!options.compress.empty()) {
    object.codec = compress::Codec::parse(options.compress, &why);
    if (!object.codec) return transfer::invalid_input("InvalidArgument", why);
  }
  object.raw = options.raw;
  auto object_options = api::object_options(options, object.algorithm);
  if (!object_options.ok()) return object_options.error();
  object.options = std::move(*object_options);
  if (!options.storage_class.empty() && !is_storage_class(options.storage_class)) {
    return transfer::invalid_input(
        "InvalidStorageClass",
        "'" + options.storage_class + "' is not a storage class; valid: " + storage_class_list());
  }
  object.storage_class = options.storage_class;
  return object;
}

namespace {

std::string mib(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// A journal that cannot be opened costs resumability, not the transfer: say so in --debug.
// One found damaged and set aside is worth a warning.
std::unique_ptr<transfer::Journal> open_journal(const TransferOptions& options,
                                                const http::DebugSink& debug) {
  std::string dir = options.state_dir;
  if (dir.empty()) {
    auto found = transfer::Journal::default_state_dir();
    if (!found.ok()) {
      if (debug) debug("resume journal off: " + found.error().message);
      return nullptr;
    }
    dir = *found;
  }
  auto journal = transfer::Journal::open(dir);
  if (!journal.ok()) {
    if (debug) debug("resume journal off: " + journal.error().message);
    return nullptr;
  }
  // A damaged journal was replaced: the user learns why interrupted uploads start afresh.
  const std::string& warning = (*journal)->set_aside_warning();
  if (!warning.empty() && options.on_warning) options.on_warning(warning);
  return std::move(*journal);
}

}  // namespace

TransferBasis on_own_threads(TransferBasis basis) {
  basis.threads = nullptr;  // the engine starts threads of its own
  return basis;
}

Result<RunningTransfer> start_transfer(const TransferBasis& basis, const TransferOptions& options,
                                       const transfer::ObjectSettings& object, uint64_t buffer_size,
                                       bool journaled) {
  auto settings = transfer::resolve_engine_settings(options, std::max<uint64_t>(buffer_size, 1),
                                                    basis.memory->cap());
  if (!settings.ok()) return settings.error();
  io::Env* env = basis.env;
  const http::DebugSink& debug = basis.service.http.debug;
  RunningTransfer running;
  if (journaled && object.resume) running.journal = open_journal(options, debug);

  transfer::EngineConfig config;
  config.service = basis.service;
  config.credentials = basis.credentials;
  config.services = basis.services;
  config.threads = basis.threads;
  config.memory = basis.memory;
  config.stop = basis.stop;
  config.partial_downloads = basis.partial_downloads;
  config.settings = *settings;
  config.object = object;
  config.env = env;
  config.journal = running.journal.get();
  config.options = &options;
  if (debug) {
    debug("engine: " + std::to_string(settings->threads) + " threads, concurrency " +
          std::to_string(settings->concurrency) + ", buffers of " + mib(settings->buffer_size) +
          ", max memory " + mib(settings->max_memory) + ", io " + env->name() +
          (env == io::default_env() ? " (" + io::default_env_choice().reason + ")" : "") +
          (running.journal ? ", resume journal " + running.journal->path() : ""));
  }
  if (options.bandwidth_limit > 0) {
    // One bucket for the whole transfer: every request its workers send draws on it, so all
    // their connections share one cap (and the Client's other transfers are not bound by it).
    const uint64_t cap = options.bandwidth_limit;
    auto bucket = std::make_shared<http::TokenBucket>(cap, http::TokenBucket::default_burst(cap));
    if (debug) debug("bandwidth cap " + bucket->describe() + " across all connections");
    config.bandwidth = std::move(bucket);
  }
  auto engine = transfer::Engine::create(std::move(config));
  if (!engine.ok()) return engine.error();
  running.engine = std::move(*engine);
  return running;
}

}  // namespace hoist::api
