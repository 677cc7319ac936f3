#pragma once
// The append-only change log: the audit trail of every write and the change
// feed integrations read (`changes --since SEQ`).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "schema/database.hpp"

namespace syscensus::schema {

/// One change about to be written. before/after are JSON documents (text).
struct Change {
  std::string kind;  ///< "unit", "entity", "system", ...
  std::string code;  ///< the object's natural key
  std::string op;    ///< "create", "update", "retire", ...
  std::optional<std::string> source;  ///< file the change came from
  std::optional<long long> source_row;
  std::optional<std::string> before;
  std::optional<std::string> after;
};

/// A change as stored, with its sequence number.
struct ChangeEntry {
  long long seq = 0;
  std::string at;
  std::string actor;
  Change change;
};

/// Appends changes in order, inside the caller's WriteTransaction, stamped
/// `at` (now when empty; a writer passes its own to match what it stored).
void append_changes(Database& db, const std::string& actor, const std::vector<Change>& changes,
                    const std::string& at = "");

/// Filter for reading the log.
struct ChangeQuery {
  long long since = 0;      ///< only entries with seq > since
  long long limit = 0;      ///< 0: no limit
  std::string kind;         ///< empty: any
  std::string code;         ///< empty: any
};

/// Calls `fn` for each entry in sequence order, as the query yields them.
void for_each_change(Database& db, const ChangeQuery& query, const std::function<void(const ChangeEntry&)>& fn);

/// The entries of for_each_change, collected.
std::vector<ChangeEntry> read_changes(Database& db, const ChangeQuery& query);

}  // namespace syscensus::schema
