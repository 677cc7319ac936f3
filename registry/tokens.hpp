#pragma once
// API tokens: `sct_<id>_<secret>`. The secret is shown once at creation and
// stored only as HMAC-SHA256 under a server key, so a copy of the database
// does not give working tokens. Revocation applies to the next request.
#include <optional>
#include <string>
#include <vector>

#include "registry/scope.hpp"
#include "schema/database.hpp"

namespace syscensus::registry {

struct TokenInfo {
  long long id = 0;
  std::string name;
  Scope scope;
  std::string created_at;
  std::string expires_on;  ///< empty: never
  std::string revoked_at;  ///< empty: active
};

struct NewToken {
  TokenInfo info;
  std::string token;  ///< the whole bearer token; shown once, never stored
};

/// The key tokens are hashed with: SYSCENSUS_TOKEN_KEY, else the contents of
/// the file SYSCENSUS_TOKEN_KEY_FILE (default ./syscensus.key), created with a
/// random key (mode 0600) when `create` is set and it does not exist.
/// Throws StorageError when there is no key.
std::string token_key(bool create);

/// Creates a token. Throws InvalidInput (bad name, scope or date), NotFound
/// (the scope's province or entity), Conflict (the name is taken).
NewToken create_token(schema::Database& db, const std::string& name, const Scope& scope,
                      const std::string& expires_on, const std::string& key, const std::string& actor);

std::vector<TokenInfo> list_tokens(schema::Database& db);

/// Revokes a token by name; throws NotFound, Conflict (already revoked).
void revoke_token(schema::Database& db, const std::string& name, const std::string& actor);

/// The scope of a valid, unrevoked, unexpired token; nullopt otherwise.
std::optional<Scope> authenticate(schema::Database& db, const std::string& token, const std::string& key);

}  // namespace syscensus::registry
