#pragma once
// Opening the database a URL names: `sqlite:PATH` (the embedded default) or
// `postgresql://user@host:port/db`.
#include <memory>
#include <string>

namespace soci {
class session;
class soci_error;
}

namespace syscensus::schema {

/// Statements kept prepared on one connection (schema/query.cpp).
class StatementCache;
struct StatementCacheDeleter {
  void operator()(StatementCache* cache) const;
};

enum class Dialect { sqlite, postgresql };

/// The URL used when neither --db nor SYSCENSUS_DB is given.
inline constexpr const char* kDefaultUrl = "sqlite:syscensus.db";

/// `explicit_url` when set, else SYSCENSUS_DB, else kDefaultUrl.
std::string resolve_url(const std::string& explicit_url);

/// What the database said of a failed statement, without the prefix SOCI's
/// backends put before it ("sqlite3_statement_backend::loadOne: ").
std::string error_text(const soci::soci_error& error);

/// One open connection. Not thread-safe: one per thread.
class Database {
 public:
  /// Connects; throws InvalidInput for a malformed URL, StorageError when the
  /// database cannot be opened (the message names the URL, never a password).
  /// Unless `create` is set, a missing SQLite file is an error (StorageError)
  /// instead of a new empty database.
  explicit Database(const std::string& url, bool create = false);
  ~Database();
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;

  soci::session& session() { return *session_; }
  Dialect dialect() const { return dialect_; }
  /// The URL with any password masked, for messages.
  const std::string& display_url() const { return display_url_; }
  /// Runs a script of several statements (no parameters, no results).
  void exec_script(const std::string& sql);

  /// Where for_each_row_prepared() keeps its statements; empty until first used.
  std::unique_ptr<StatementCache, StatementCacheDeleter>& statement_cache() { return statements_; }

 private:
  std::unique_ptr<soci::session> session_;
  Dialect dialect_;
  std::string display_url_;
  // Last, so destroyed first: its statements are released on the session.
  std::unique_ptr<StatementCache, StatementCacheDeleter> statements_;
};

}  // namespace syscensus::schema
