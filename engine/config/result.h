// config::Result<T>: a value, or the hoist::Error saying why there is none. Every function of
// engine/config that can fail returns one, so no exception crosses the module boundary and a
// caller cannot use a value without first asking whether there is one.
#pragma once

#include <string>
#include <utility>

#include "hoist/error.h"
#include "hoist/result.h"

namespace hoist::config {

// Why a lookup produced nothing comes in two kinds, which matter to the credentials chain: a
// source that is simply not configured (code NotConfigured) lets the chain move on to the
// next one, while a source that is configured but broken (code InvalidConfig) stops it,
// because silently falling through to another identity would be worse than failing. The
// message says where hoist looked, or what is wrong; it never holds a secret key or token.
inline constexpr const char* kNotConfigured = "NotConfigured";
inline constexpr const char* kInvalidConfig = "InvalidConfig";

inline Error not_found(std::string message) {
  return Error::make(ErrorKind::kInvalid, kNotConfigured, std::move(message));
}
inline Error failed(std::string message) {
  return Error::make(ErrorKind::kInvalid, kInvalidConfig, std::move(message));
}
inline bool is_not_found(const Error& error) { return error.code == kNotConfigured; }

template <typename T>
using Result = hoist::Result<T>;

}  // namespace hoist::config
