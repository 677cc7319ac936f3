#pragma once
// The systems a campaign froze when it opened (its expected respondents), as
// the caller's scope may see them, with what reports group them by.
#include <functional>
#include <optional>
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

/// Resolves the unit and owner ids frozen with a round's systems to what reports
/// group by (today's province, the top of the owner's hierarchy) and to whether
/// the caller's scope covers them. Holds the units and the entity tree (small);
/// each owner is walked up once.
class Resolver {
 public:
  /// Throws NotFound when the scope names a province or entity that does not exist.
  Resolver(schema::Database& db, const registry::Scope& scope);
  /// Today's province of a unit id ("" for none or unknown).
  const std::string& province(const std::optional<std::string>& unit_id) const;
  const std::string& owner(long long owner_id) const;
  const std::string& top(long long owner_id) { return walk(owner_id).top; }
  bool covers(const std::string& province, long long owner_id);

 private:
  struct Node {
    std::string code;
    long long parent = 0;
  };
  struct Walked {
    std::string top;
    bool within = false;  ///< the ministry scope's entity is on the way up
  };
  const Walked& walk(long long owner_id);

  registry::Scope scope_;
  std::string scope_province_;
  std::unordered_map<std::string, std::string> provinces_;  // unit id -> today's province
  std::unordered_map<long long, Node> entities_;
  std::unordered_map<long long, Walked> walked_;
};

/// Which of a round's systems for_each_respondent reads, and what with them.
struct RespondentQuery {
  std::string code;           ///< only the system with this code ("" for all)
  bool with_current = false;  ///< also the scores of each one's current submission
  bool with_answers = false;  ///< and its answers (with with_current)
};

/// A respondent's current submission (RespondentQuery::with_current).
struct CurrentScores {
  bool received = false;
  std::optional<double> score;
  std::string groups;   ///< per section, packed (unpack_scores)
  std::string answers;  ///< packed (unpack_answers); with_answers only
};

/// Calls `fn` for each frozen system of the campaign that `scope` covers (a
/// province's systems, a ministry's subtree), in code order, as they are read:
/// one query, whatever the size of the round.
void for_each_respondent(schema::Database& db, const Campaign& campaign, const registry::Scope& scope,
                         const RespondentQuery& query,
                         const std::function<void(const Respondent&, const CurrentScores&)>& fn);

/// The system `code` of the round if `scope` covers it.
std::optional<Respondent> find_respondent(schema::Database& db, const Campaign& campaign, const std::string& code,
                                          const registry::Scope& scope);

/// Throws NotFound when the scope names a province or entity that does not exist.
void check_scope_exists(schema::Database& db, const registry::Scope& scope);

}  // namespace syscensus::survey
