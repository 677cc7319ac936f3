#include "registry/codes.hpp"

#include <algorithm>
#include <regex>

namespace syscensus::registry {
namespace {

bool matches(std::string_view text, const std::regex& pattern) {
  return std::regex_match(text.begin(), text.end(), pattern);
}

}  // namespace

std::optional<std::string> check_unit_code(std::string_view code) {
  static const std::regex pattern("[0-9]{2}|[0-9]{5}");
  if (matches(code, pattern)) return std::nullopt;
  return "not a unit code (2 digits for a province, 5 for a commune; keep leading zeros)";
}

std::optional<std::string> check_agency_code(std::string_view code) {
  static const std::regex tax("[0-9]{10}(-[0-9]{3})?");
  static const std::regex edoc_tail(R"(.*\.[GH][0-9]{2})");
  static const std::regex edoc("[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[GH][0-9]{2}");
  static const std::regex general("[0-9A-Z]+(\\.[0-9A-Z]+)*");
  if (matches(code, tax)) return std::nullopt;
  if (code.size() > 35) return "agency codes have at most 35 characters";
  if (!matches(code, general))
    return "not an agency code (digits, capital letters and single dots, e.g. 000.00.18.G12)";
  if (matches(code, edoc_tail) && std::count(code.begin(), code.end(), '.') == 3 && !matches(code, edoc))
    return "e-document exchange codes have the form 000.00.18.G12 (3, 2, 2 digits, then G or H and 2 digits)";
  return std::nullopt;
}

std::optional<std::string> check_system_code(std::string_view code) {
  static const std::regex pattern("[A-Z0-9][A-Z0-9._-]{0,63}");
  if (matches(code, pattern)) return std::nullopt;
  return "not a system code (1-64 capital letters, digits, '.', '_' or '-')";
}

}  // namespace syscensus::registry
