#pragma once
// The level check: what a system's attributes imply about its security level
// under the criteria of Decree 85/2016 (DOMAIN.md), and what officials chase.
// Pure functions over records of system_spec(); no database.
#include <string>
#include <vector>

#include "registry/record.hpp"

namespace syscensus::registry {

/// One criterion: systems matching it need at least `level`.
struct LevelRule {
  int level;
  std::string reason;
};

/// Every criterion the system meets, highest level first.
std::vector<LevelRule> implied_levels(const Record& system);

/// A finding of `systems check`.
struct Finding {
  std::string code;      ///< the system
  std::string kind;      ///< level_below_criteria, no_level, not_approved
  int recorded = 0;      ///< recorded level, 0 when none
  int implied = 0;       ///< implied minimum level, 0 when none
  std::string reason;    ///< why, in words
};

/// The findings for one system (none when all is in order).
std::vector<Finding> check_system(const Record& system);

}  // namespace syscensus::registry
