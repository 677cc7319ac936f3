#pragma once
// Who is asking, and so what they may see and change: built once from the
// caller (`--as` for the CLI, the token for the API) and passed into every
// query and use case. Objects outside the scope look like missing objects.
#include <string>

namespace syscensus::registry {

enum class Role { admin, province, ministry, reader };

struct Scope {
  Role role = Role::admin;
  std::string code;  ///< province code (province role) or entity code (ministry role)

  /// "admin", "reader", "province:79", "ministry:000.00.00.G04".
  std::string text() const;
  bool may_write() const { return role != Role::reader; }
};

/// Parses the text form above; throws common::InvalidInput with the accepted forms.
Scope parse_scope(const std::string& text);

}  // namespace syscensus::registry
