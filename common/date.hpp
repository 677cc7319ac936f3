#pragma once
// Calendar dates as ISO text (YYYY-MM-DD), the form they are stored in.
#include <optional>
#include <string>
#include <string_view>

namespace syscensus::common {

/// Parses YYYY-MM-DD or DD/MM/YYYY (day first, never guessed) into ISO text;
/// nullopt for anything else, including impossible dates such as 31/02/2025.
std::optional<std::string> parse_date(std::string_view text);

/// Today's date (UTC) as ISO text.
std::string today();

/// The ISO date one day after `iso` (which must be valid ISO text).
std::string next_day(const std::string& iso);

/// Current UTC time as ISO 8601 text with seconds, e.g. 2026-11-28T06:40:00Z.
std::string now_utc();

}  // namespace syscensus::common
