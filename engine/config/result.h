// Result<T>: a value, or the reason there is none. Every function of engine/config that can
// fail returns one, so no exception crosses the module boundary and a caller cannot use a
// value without first asking whether there is one.
#pragma once

#include <string>
#include <utility>
#include <variant>

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
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  const T& value() const& { return std::get<0>(state_); }
  T& value() & { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // REQUIRES: !ok()
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace hoist::config
