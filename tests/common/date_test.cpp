#include "common/date.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "common/error.hpp"

using syscensus::common::InvalidInput;
using syscensus::common::next_day;
using syscensus::common::now_utc;
using syscensus::common::parse_date;
using syscensus::common::today;

namespace {

// True when `text` has the shape of `pattern`, where 'd' stands for a digit.
bool has_shape(const std::string& text, const std::string& pattern) {
  if (text.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool ok = pattern[i] == 'd' ? text[i] >= '0' && text[i] <= '9' : text[i] == pattern[i];
    if (!ok) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("date: ISO dates are accepted as they are") {
  CHECK(parse_date("2025-03-07") == "2025-03-07");
  CHECK(parse_date("1900-01-01") == "1900-01-01");
  CHECK(parse_date("2199-12-31") == "2199-12-31");
}

TEST_CASE("date: day-first dates become ISO") {
  CHECK(parse_date("7/3/2025") == "2025-03-07");
  CHECK(parse_date("07/03/2025") == "2025-03-07");
  CHECK(parse_date("31/12/2025") == "2025-12-31");
  CHECK(parse_date("1/12/2025") == "2025-12-01");
  CHECK(parse_date("12/1/2025") == "2025-01-12");
}

TEST_CASE("date: the calendar is checked") {
  CHECK(parse_date("29/02/2024") == "2024-02-29");
  CHECK(parse_date("2000-02-29") == "2000-02-29");
  CHECK_FALSE(parse_date("29/02/2025"));
  CHECK_FALSE(parse_date("1900-02-29"));
  CHECK_FALSE(parse_date("31/02/2025"));
  CHECK_FALSE(parse_date("31/04/2025"));
  CHECK_FALSE(parse_date("2025-04-31"));
  CHECK_FALSE(parse_date("0/1/2025"));
  CHECK_FALSE(parse_date("2025-00-10"));
  CHECK_FALSE(parse_date("1/13/2025"));
  CHECK_FALSE(parse_date("12/31/2025"));  // month first is never guessed
}

TEST_CASE("date: years outside 1900-2199 are rejected") {
  CHECK_FALSE(parse_date("1899-12-31"));
  CHECK_FALSE(parse_date("2200-01-01"));
  CHECK_FALSE(parse_date("31/12/1899"));
  CHECK_FALSE(parse_date("0001-01-01"));
}

TEST_CASE("date: other shapes are rejected") {
  for (const char* text : {"", "2025-3-7", "2025-03-7", "25-03-07", "2025/03/07", "07-03-2025",
                           "7/3/25", "007/3/2025", "7/003/2025", "7/3/02025", "7/3/2025/",
                           " 2025-03-07", "2025-03-07 ", "2025-03-07T00:00", "7.3.2025",
                           "+7/3/2025", "7/3/+202", "a/3/2025", "//2025", "7//2025",
                           "2025-03-0a", "45658"}) {
    INFO(text);
    CHECK_FALSE(parse_date(text));
  }
}

TEST_CASE("date: next_day crosses month, year and leap day") {
  CHECK(next_day("2025-03-07") == "2025-03-08");
  CHECK(next_day("2025-01-31") == "2025-02-01");
  CHECK(next_day("2024-02-28") == "2024-02-29");
  CHECK(next_day("2024-02-29") == "2024-03-01");
  CHECK(next_day("2025-02-28") == "2025-03-01");
  CHECK(next_day("2025-12-31") == "2026-01-01");
  CHECK_THROWS_AS(next_day("31/12/2025"), InvalidInput);
  CHECK_THROWS_AS(next_day("2025-02-30"), InvalidInput);
}

TEST_CASE("date: today and now_utc are well-formed UTC times") {
  const std::string before = today();
  const std::string now = now_utc();
  const std::string after = today();
  CHECK(parse_date(before) == before);
  CHECK(has_shape(now, "dddd-dd-ddTdd:dd:ddZ"));
  CHECK((now.substr(0, 10) == before || now.substr(0, 10) == after));
  const int hour = std::stoi(now.substr(11, 2));
  const int minute = std::stoi(now.substr(14, 2));
  const int second = std::stoi(now.substr(17, 2));
  CHECK(hour < 24);
  CHECK(minute < 60);
  CHECK(second < 60);
}
