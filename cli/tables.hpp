#pragma once
// Registry results as output tables (the column names are the JSON keys and
// CSV headers; system CSV output re-imports as it is).
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/output.hpp"
#include "registry/entities.hpp"
#include "registry/systems.hpp"
#include "schema/change_log.hpp"

namespace syscensus::cli {

/// Every system_spec() field, then owner_name, province_name, current_province
/// (and retire_reason, version when `detail`).
std::vector<Column> system_columns(bool detail = false);
std::vector<std::optional<std::string>> system_row(const registry::SystemView& system, bool detail = false);
Table systems_table(const std::vector<registry::SystemView>& systems, bool detail = false);

/// Counts of systems per value of `by` (and per value of `across` as columns),
/// added a system at a time. Province counts roll old provinces up into their
/// successors.
class SystemCounts {
 public:
  /// Throws InvalidInput for a field systems cannot be counted by.
  SystemCounts(std::string by, std::string across);
  void add(const registry::SystemView& system);
  /// The counts with a total row (and a total column with `across`).
  Table table(schema::Database& db) const;

 private:
  std::string by_, across_;
  std::map<std::string, std::map<std::string, long long>> counts_;  // by value -> column -> count
  std::set<std::string> columns_;
  long long systems_ = 0;
};

Table entities_table(const std::vector<registry::EntityView>& entities);

std::vector<Column> change_columns();
std::vector<std::optional<std::string>> change_row(const schema::ChangeEntry& entry);
Table changes_table(const std::vector<schema::ChangeEntry>& entries);

}  // namespace syscensus::cli
