#pragma once
// Roll-ups of a round: coverage (who has answered), compliance (how well),
// gaps (what fails most) and the change between two rounds. Every report sees
// only what the caller's scope covers; provinces are today's provinces.
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "registry/scope.hpp"
#include "schema/database.hpp"

namespace syscensus::survey {

/// Grouping of coverage and compliance: "" (national), province, ministry
/// (the top of the owner's hierarchy), level, category; compliance also "group"
/// (requirement group). Throws InvalidInput for anything else.
struct CoverageRow {
  std::string group;
  long long expected = 0;
  long long received = 0;
};
std::vector<CoverageRow> coverage(schema::Database& db, const std::string& campaign, const std::string& by,
                                  const registry::Scope& scope);

struct MissingSystem {
  std::string code, name, province, owner;
};
/// The systems still owed, by province and code.
std::vector<MissingSystem> missing(schema::Database& db, const std::string& campaign, const registry::Scope& scope);

struct ComplianceRow {
  std::string group;
  long long scored = 0;                ///< submissions with a score in this group
  std::optional<double> mean, median;  ///< percent
  std::array<long long, 5> distribution{};  ///< [0,20) [20,40) [40,60) [60,80) [80,100]
};
std::vector<ComplianceRow> compliance(schema::Database& db, const std::string& campaign, const std::string& by,
                                      const registry::Scope& scope);

struct GapRow {
  std::string question, section, text;
  long long answered = 0;  ///< yes, partial or no
  long long no = 0;
  long long partial = 0;
  double failing = 0;      ///< (no + partial) / answered, percent
};
/// Compliance questions by failure rate, worst first; `province` ("" for all)
/// restricts to one province (an old code rolls up).
std::vector<GapRow> gaps(schema::Database& db, const std::string& campaign, const std::string& province,
                         const registry::Scope& scope);

struct FailingSystem {
  std::string code, name, province, answer;
};
/// The systems answering `question` with no or partial.
std::vector<FailingSystem> failing(schema::Database& db, const std::string& campaign, const std::string& question,
                                   const std::string& province, const registry::Scope& scope);

struct CompareRow {
  std::string group;
  std::optional<double> mean_a, mean_b;
  long long received_a = 0, received_b = 0;
  long long expected_a = 0, expected_b = 0;
};
std::vector<CompareRow> compare(schema::Database& db, const std::string& campaign_a, const std::string& campaign_b,
                                const std::string& by, const registry::Scope& scope);

struct ResultRow {
  std::string code, name, province, owner;
  int level = 0;
  bool received = false;
  std::optional<double> score;
  std::vector<std::optional<double>> groups;  ///< per requirement group
};
/// A round's results: one row per frozen system in the caller's scope, with its
/// current score. The round and the scope are checked at construction (NotFound
/// for a campaign the caller may not see); the rows are read as for_each hands
/// them on, one query joining the current submissions, so nothing holds them all.
class Results {
 public:
  Results(schema::Database& db, const std::string& campaign, const registry::Scope& scope);
  ~Results();
  Results(const Results&) = delete;
  Results& operator=(const Results&) = delete;

  /// The requirement group ids, in order (ResultRow::groups follows them).
  const std::vector<std::string>& sections() const { return sections_; }
  /// The rows, in the round's order of systems.
  void for_each(const std::function<void(const ResultRow&)>& fn) const;

 private:
  struct Query;
  std::unique_ptr<const Query> query_;
  std::vector<std::string> sections_;
};

}  // namespace syscensus::survey
