#include "engine/config/iso8601_time.h"

#include <cctype>

namespace hoist::config {
namespace {

// Reads exactly `digits` decimal digits at `pos`.
std::optional<int> read_number(std::string_view text, size_t& pos, size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < digits; ++i) {
    char c = text[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  return value;
}

bool expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

bool expect_either(std::string_view text, size_t& pos, char a, char b) {
  if (pos >= text.size() || (text[pos] != a && text[pos] != b)) return false;
  ++pos;
  return true;
}

// "Z", or "+hh:mm" / "-hh:mm": how far local time is ahead of UTC.
std::optional<std::chrono::minutes> read_offset(std::string_view text, size_t& pos) {
  if (expect_either(text, pos, 'Z', 'z')) return std::chrono::minutes(0);
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return std::nullopt;
  int sign = text[pos] == '-' ? -1 : 1;
  ++pos;
  auto hours = read_number(text, pos, 2);
  if (!hours || !expect(text, pos, ':')) return std::nullopt;
  auto minutes = read_number(text, pos, 2);
  if (!minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  return std::chrono::minutes(sign * (*hours * 60 + *minutes));
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_iso8601_time(std::string_view text) {
  using namespace std::chrono;
  size_t pos = 0;
  auto year = read_number(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return std::nullopt;
  auto month = read_number(text, pos, 2);
  if (!month || !expect(text, pos, '-')) return std::nullopt;
  auto day = read_number(text, pos, 2);
  if (!day || !expect_either(text, pos, 'T', 't')) return std::nullopt;
  auto hour = read_number(text, pos, 2);
  if (!hour || !expect(text, pos, ':')) return std::nullopt;
  auto minute = read_number(text, pos, 2);
  if (!minute || !expect(text, pos, ':')) return std::nullopt;
  auto second = read_number(text, pos, 2);
  if (!second) return std::nullopt;

  nanoseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t start = pos;
    long long scale = 100000000;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      fraction += nanoseconds((text[pos] - '0') * scale);
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }

  std::optional<minutes> offset = read_offset(text, pos);
  if (!offset) return std::nullopt;
  if (pos != text.size()) return std::nullopt;

  year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                      std::chrono::day(static_cast<unsigned>(*day))};
  // 60 admits a leap second, which the clock then counts as the next second's first instant.
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  sys_time<nanoseconds> instant = sys_days(date) + hours(*hour) + minutes(*minute) +
                                  seconds(*second) + fraction - *offset;
  return time_point_cast<system_clock::duration>(instant);
}

}  // namespace hoist::config
