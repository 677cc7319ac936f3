#pragma once
// Information systems: listing with filters, one system with its history,
// retirement, and the level check officials chase.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "registry/record.hpp"
#include "registry/scope.hpp"
#include "schema/change_log.hpp"
#include "schema/database.hpp"

namespace syscensus::registry {

/// Filters of `systems list`; empty members do not filter.
struct SystemFilter {
  std::string province;       ///< a province code; an old code rolls up into its successor
  std::string owner;          ///< an entity code; its sub-entities are included
  std::optional<int> level;   ///< 1-5
  std::string category;       ///< a-e
  std::string status;         ///< a dossier status or a lifecycle value
  std::string search;         ///< part of the name or code, with or without diacritics
  std::string sort = "code";  ///< code, name, level, province, owner, category, status; '-' prefix: descending
  long long limit = 0;        ///< 0: all
  std::string after;          ///< only codes after this one (cursor pagination; sort by code)
  Scope scope;                ///< the caller: a province sees its own systems, a ministry its subtree's
};

/// A system: its record (system_spec() fields) and what a reader needs beside it.
struct SystemView {
  Record record;
  std::string owner_name;
  std::string province_name;
  std::string current_province;  ///< the province the stored one rolls up into now
  std::string retire_reason;
  long long version = 0;
};

/// Systems matching the filter. Throws InvalidInput for an unknown province,
/// owner or sort field, or a bad level, category or status.
std::vector<SystemView> list_systems(schema::Database& db, const SystemFilter& filter);

/// The same, one at a time as the query yields them (one statement, so one snapshot), for
/// exports that must not hold every system at once.
void for_each_system(schema::Database& db, const SystemFilter& filter, const std::function<void(const SystemView&)>& fn);

/// One system; throws NotFound, also for a system outside `scope`.
SystemView get_system(schema::Database& db, const std::string& code, const Scope& scope = {});

/// The change-log entries of one system, oldest first. Throws NotFound for a
/// system that does not exist or lies outside `scope`.
std::vector<schema::ChangeEntry> system_history(schema::Database& db, const std::string& code, const Scope& scope = {});

/// Marks a system retired (today unless `date` is given) with a reason, in one
/// transaction with its change-log entry. Throws NotFound, Conflict (already
/// retired), InvalidInput (empty reason, bad date).
SystemView retire_system(schema::Database& db, const std::string& code, const std::string& reason,
                         const std::string& date, const std::string& actor, const Scope& scope = {});

}  // namespace syscensus::registry
