// ClientContext: what a Client is built on besides its Config, handed in by code inside the
// project (tests) rather than chosen by the Client: today the io::Env its local file
// operations go through.
#pragma once

#include <memory>

#include "hoist/client.h"
#include "io/env.h"

namespace hoist::api {

struct ClientContext {
  // nullptr: io::default_env(), as Client::create uses. REQUIRES: outlives the Client.
  io::Env* env = nullptr;
};

struct ClientFactory {
  // Client::create(config) on `context`.
  static Result<std::unique_ptr<Client>> create(const Config& config, const ClientContext& context);
};

}  // namespace hoist::api
