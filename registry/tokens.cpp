#include "registry/tokens.hpp"

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <unordered_map>
#include <nlohmann/json.hpp>

#include "common/date.hpp"
#include "common/digest.hpp"
#include "common/error.hpp"
#include "registry/units.hpp"
#include "schema/change_log.hpp"
#include "schema/query.hpp"
#include "schema/transaction.hpp"

namespace syscensus::registry {
namespace {

constexpr const char* kSelect =
    "SELECT id, name, role, scope_code, created_at, expires_on, revoked_at, secret_hash FROM tokens";

TokenInfo info_of(const schema::Row& r) {
  const std::string role = *r[2];
  Scope scope{Role::admin, r[3].value_or("")};
  if (role == "province") scope.role = Role::province;
  if (role == "ministry") scope.role = Role::ministry;
  if (role == "reader") scope.role = Role::reader;
  return {std::stoll(*r[0]), *r[1], scope, r[4].value_or(""), r[5].value_or(""), r[6].value_or("")};
}

std::string role_name(Role role) {
  switch (role) {
    case Role::admin: return "admin";
    case Role::province: return "province";
    case Role::ministry: return "ministry";
    case Role::reader: return "reader";
  }
  return "";
}

std::string document(const TokenInfo& t) {
  return nlohmann::ordered_json{{"name", t.name}, {"scope", t.scope.text()}, {"expires_on", t.expires_on},
                                {"revoked_at", t.revoked_at}}
      .dump();
}

// Tokens that authenticated recently, so a busy client costs no query per request. Keyed by the
// database and a keyed hash of the whole token (never the token itself); only successes are kept.
struct CachedScope {
  Scope scope;
  std::chrono::steady_clock::time_point until;
};
constexpr std::size_t kMaxCachedTokens = 10000;
std::mutex g_cache_mutex;
std::unordered_map<std::string, CachedScope> g_cache;
// Bumped by each forget: a lookup that read the database before a revocation does not store its
// answer after it.
unsigned long long g_generation = 0;

unsigned long long cache_generation() {
  std::lock_guard<std::mutex> lock(g_cache_mutex);
  return g_generation;
}

std::optional<Scope> cached_scope(const std::string& key) {
  std::lock_guard<std::mutex> lock(g_cache_mutex);
  const auto it = g_cache.find(key);
  if (it == g_cache.end()) return std::nullopt;
  if (it->second.until <= std::chrono::steady_clock::now()) {
    g_cache.erase(it);
    return std::nullopt;
  }
  return it->second.scope;
}

void remember_scope(const std::string& key, const Scope& scope, unsigned long long generation) {
  std::lock_guard<std::mutex> lock(g_cache_mutex);
  if (generation != g_generation) return;
  if (g_cache.size() >= kMaxCachedTokens) g_cache.clear();  // bounded; refilled by the next requests
  g_cache[key] = {scope, std::chrono::steady_clock::now() + kTokenCacheLifetime};
}

void check_scope_target(schema::Database& db, const Scope& scope) {
  if (scope.role == Role::province && load_units(db).resolve(scope.code, common::today()) == nullptr)
    throw common::NotFound("no province \"" + scope.code + "\"");
  if (scope.role == Role::ministry &&
      schema::fetch_rows(db.session(), "SELECT id FROM entities WHERE code = :c", 1, {{"c", scope.code}}).empty())
    throw common::NotFound("no entity \"" + scope.code + "\"");
}

}  // namespace

std::string token_key(bool create) {
  if (const char* key = std::getenv("SYSCENSUS_TOKEN_KEY"); key != nullptr && *key != '\0') return key;
  const char* file = std::getenv("SYSCENSUS_TOKEN_KEY_FILE");
  const std::string path = file != nullptr && *file != '\0' ? file : "syscensus.key";
  std::ifstream in(path);
  std::string key;
  if (in && std::getline(in, key) && !key.empty()) return key;
  if (!create) throw common::StorageError("no token key: set SYSCENSUS_TOKEN_KEY or create a token first (" + path + ")");
  key = common::random_token(32);
  const mode_t old = umask(077);  // the key file is readable by its owner only
  std::ofstream out(path, std::ios::trunc);
  out << key << "\n";
  out.close();
  umask(old);
  if (!out) throw common::StorageError("cannot write the token key file " + path);
  return key;
}

NewToken create_token(schema::Database& db, const std::string& name, const Scope& scope,
                      const std::string& expires_on, const std::string& key, const std::string& actor) {
  if (name.empty() || name.size() > 100) throw common::InvalidInput("a token needs a --name of at most 100 characters");
  std::optional<std::string> expires;
  if (!expires_on.empty()) {
    expires = common::parse_date(expires_on);
    if (!expires) throw common::InvalidInput("--expires \"" + expires_on + "\" is not a date (YYYY-MM-DD or DD/MM/YYYY)");
  }
  schema::WriteTransaction tx(db);
  check_scope_target(db, scope);
  if (!schema::fetch_rows(db.session(), "SELECT id FROM tokens WHERE name = :n", 1, {{"n", name}}).empty())
    throw common::Conflict("a token named \"" + name + "\" exists");
  // Insert with a placeholder hash to learn the id, which is part of the token.
  std::vector<schema::Param> params{
      {"n", name}, {"r", role_name(scope.role)}, {"s", scope.code}, {"at", common::now_utc()}};
  if (expires) params.push_back({"e", *expires});
  schema::execute(db.session(),
                  std::string("INSERT INTO tokens (name, role, scope_code, secret_hash, created_at, expires_on)"
                              " VALUES (:n, :r, :s, '', :at, ") + (expires ? ":e)" : "NULL)"),
                  params);
  const auto row = schema::fetch_rows(db.session(), std::string(kSelect) + " WHERE name = :n", 8, {{"n", name}});
  NewToken created{info_of(row[0]), ""};
  const std::string secret = common::random_token(32);
  created.token = "sct_" + std::to_string(created.info.id) + "_" + secret;
  schema::execute(db.session(), "UPDATE tokens SET secret_hash = :h WHERE id = :id",
                  {{"h", common::hmac_sha256_hex(key, secret)}, {"id", created.info.id}});
  schema::append_changes(db, actor, {{"token", name, "create", std::nullopt, std::nullopt, std::nullopt,
                                      document(created.info)}});
  tx.commit();
  return created;
}

std::vector<TokenInfo> list_tokens(schema::Database& db) {
  std::vector<TokenInfo> out;
  schema::for_each_row(db.session(), std::string(kSelect) + " ORDER BY name", 8, {},
                       [&out](const schema::Row& r) { out.push_back(info_of(r)); });
  return out;
}

void revoke_token(schema::Database& db, const std::string& name, const std::string& actor) {
  schema::WriteTransaction tx(db);
  const auto rows = schema::fetch_rows(db.session(), std::string(kSelect) + " WHERE name = :n", 8, {{"n", name}});
  if (rows.empty()) throw common::NotFound("no token \"" + name + "\"");
  const TokenInfo before = info_of(rows[0]);
  if (!before.revoked_at.empty()) throw common::Conflict("token \"" + name + "\" is already revoked");
  schema::execute(db.session(), "UPDATE tokens SET revoked_at = :at WHERE id = :id",
                  {{"at", common::now_utc()}, {"id", before.id}});
  TokenInfo after = before;
  after.revoked_at = "revoked";
  schema::append_changes(db, actor, {{"token", name, "revoke", std::nullopt, std::nullopt, document(before),
                                      document(after)}});
  tx.commit();
  forget_authenticated_tokens();
}

void forget_authenticated_tokens() {
  std::lock_guard<std::mutex> lock(g_cache_mutex);
  g_cache.clear();
  ++g_generation;
}

std::optional<Scope> authenticate(schema::Database& db, const std::string& token, const std::string& key) {
  // A plain SHA-256 (of the server key and the token) is enough for a key that never leaves the
  // process, and costs less than the HMAC.
  const std::string cache_key = db.display_url() + '\n' + common::sha256_hex(key + '\n' + token);
  if (auto scope = cached_scope(cache_key)) return scope;
  const unsigned long long generation = cache_generation();
  auto scope = authenticate_uncached(db, token, key);
  if (scope) remember_scope(cache_key, *scope, generation);
  return scope;
}

std::optional<Scope> authenticate_uncached(schema::Database& db, const std::string& token, const std::string& key) {
  if (token.rfind("sct_", 0) != 0) return std::nullopt;
  const auto underscore = token.find('_', 4);
  if (underscore == std::string::npos || underscore == 4 || underscore > 24) return std::nullopt;
  long long id = 0;
  for (std::size_t i = 4; i < underscore; ++i) {
    if (token[i] < '0' || token[i] > '9') return std::nullopt;
    id = id * 10 + (token[i] - '0');
  }
  const auto rows = schema::fetch_rows(db.session(), std::string(kSelect) + " WHERE id = :id", 8, {{"id", id}});
  if (rows.empty()) return std::nullopt;
  const TokenInfo info = info_of(rows[0]);
  const std::string expected = rows[0][7].value_or("");
  if (!common::constant_time_equal(expected, common::hmac_sha256_hex(key, token.substr(underscore + 1))))
    return std::nullopt;
  if (!info.revoked_at.empty()) return std::nullopt;
  if (!info.expires_on.empty() && info.expires_on < common::today()) return std::nullopt;
  return info.scope;
}

}  // namespace syscensus::registry
