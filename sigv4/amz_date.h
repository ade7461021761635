// AmzDate: the signing time in the two spellings SigV4 uses, "20130524T000000Z" for
// x-amz-date / X-Amz-Date and the string to sign, and its first eight characters for the
// credential scope. The caller passes the time in; nothing here reads a clock.
#pragma once

#include <array>
#include <chrono>
#include <string_view>

namespace hoist::sigv4 {

class AmzDate {
 public:
  // REQUIRES: `time` falls in the years 0000..9999 (UTC), as any system_clock time with
  // nanosecond ticks does; else std::invalid_argument.
  explicit AmzDate(std::chrono::system_clock::time_point time);

  // "YYYYMMDDTHHMMSSZ", UTC, to the second.
  std::string_view timestamp() const { return {text_.data(), text_.size()}; }
  // "YYYYMMDD".
  std::string_view date() const { return {text_.data(), 8}; }

 private:
  std::array<char, 16> text_;
};

}  // namespace hoist::sigv4
