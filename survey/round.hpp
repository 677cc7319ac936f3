#pragma once
// The systems a campaign froze when it opened (its expected respondents), as
// the caller's scope may see them, with what reports group them by.
#include <string>
#include <unordered_map>
#include <vector>

#include "registry/scope.hpp"
#include "schema/database.hpp"
#include "survey/campaign.hpp"
#include "survey/questionnaire.hpp"

namespace syscensus::survey {

struct Respondent {
  long long system_id = 0;
  std::string code;
  std::string name;
  std::string province;       ///< today's province the frozen one rolls up into ("" if none)
  std::string owner;          ///< owner entity code
  std::string top;            ///< the top of the owner's hierarchy (ministry or provincial committee)
  SystemProfile profile;      ///< level, category and attributes when the campaign opened
  bool in_scope = true;       ///< the caller's scope covers it
};

/// The frozen systems of the campaign that `scope` covers (a province's
/// systems, a ministry's subtree), in code order; with `include_outside`, all
/// of them, marked with in_scope.
std::vector<Respondent> load_respondents(schema::Database& db, const Campaign& campaign, const registry::Scope& scope,
                                         bool include_outside = false);

/// Throws NotFound when the scope names a province or entity that does not exist.
void check_scope_exists(schema::Database& db, const registry::Scope& scope);

/// Every registry system code (in or out of any campaign) -> its id, for telling
/// "unknown system" from "not in this round".
std::unordered_map<std::string, long long> system_ids(schema::Database& db);

}  // namespace syscensus::survey
