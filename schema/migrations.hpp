#pragma once
// Forward-only, numbered migrations embedded at build time, each applied in
// its own transaction and recorded in schema_migrations.
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/database.hpp"

namespace syscensus::schema {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

/// The migrations built into this binary for a dialect, in order (generated).
const std::vector<Migration>& embedded_migrations(Dialect dialect);

/// One migration and when it was applied (nullopt: pending).
struct MigrationState {
  int version;
  std::string name;
  std::optional<std::string> applied_at;
};

/// Every known migration with its state; throws StorageError when the
/// database holds a version this binary does not know (it is newer).
std::vector<MigrationState> migration_status(Database& db);

/// Applies the pending migrations (those up to `up_to`, when given, so tests
/// can build a database as an older release left it); returns how many. Safe
/// to run concurrently.
int migrate(Database& db, int up_to = std::numeric_limits<int>::max());

/// Throws StorageError unless every migration is applied (hint: syscensus init).
void require_current(Database& db);

}  // namespace syscensus::schema
