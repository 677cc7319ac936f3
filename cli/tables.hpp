#pragma once
// Registry results as output tables (the column names are the JSON keys and
// CSV headers; system CSV output re-imports as it is).
#include <string>
#include <vector>

#include "cli/output.hpp"
#include "registry/entities.hpp"
#include "registry/systems.hpp"
#include "schema/change_log.hpp"

namespace syscensus::cli {

/// Every system_spec() field, then owner_name, province_name, current_province
/// (and retire_reason, version when `detail`).
Table systems_table(const std::vector<registry::SystemView>& systems, bool detail = false);

/// Counts per value of `by` (and per value of `across` as columns), with totals.
/// Province counts roll old provinces up into their successors. Throws InvalidInput.
Table count_table(schema::Database& db, const std::vector<registry::SystemView>& systems, const std::string& by,
                  const std::string& across);

Table entities_table(const std::vector<registry::EntityView>& entities);

Table changes_table(const std::vector<schema::ChangeEntry>& entries);

}  // namespace syscensus::cli
