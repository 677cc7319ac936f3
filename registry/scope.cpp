#include "registry/scope.hpp"

#include "common/error.hpp"
#include "registry/codes.hpp"

namespace syscensus::registry {

std::string Scope::text() const {
  switch (role) {
    case Role::admin: return "admin";
    case Role::reader: return "reader";
    case Role::province: return "province:" + code;
    case Role::ministry: return "ministry:" + code;
  }
  return "";
}

Scope parse_scope(const std::string& text) {
  const std::string usage = "; use admin, reader, province:CODE or ministry:AGENCY-CODE";
  if (text == "admin") return {Role::admin, ""};
  if (text == "reader") return {Role::reader, ""};
  const auto colon = text.find(':');
  const std::string role = text.substr(0, colon);
  const std::string code = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (role == "province") {
    if (auto bad = check_unit_code(code)) throw common::InvalidInput("--as " + text + ": " + *bad);
    return {Role::province, code};
  }
  if (role == "ministry") {
    if (auto bad = check_agency_code(code)) throw common::InvalidInput("--as " + text + ": " + *bad);
    return {Role::ministry, code};
  }
  throw common::InvalidInput("unknown role \"" + text + "\"" + usage);
}

}  // namespace syscensus::registry
