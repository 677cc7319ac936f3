#pragma once
// API tokens: `sct_<id>_<secret>`. The secret is shown once at creation and
// stored only as HMAC-SHA256 under a server key, so a copy of the database
// does not give working tokens. A token that authenticated is remembered for
// kTokenCacheLifetime: a revocation made in the same process applies to the
// next request; one made by another process (the CLI, another server) within
// kTokenCacheLifetime.
#include <chrono>
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

/// How long a successful authentication is reused without asking the database.
inline constexpr std::chrono::seconds kTokenCacheLifetime{2};

/// The scope of a valid, unrevoked, unexpired token; nullopt otherwise. A
/// success is remembered (per database, by a keyed hash of the token) for
/// kTokenCacheLifetime. Throws what the database throws.
std::optional<Scope> authenticate(schema::Database& db, const std::string& token, const std::string& key);

/// The same check, always against the database.
std::optional<Scope> authenticate_uncached(schema::Database& db, const std::string& token, const std::string& key);

/// Forgets every remembered authentication (revoke_token calls it).
void forget_authenticated_tokens();

}  // namespace syscensus::registry
