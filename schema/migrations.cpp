#include "schema/migrations.hpp"

#include <soci/soci.h>

#include <map>

#include "common/date.hpp"
#include "common/error.hpp"
#include "schema/query.hpp"
#include "schema/transaction.hpp"

namespace syscensus::schema {
namespace {

constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

std::map<int, std::string> applied_versions(Database& db) {
  std::map<int, std::string> applied;
  for (const Row& row : fetch_rows(db.session(), "SELECT version, applied_at FROM schema_migrations", 2)) {
    applied[std::stoi(*row[0])] = row[1].value_or("");
  }
  return applied;
}

bool migrations_table_exists(Database& db) {
  int count = 0;
  if (db.dialect() == Dialect::sqlite) {
    db.session() << "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        soci::into(count);
  } else {
    db.session() << "SELECT count(*) FROM information_schema.tables"
                    " WHERE table_schema = current_schema() AND table_name = 'schema_migrations'",
        soci::into(count);
  }
  return count > 0;
}

void check_not_newer(const std::map<int, std::string>& applied, Dialect dialect) {
  const auto& known = embedded_migrations(dialect);
  const int latest = known.empty() ? 0 : known.back().version;
  if (!applied.empty() && applied.rbegin()->first > latest) {
    throw common::StorageError("the database is at schema version " + std::to_string(applied.rbegin()->first) +
                               ", newer than this program knows (" + std::to_string(latest) +
                               "); upgrade syscensus");
  }
}

}  // namespace

std::vector<MigrationState> migration_status(Database& db) {
  std::map<int, std::string> applied;
  if (migrations_table_exists(db)) applied = applied_versions(db);
  check_not_newer(applied, db.dialect());
  std::vector<MigrationState> states;
  for (const Migration& m : embedded_migrations(db.dialect())) {
    auto it = applied.find(m.version);
    states.push_back({m.version, std::string(m.name),
                      it == applied.end() ? std::nullopt : std::optional<std::string>(it->second)});
  }
  return states;
}

int migrate(Database& db, int up_to) {
  db.session() << kCreateMigrationsTable;
  int count = 0;
  for (const Migration& m : embedded_migrations(db.dialect())) {
    if (m.version > up_to) break;
    WriteTransaction tx(db, WriteTransaction::Lock::migrations);
    // Re-read inside the lock: another process may have just applied it.
    const auto applied = applied_versions(db);
    check_not_newer(applied, db.dialect());
    if (applied.count(m.version) != 0) continue;
    db.exec_script(std::string(m.sql));
    const std::string name(m.name);
    const std::string at = common::now_utc();
    db.session() << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
        soci::use(m.version), soci::use(name), soci::use(at);
    tx.commit();
    ++count;
  }
  return count;
}

void require_current(Database& db) {
  for (const MigrationState& state : migration_status(db)) {
    if (!state.applied_at) {
      throw common::StorageError("the database " + db.display_url() + " is not initialised or not up to date "
                                 "(migration " + std::to_string(state.version) + " pending); run `syscensus init`");
    }
  }
}

}  // namespace syscensus::schema
