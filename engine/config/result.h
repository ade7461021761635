// config::Result<T>: a value, or the reason there is none. Every function of engine/config
// that can fail returns one, so no exception crosses the module boundary and a caller cannot
// use a value without first asking whether there is one.
#pragma once

#include <string>
#include <utility>

#include "hoist/result.h"

namespace hoist::config {

// Why a lookup produced nothing. The two kinds matter to the credentials chain: a source
// that is simply not configured lets the chain move on to the next one, while a source that
// is configured but broken stops it, because silently falling through to another identity
// would be worse than failing.
class Error {
 public:
  enum class Kind {
    kNotFound,  // nothing configured here; the message says where we looked
    kFailed,    // configured but unusable; the message says what is wrong
  };

  static Error not_found(std::string message) { return Error(Kind::kNotFound, std::move(message)); }
  static Error failed(std::string message) { return Error(Kind::kFailed, std::move(message)); }

  Kind kind() const { return kind_; }
  bool is_not_found() const { return kind_ == Kind::kNotFound; }
  // Never contains a secret key or session token.
  const std::string& message() const { return message_; }

 private:
  Error(Kind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  Kind kind_;
  std::string message_;
};

template <typename T>
using Result = hoist::Result<T, Error>;

}  // namespace hoist::config
