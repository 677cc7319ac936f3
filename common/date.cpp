#include "common/date.hpp"

#include <chrono>
#include <cstdio>

#include "common/error.hpp"

namespace syscensus::common {
namespace {

using namespace std::chrono;

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2199;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Digits only, between `min_len` and `max_len` of them; nullopt otherwise.
std::optional<int> number(std::string_view s, std::size_t min_len, std::size_t max_len) {
  if (s.size() < min_len || s.size() > max_len) return std::nullopt;
  int n = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::optional<year_month_day> make_date(std::optional<int> y, std::optional<int> m,
                                        std::optional<int> d) {
  if (!y || !m || !d) return std::nullopt;
  const year_month_day ymd{year{*y}, month{static_cast<unsigned>(*m)},
                           day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::optional<year_month_day> parse_iso(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  return make_date(number(s.substr(0, 4), 4, 4), number(s.substr(5, 2), 2, 2),
                   number(s.substr(8, 2), 2, 2));
}

std::optional<year_month_day> parse_day_first(std::string_view s) {
  const auto first = s.find('/');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = s.find('/', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  return make_date(number(s.substr(second + 1), 4, 4),
                   number(s.substr(first + 1, second - first - 1), 1, 2),
                   number(s.substr(0, first), 1, 2));
}

std::string iso(const year_month_day& ymd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace

std::optional<std::string> parse_date(std::string_view text) {
  auto ymd = parse_iso(text);
  if (!ymd) ymd = parse_day_first(text);
  if (!ymd) return std::nullopt;
  const int y = static_cast<int>(ymd->year());
  if (y < kMinYear || y > kMaxYear) return std::nullopt;
  return iso(*ymd);
}

std::string today() {
  return iso(year_month_day{floor<days>(system_clock::now())});
}

std::string next_day(const std::string& iso_text) {
  const auto ymd = parse_iso(iso_text);
  if (!ymd) throw InvalidInput("\"" + iso_text + "\" is not a date in the form YYYY-MM-DD");
  return iso(year_month_day{sys_days{*ymd} + days{1}});
}

std::string now_utc() {
  const auto now = floor<seconds>(system_clock::now());
  const auto day_start = floor<days>(now);
  const hh_mm_ss time{now - day_start};
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return iso(year_month_day{day_start}) + buf;
}

}  // namespace syscensus::common
