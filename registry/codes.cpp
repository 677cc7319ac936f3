#include "registry/codes.hpp"

#include <algorithm>

namespace syscensus::registry {
namespace {

// Hand-written instead of std::regex: these run for every code cell of a
// 100,000-row import, where std::regex showed up in profiles.
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

// 10 digits, optionally -NNN (a branch of an enterprise).
bool is_tax_code(std::string_view code) {
  if (code.size() == 14 && code[10] == '-') return all_digits(code.substr(0, 10)) && all_digits(code.substr(11));
  return code.size() == 10 && all_digits(code);
}

// Groups of [0-9A-Z] separated by single dots.
bool is_dotted(std::string_view code) {
  if (code.empty() || code.front() == '.' || code.back() == '.') return false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '.' ? code[i - 1] == '.' : !(is_digit(c) || is_upper(c))) return false;
  }
  return true;
}

// 000.00.18.G12: 3, 2, 2 digits, then G or H and 2 digits.
bool is_edoc_code(std::string_view code) {
  return code.size() == 13 && all_digits(code.substr(0, 3)) && code[3] == '.' && all_digits(code.substr(4, 2)) &&
         code[6] == '.' && all_digits(code.substr(7, 2)) && code[9] == '.' && (code[10] == 'G' || code[10] == 'H') &&
         all_digits(code.substr(11, 2));
}

// Ends like an e-document code (.G12 / .H29) and has its four groups.
bool looks_like_edoc(std::string_view code) {
  const std::size_t n = code.size();
  return n >= 4 && code[n - 4] == '.' && (code[n - 3] == 'G' || code[n - 3] == 'H') && is_digit(code[n - 2]) &&
         is_digit(code[n - 1]) && std::count(code.begin(), code.end(), '.') == 3;
}

}  // namespace

std::optional<std::string> check_unit_code(std::string_view code) {
  if ((code.size() == 2 || code.size() == 5) && all_digits(code)) return std::nullopt;
  return "not a unit code (2 digits for a province, 5 for a commune; keep leading zeros)";
}

std::optional<std::string> check_tax_code(std::string_view code) {
  if (is_tax_code(code)) return std::nullopt;
  return "not a tax code (10 digits, or 10-3 digits for a branch; keep leading zeros)";
}

std::optional<std::string> check_agency_code(std::string_view code) {
  if (is_tax_code(code)) return std::nullopt;
  if (code.size() > 35) return "agency codes have at most 35 characters";
  if (!is_dotted(code)) return "not an agency code (digits, capital letters and single dots, e.g. 000.00.18.G12)";
  if (looks_like_edoc(code) && !is_edoc_code(code))
    return "e-document exchange codes have the form 000.00.18.G12 (3, 2, 2 digits, then G or H and 2 digits)";
  return std::nullopt;
}

std::optional<std::string> check_system_code(std::string_view code) {
  const bool ok = !code.empty() && code.size() <= 64 && (is_digit(code[0]) || is_upper(code[0])) &&
                  std::all_of(code.begin(), code.end(), [](char c) {
                    return is_digit(c) || is_upper(c) || c == '.' || c == '_' || c == '-';
                  });
  if (ok) return std::nullopt;
  return "not a system code (1-64 capital letters, digits, '.', '_' or '-')";
}

}  // namespace syscensus::registry
