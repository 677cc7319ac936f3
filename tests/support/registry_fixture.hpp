#pragma once
// Shared helpers for registry storage tests: import CSV text and collect the
// messages a user would see.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "registry/import.hpp"
#include "support/test_db.hpp"

namespace syscensus::testing {

using ImportFn = registry::ImportSummary (*)(schema::Database&, std::istream&, const registry::ImportOptions&);

inline registry::ImportSummary import_text(schema::Database& db, ImportFn fn, const std::string& csv,
                                           bool dry_run = false) {
  std::istringstream in(csv);
  return fn(db, in, {"t.csv", "test", dry_run});
}

/// The formatted issues of an import that must fail (empty if it succeeded).
inline std::vector<std::string> import_errors(schema::Database& db, ImportFn fn, const std::string& csv) {
  try {
    import_text(db, fn, csv);
  } catch (const common::InvalidInput& e) {
    std::vector<std::string> lines;
    for (const auto& issue : e.issues()) lines.push_back(common::format_issue("t.csv", issue));
    return lines;
  }
  return {};
}

/// Loads samples/units.csv and samples/entities.csv.
inline void load_sample_bodies(schema::Database& db) {
  for (auto [name, fn] : {std::pair{"units.csv", &registry::import_units}, {"entities.csv", &registry::import_entities}}) {
    std::ifstream in(sample_path(name), std::ios::binary);
    fn(db, in, {name, "test", false});
  }
}

}  // namespace syscensus::testing
