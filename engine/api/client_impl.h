// Client::Impl: what a hoist::Client holds, private to engine/api so that each group of
// Client calls can live in a file of its own (client.cpp, multipart_uploads.cpp, ...) and still
// reach the service. Used by one thread at a time, as the Client is.
#pragma once

#include <utility>

#include "engine/s3/operation.h"
#include "engine/s3/service.h"
#include "hoist/client.h"
#include "io/env.h"

namespace hoist {

struct Client::Impl {
  ResolvedSettings settings;
  // Kept so that each thread of the transfer engine can build a Service of its own.
  s3::ServiceOptions service_options;
  s3::CredentialsSource credentials;
  s3::Service service;
  // Every local file and directory operation of this Client's calls goes through it, so a
  // test's fault-injecting Env reaches them all. Not owned.
  io::Env* env;

  Impl(ResolvedSettings s, s3::ServiceOptions options, s3::CredentialsSource creds, io::Env* e)
      : settings(std::move(s)),
        service_options(options),
        credentials(creds),
        service(std::move(options), std::move(creds)),
        env(e) {}

  // Sends an operation whose only result is success or an error.
  Status run(s3::Operation op) {
    auto response = service.execute(std::move(op));
    if (!response.ok()) return response.error();
    return ok_status();
  }
};

}  // namespace hoist
