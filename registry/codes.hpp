#pragma once
// Validation of the natural codes that are the registry's contract with the
// outside world. Each returns an error message, or nullopt when acceptable.
#include <optional>
#include <string>
#include <string_view>

namespace syscensus::registry {

/// Administrative unit code: 2 digits (province level) or 5 digits (commune level).
std::optional<std::string> check_unit_code(std::string_view code);

/// Agency identification code: the e-document exchange form (000.00.18.G12),
/// the Decision 20/2020 form (up to 35 of 0-9 A-Z and dots, Z01-Z99 prefixes for
/// non-State bodies), or an enterprise tax code (10 digits, optionally -NNN).
std::optional<std::string> check_agency_code(std::string_view code);

/// Enterprise tax code: 10 digits, or 10-3 digits for a branch. An entity of
/// kind enterprise is identified by its tax code, so its code must be one.
std::optional<std::string> check_tax_code(std::string_view code);

/// Information system code: 1-64 of A-Z 0-9 . _ - starting with a letter or digit.
std::optional<std::string> check_system_code(std::string_view code);

}  // namespace syscensus::registry
