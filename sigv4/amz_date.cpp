#include "sigv4/amz_date.h"

#include <stdexcept>

namespace hoist::sigv4 {
namespace {

// Writes `value` as exactly `width` decimal digits at p.
char* put_digits(char* p, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return p + width;
}

}  // namespace

AmzDate::AmzDate(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto seconds = floor<std::chrono::seconds>(time);
  const auto day = floor<days>(seconds);
  const year_month_day ymd{day};
  const hh_mm_ss hms{seconds - day};
  const int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) throw std::invalid_argument("sigv4: signing time outside years 0-9999");
  char* p = text_.data();
  p = put_digits(p, static_cast<unsigned>(y), 4);
  p = put_digits(p, static_cast<unsigned>(ymd.month()), 2);
  p = put_digits(p, static_cast<unsigned>(ymd.day()), 2);
  *p++ = 'T';
  p = put_digits(p, static_cast<unsigned>(hms.hours().count()), 2);
  p = put_digits(p, static_cast<unsigned>(hms.minutes().count()), 2);
  p = put_digits(p, static_cast<unsigned>(hms.seconds().count()), 2);
  *p = 'Z';
}

}  // namespace hoist::sigv4
