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

struct Current {
  std::optional<double> score;
  std::string groups;
  std::string answers;
};

// A round as the scope sees it: its respondents and their current submissions.
struct Round {
  Campaign campaign;
  Questionnaire questionnaire;
  std::vector<Respondent> respondents;
  std::unordered_map<long long, Current> current;  // by system id
};

Round load_round(schema::Database& db, const std::string& code, const registry::Scope& scope, bool with_answers) {
  Round round{get_campaign(db, code), {}, {}, {}};
  round.questionnaire = get_questionnaire_by_id(db, round.campaign.questionnaire_id).questionnaire;
  round.respondents = load_respondents(db, round.campaign, scope);
  const std::string sql = std::string("SELECT system_id, score, group_scores, ") + (with_answers ? "answers" : "''") +
                          " FROM submissions WHERE campaign_id = :c AND is_current = 1";
  schema::for_each_row(db.session(), sql, 4, {{"c", round.campaign.id}}, [&round](const schema::Row& r) {
    round.current[std::stoll(*r[0])] = {r[1] ? std::optional(std::stod(*r[1])) : std::nullopt, r[2].value_or(""),
                                        r[3].value_or("")};
  });
  return round;
}

std::string group_of(const Respondent& r, const std::string& by) {
  if (by.empty()) return "national";
  if (by == "province") return r.province.empty() ? "(none)" : r.province;
  if (by == "ministry") return r.top;
  if (by == "level") return r.profile.level == 0 ? "(none)" : std::to_string(r.profile.level);
  if (by == "category") return r.profile.category;
  throw common::InvalidInput("cannot group by \"" + by + "\"; use province, ministry, level or category");
}

std::string province_filter(schema::Database& db, const std::string& code) {
  if (code.empty()) return "";
  const registry::UnitIndex units = registry::load_units(db);
  const registry::Unit* unit = units.resolve(code, common::today());
  if (unit == nullptr) throw common::InvalidInput("unknown province \"" + code + "\"");
  return units.successor(*unit).code;
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

std::vector<ComplianceRow> by_requirement_group(const Round& round) {
  const auto& sections = round.questionnaire.sections;
  std::vector<std::vector<double>> per(sections.size());
  for (const Respondent& r : round.respondents) {
    auto it = round.current.find(r.system_id);
    if (it == round.current.end()) continue;
    const auto scores = unpack_scores(it->second.groups, sections.size());
    for (std::size_t s = 0; s < sections.size(); ++s)
      if (scores[s]) per[s].push_back(*scores[s]);
  }
  std::vector<ComplianceRow> rows;
  for (std::size_t s = 0; s < sections.size(); ++s) rows.push_back(summarise(sections[s].id, per[s]));
  return rows;
}

}  // namespace

std::vector<CoverageRow> coverage(schema::Database& db, const std::string& campaign, const std::string& by,
                                  const registry::Scope& scope) {
  const Round round = load_round(db, campaign, scope, false);
  std::map<std::string, CoverageRow> groups;
  for (const Respondent& r : round.respondents) {
    const std::string g = group_of(r, by);
    CoverageRow& row = groups.emplace(g, CoverageRow{g, 0, 0}).first->second;
    ++row.expected;
    row.received += round.current.count(r.system_id);
  }
  std::vector<CoverageRow> rows;
  for (auto& [g, row] : groups) rows.push_back(row);
  return rows;
}

std::vector<MissingSystem> missing(schema::Database& db, const std::string& campaign, const registry::Scope& scope) {
  const Round round = load_round(db, campaign, scope, false);
  std::vector<MissingSystem> rows;
  for (const Respondent& r : round.respondents)
    if (round.current.count(r.system_id) == 0) rows.push_back({r.code, r.name, r.province, r.owner});
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.province < b.province; });
  return rows;
}

std::vector<ComplianceRow> compliance(schema::Database& db, const std::string& campaign, const std::string& by,
                                      const registry::Scope& scope) {
  const Round round = load_round(db, campaign, scope, false);
  if (by == "group") return by_requirement_group(round);
  std::map<std::string, std::vector<double>> groups;
  for (const Respondent& r : round.respondents) {
    const std::string g = group_of(r, by);
    auto& scores = groups[g];
    auto it = round.current.find(r.system_id);
    if (it != round.current.end() && it->second.score) scores.push_back(*it->second.score);
  }
  std::vector<ComplianceRow> rows;
  for (auto& [g, scores] : groups) rows.push_back(summarise(g, std::move(scores)));
  return rows;
}

std::vector<GapRow> gaps(schema::Database& db, const std::string& campaign, const std::string& province,
                         const registry::Scope& scope) {
  const std::string only = province_filter(db, province);
  const Round round = load_round(db, campaign, scope, true);
  const auto& questions = round.questionnaire.questions;
  std::vector<GapRow> rows;
  for (const Question& q : questions) rows.push_back({q.id, q.section, q.text, 0, 0, 0, 0});
  for (const Respondent& r : round.respondents) {
    auto it = round.current.find(r.system_id);
    if (it == round.current.end() || (!only.empty() && r.province != only)) continue;
    const auto cells = unpack_answers(it->second.answers, questions.size());
    for (std::size_t i = 0; i < questions.size(); ++i) {
      if (questions[i].type != QuestionType::compliance || cells[i].state != AnswerCell::State::answered) continue;
      const std::string& v = cells[i].value;
      if (v == "na") continue;
      ++rows[i].answered;
      rows[i].no += v == "no";
      rows[i].partial += v == "partial";
    }
  }
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
  const Round round = load_round(db, campaign, scope, true);
  const auto& questions = round.questionnaire.questions;
  auto at = std::find_if(questions.begin(), questions.end(), [&](const Question& q) { return q.id == question; });
  if (at == questions.end()) throw common::InvalidInput("no question \"" + question + "\" in " + round.questionnaire.key());
  const std::size_t index = static_cast<std::size_t>(at - questions.begin());
  std::vector<FailingSystem> rows;
  for (const Respondent& r : round.respondents) {
    auto it = round.current.find(r.system_id);
    if (it == round.current.end() || (!only.empty() && r.province != only)) continue;
    const auto cells = unpack_answers(it->second.answers, questions.size());
    const auto& cell = cells[index];
    if (cell.state == AnswerCell::State::answered && (cell.value == "no" || cell.value == "partial"))
      rows.push_back({r.code, r.name, r.province, cell.value});
  }
  return rows;
}

std::vector<ResultRow> results(schema::Database& db, const std::string& campaign, const registry::Scope& scope,
                               std::vector<std::string>& sections) {
  const Round round = load_round(db, campaign, scope, false);
  sections.clear();
  for (const Section& s : round.questionnaire.sections) sections.push_back(s.id);
  std::vector<ResultRow> rows;
  for (const Respondent& r : round.respondents) {
    ResultRow row{r.code, r.name, r.province, r.owner, r.profile.level, false, {}, {}};
    auto it = round.current.find(r.system_id);
    if (it != round.current.end()) {
      row.received = true;
      row.score = it->second.score;
      row.groups = unpack_scores(it->second.groups, sections.size());
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<CompareRow> compare(schema::Database& db, const std::string& campaign_a, const std::string& campaign_b,
                                const std::string& by, const registry::Scope& scope) {
  std::map<std::string, CompareRow> groups;
  for (int side = 0; side < 2; ++side) {
    const Round round = load_round(db, side == 0 ? campaign_a : campaign_b, scope, false);
    std::map<std::string, std::pair<double, long long>> sums;
    for (const Respondent& r : round.respondents) {
      const std::string g = group_of(r, by);
      CompareRow& row = groups.emplace(g, CompareRow{g, {}, {}, 0, 0, 0, 0}).first->second;
      ++(side == 0 ? row.expected_a : row.expected_b);
      auto it = round.current.find(r.system_id);
      if (it == round.current.end()) continue;
      ++(side == 0 ? row.received_a : row.received_b);
      if (it->second.score) {
        sums[g].first += *it->second.score;
        ++sums[g].second;
      }
    }
    for (auto& [g, sum] : sums) (side == 0 ? groups[g].mean_a : groups[g].mean_b) = sum.first / static_cast<double>(sum.second);
  }
  std::vector<CompareRow> rows;
  for (auto& [g, row] : groups) rows.push_back(row);
  return rows;
}

}  // namespace syscensus::survey
