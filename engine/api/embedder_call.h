// A call into an embedder's Source or Sink. Their code may throw, and no exception may unwind
// through the engine's threads or out of a Client call: what it throws becomes an Error of
// code SourceFailed or SinkFailed naming the source or sink.
#pragma once

#include <exception>
#include <string>
#include <utility>

#include "hoist/error.h"

namespace hoist::api {

// What upload_from/download_to answer to a null Source or Sink.
inline Error no_embedder_object(const std::string& what) {
  return Error::make(ErrorKind::kInvalid, "InvalidArgument", "no " + what + " given (null)");
}

// Runs `call` (returning a Status or Result) for the "source" or "sink" called `name`.
template <typename Call>
auto call_embedder(const char* role, const std::string& name, Call&& call) -> decltype(call()) {
  auto thrown = [&](const std::string& what) {
    const std::string code = std::string(role) == "source" ? "SourceFailed" : "SinkFailed";
    Error e = Error::make(ErrorKind::kLocal, code, "the " + std::string(role) + " threw: " + what);
    e.local_path = name;
    return e;
  };
  try {
    return std::forward<Call>(call)();
  } catch (const std::exception& e) {
    return thrown(e.what());
  } catch (...) {
    return thrown("an exception that is not a std::exception");
  }
}

}  // namespace hoist::api
