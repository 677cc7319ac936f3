#include "survey/reports.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "common/date.hpp"
#include "common/error.hpp"
#include "registry/units.hpp"
#include "schema/query.hpp"
#include "survey/campaign.hpp"
#include "survey/catalog.hpp"
#include "survey/round.hpp"
#include "survey/scoring.hpp"

namespace syscensus::survey {
namespace {

// The name of a system's group; `level` is "" when the system has none.
std::string group_name(const std::string& by, const std::string& province, const std::string& top,
                       const std::string& level, const std::string& category) {
  if (by.empty()) return "national";
  if (by == "province") return province.empty() ? "(none)" : province;
  if (by == "ministry") return top;
  if (by == "level") return level.empty() ? "(none)" : level;
  if (by == "category") return category;
  throw common::InvalidInput("cannot group by \"" + by + "\"; use province, ministry, level or category");
}

std::string group_of(const Respondent& r, const std::string& by) {
  return group_name(by, r.province, r.top, r.profile.level == 0 ? "" : std::to_string(r.profile.level),
                    r.profile.category);
}

std::string province_filter(schema::Database& db, const std::string& code) {
  if (code.empty()) return "";
  const registry::UnitIndex units = registry::load_units(db);
  const registry::Unit* unit = units.stands_for(code, common::today());
  if (unit == nullptr) throw common::InvalidInput("unknown province \"" + code + "\"");
  return unit->code;
}

ComplianceRow summarise(std::string group, std::vector<double> scores) {
  ComplianceRow row{std::move(group), static_cast<long long>(scores.size()), {}, {}, {}};
  if (scores.empty()) return row;
  std::sort(scores.begin(), scores.end());
  double sum = 0;
  for (double s : scores) {
    sum += s;
    ++row.distribution[std::min<std::size_t>(4, static_cast<std::size_t>(s / 20.0))];
  }
  row.mean = sum / static_cast<double>(scores.size());
  const std::size_t n = scores.size();
  row.median = n % 2 == 1 ? scores[n / 2] : (scores[n / 2 - 1] + scores[n / 2]) / 2;
  return row;
}

std::vector<ComplianceRow> by_requirement_group(schema::Database& db, const std::string& code,
                                                const registry::Scope& scope) {
  const Campaign campaign = get_campaign(db, code);
  const auto sections = get_questionnaire_by_id(db, campaign.questionnaire_id).questionnaire.sections;
  std::vector<std::vector<double>> per(sections.size());
  for_each_respondent(db, campaign, scope, {"", true}, [&](const Respondent&, const CurrentScores& current) {
    if (!current.received) return;
    const auto scores = unpack_scores(current.groups, sections.size());
    for (std::size_t s = 0; s < sections.size(); ++s)
      if (scores[s]) per[s].push_back(*scores[s]);
  });
  std::vector<ComplianceRow> rows;
  for (std::size_t s = 0; s < sections.size(); ++s) rows.push_back(summarise(sections[s].id, per[s]));
  return rows;
}

// Coverage and compliance add up in the database: the round's systems grouped
// by only what the grouping and the scope need (unit, owner, level, category),
// then rolled up to today's provinces or the owners' top entities here.
// The rows grouped_sql() asks for: one per group of the round's systems (`what`
// aggregates), one per system of the round (`what` NULL where it has no current
// submission), or one per current submission with a score.
enum class Rows { per_group, per_system, per_scored_submission };

std::string grouped_sql(const std::string& by, const registry::Scope& scope, const std::string& what, Rows rows) {
  group_name(by, "", "", "", "");  // throws for an unknown grouping
  std::vector<std::string> keys{by == "province" || scope.role == registry::Role::province ? "cs.unit_id" : "''",
                                by == "ministry" || scope.role == registry::Role::ministry ? "cs.owner_id" : "0",
                                by == "level" ? "cs.level" : "''", by == "category" ? "cs.category" : "''"};
  std::string sql = "SELECT " + keys[0] + ", " + keys[1] + ", " + keys[2] + ", " + keys[3] + ", " + what +
                    " FROM campaign_systems cs " + (rows == Rows::per_scored_submission ? "JOIN" : "LEFT JOIN") +
                    " submissions sub ON sub.campaign_id = cs.campaign_id AND sub.system_id = cs.system_id"
                    " AND sub.is_current = 1 WHERE cs.campaign_id = :c";
  if (rows == Rows::per_scored_submission) return sql + " AND sub.score IS NOT NULL";
  if (rows == Rows::per_system) return sql;
  std::string by_keys;
  for (const std::string& k : keys)
    if (k.rfind("cs.", 0) == 0) by_keys += (by_keys.empty() ? " GROUP BY " : ", ") + k;
  return sql + by_keys;
}

// Calls `fn(group, row)` for each row of `sql` (grouped_sql() of `rows`) the
// scope covers; the four key columns come first. Rows per system or submission
// are as many as the round's systems: they come through a cursor.
template <typename Fn>
void for_each_grouped(schema::Database& db, const std::string& sql, Rows rows, long long campaign_id,
                      std::size_t columns, const std::string& by, Resolver& resolver, Fn&& fn) {
  const auto each = [&](const schema::Row& r) {
    const long long owner = r[1] ? std::stoll(*r[1]) : 0;
    const std::string& province = resolver.province(r[0] && !r[0]->empty() ? r[0] : std::nullopt);
    if (!resolver.covers(province, owner)) return;
    fn(group_name(by, province, by == "ministry" ? resolver.top(owner) : "", r[2].value_or(""), r[3].value_or("")), r);
  };
  if (rows == Rows::per_group)
    schema::for_each_row(db.session(), sql, columns, {{"c", campaign_id}}, each);
  else
    schema::for_each_row_batched(db, sql, columns, {{"c", campaign_id}}, each);
}

}  // namespace

std::vector<CoverageRow> coverage(schema::Database& db, const std::string& campaign, const std::string& by,
                                  const registry::Scope& scope) {
  const Campaign round = get_campaign(db, campaign);
  Resolver resolver(db, scope);
  std::map<std::string, CoverageRow> groups;
  for_each_grouped(db, grouped_sql(by, scope, "count(*), count(sub.system_id)", Rows::per_group), Rows::per_group,
                   round.id, 6, by,
                   resolver, [&](const std::string& g, const schema::Row& r) {
                     CoverageRow& row = groups.emplace(g, CoverageRow{g, 0, 0}).first->second;
                     row.expected += std::stoll(*r[4]);
                     row.received += std::stoll(*r[5]);
                   });
  std::vector<CoverageRow> rows;
  for (auto& [g, row] : groups) rows.push_back(row);
  return rows;
}

std::vector<MissingSystem> missing(schema::Database& db, const std::string& campaign, const registry::Scope& scope) {
  std::vector<MissingSystem> rows;
  for_each_respondent(db, get_campaign(db, campaign), scope, {"", true},
                      [&rows](const Respondent& r, const CurrentScores& current) {
                        if (!current.received) rows.push_back({r.code, r.name, r.province, r.owner});
                      });
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.province < b.province; });
  return rows;
}

std::vector<ComplianceRow> compliance(schema::Database& db, const std::string& campaign, const std::string& by,
                                      const registry::Scope& scope) {
  if (by == "group") return by_requirement_group(db, campaign, scope);
  const Campaign round = get_campaign(db, campaign);
  Resolver resolver(db, scope);
  std::map<std::string, std::vector<double>> groups;  // every group with systems, scored or not
  // One pass over the round's systems: a query per group list and one for the scores took
  // half as long again on PostgreSQL (bench/README.md, "Reports").
  for_each_grouped(db, grouped_sql(by, scope, "sub.score", Rows::per_system), Rows::per_system, round.id, 5, by,
                   resolver,
                   [&](const std::string& g, const schema::Row& r) {
                     auto& scores = groups[g];
                     if (r[4]) scores.push_back(std::stod(*r[4]));
                   });
  std::vector<ComplianceRow> rows;
  for (auto& [g, scores] : groups) rows.push_back(summarise(g, std::move(scores)));
  return rows;
}

std::vector<GapRow> gaps(schema::Database& db, const std::string& campaign, const std::string& province,
                         const registry::Scope& scope) {
  const std::string only = province_filter(db, province);
  const Campaign round = get_campaign(db, campaign);
  const StoredQuestionnaire stored = get_questionnaire_by_id(db, round.questionnaire_id);
  const auto& questions = stored.questionnaire.questions;
  std::vector<GapRow> rows;
  for (const Question& q : questions) rows.push_back({q.id, q.section, q.text, 0, 0, 0, 0});
  Resolver resolver(db, scope);
  const std::string by = only.empty() ? "" : "province";
  for_each_grouped(db, grouped_sql(by, scope, "sub.answers", Rows::per_scored_submission),
                   Rows::per_scored_submission, round.id, 5, by, resolver,
                   [&](const std::string& g, const schema::Row& r) {
                     if (!only.empty() && g != only) return;
                     for_each_answer(*r[4], [&](std::size_t i, std::string_view v) {
                       if (i >= questions.size() || questions[i].type != QuestionType::compliance || v == "na") return;
                       ++rows[i].answered;
                       rows[i].no += v == "no";
                       rows[i].partial += v == "partial";
                     });
                   });
  rows.erase(std::remove_if(rows.begin(), rows.end(), [](const GapRow& g) { return g.answered == 0; }), rows.end());
  for (GapRow& g : rows) g.failing = 100.0 * static_cast<double>(g.no + g.partial) / static_cast<double>(g.answered);
  // Worst first; between equal rates, more outright "no" answers first.
  std::stable_sort(rows.begin(), rows.end(), [](const GapRow& a, const GapRow& b) {
    return a.failing != b.failing ? a.failing > b.failing : a.no > b.no;
  });
  return rows;
}

std::vector<FailingSystem> failing(schema::Database& db, const std::string& campaign, const std::string& question,
                                   const std::string& province, const registry::Scope& scope) {
  const std::string only = province_filter(db, province);
  const Campaign round = get_campaign(db, campaign);
  const Questionnaire questionnaire = get_questionnaire_by_id(db, round.questionnaire_id).questionnaire;
  const auto& questions = questionnaire.questions;
  auto at = std::find_if(questions.begin(), questions.end(), [&](const Question& q) { return q.id == question; });
  if (at == questions.end()) throw common::InvalidInput("no question \"" + question + "\" in " + questionnaire.key());
  const std::size_t index = static_cast<std::size_t>(at - questions.begin());
  std::vector<FailingSystem> rows;
  for_each_respondent(db, round, scope, {"", true, true}, [&](const Respondent& r, const CurrentScores& current) {
    if (!current.received || (!only.empty() && r.province != only)) return;
    const auto cells = unpack_answers(current.answers, questions.size());
    const auto& cell = cells[index];
    if (cell.state == AnswerCell::State::answered && (cell.value == "no" || cell.value == "partial"))
      rows.push_back({r.code, r.name, r.province, cell.value});
  });
  return rows;
}

struct Results::Query {
  schema::Database& db;
  Campaign campaign;
  registry::Scope scope;
};

Results::Results(schema::Database& db, const std::string& campaign, const registry::Scope& scope)
    : query_(std::make_unique<const Query>(Query{db, get_campaign(db, campaign), scope})) {
  check_scope_exists(db, scope);
  for (const Section& s : get_questionnaire_by_id(db, query_->campaign.questionnaire_id).questionnaire.sections)
    sections_.push_back(s.id);
}

Results::~Results() = default;

void Results::for_each(const std::function<void(const ResultRow&)>& fn) const {
  ResultRow row;
  for_each_respondent(query_->db, query_->campaign, query_->scope, {"", true},
                      [&](const Respondent& r, const CurrentScores& current) {
                        row = ResultRow{r.code, r.name, r.province, r.owner, r.profile.level, current.received,
                                        current.score, {}};
                        if (current.received) row.groups = unpack_scores(current.groups, sections_.size());
                        fn(row);
                      });
}

std::vector<CompareRow> compare(schema::Database& db, const std::string& campaign_a, const std::string& campaign_b,
                                const std::string& by, const registry::Scope& scope) {
  std::map<std::string, CompareRow> groups;
  for (int side = 0; side < 2; ++side) {
    const Campaign round = get_campaign(db, side == 0 ? campaign_a : campaign_b);
    std::map<std::string, std::pair<double, long long>> sums;
    for_each_respondent(db, round, scope, {"", true}, [&](const Respondent& r, const CurrentScores& current) {
      const std::string g = group_of(r, by);
      CompareRow& row = groups.emplace(g, CompareRow{g, {}, {}, 0, 0, 0, 0}).first->second;
      ++(side == 0 ? row.expected_a : row.expected_b);
      if (!current.received) return;
      ++(side == 0 ? row.received_a : row.received_b);
      if (current.score) {
        sums[g].first += *current.score;
        ++sums[g].second;
      }
    });
    for (auto& [g, sum] : sums) (side == 0 ? groups[g].mean_a : groups[g].mean_b) = sum.first / static_cast<double>(sum.second);
  }
  std::vector<CompareRow> rows;
  for (auto& [g, row] : groups) rows.push_back(row);
  return rows;
}

}  // namespace syscensus::survey
