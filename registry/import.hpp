#pragma once
// CSV imports of units, entities and systems: check the whole file, report
// every problem, and keep nothing unless the file is clean; records are
// upserted by code in one transaction with set-based statements and a
// change-log entry per created or updated record. Units and entities are read
// whole first (their rows refer to each other); systems are written as they
// are read, and a problem rolls back what was written.
#include <istream>
#include <optional>
#include <string>

#include "common/progress.hpp"
#include "registry/record.hpp"
#include "registry/scope.hpp"
#include "schema/database.hpp"

namespace syscensus::registry {

struct ImportOptions {
  std::string source;   ///< file name for messages and the change log
  std::string actor;    ///< who imports, for the change log
  bool dry_run = false; ///< validate and count, write nothing
  Scope scope = {};     ///< systems: rows outside the caller's scope are refused
  common::ProgressFn progress = {};  ///< told of rows read and of the storing stage
};

struct ImportSummary {
  std::size_t rows = 0;
  std::size_t created = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  bool dry_run = false;
};

/// Each throws common::InvalidInput carrying every issue when the file has any
/// (nothing is written), StorageError when the database fails (rolled back).
ImportSummary import_units(schema::Database& db, std::istream& in, const ImportOptions& options);
ImportSummary import_entities(schema::Database& db, std::istream& in, const ImportOptions& options);
ImportSummary import_systems(schema::Database& db, std::istream& in, const ImportOptions& options);

/// Creates or replaces one system (a record of system_spec()) with the same
/// checks as an import. With `if_version`, the stored version must match
/// (StaleVersion otherwise; 0 means "must not exist yet"). Throws InvalidInput
/// with the problems (row 0, column = field), NotFound outside the scope.
ImportSummary save_system(schema::Database& db, const Record& record, std::optional<long long> if_version,
                          const ImportOptions& options);

}  // namespace syscensus::registry
