#include "survey/results.hpp"

#include "common/csv.hpp"
#include "common/date.hpp"
#include "common/error.hpp"
#include "registry/units.hpp"
#include "schema/query.hpp"
#include "survey/campaign.hpp"
#include "survey/catalog.hpp"
#include "survey/round.hpp"
#include "survey/upload.hpp"

namespace syscensus::survey {
namespace {

constexpr const char* kSelectSubmissions =
    "SELECT s.id, s.upload_id, s.submitted_at, u.actor, u.source, s.source_row, s.is_current, s.score,"
    " s.answers, s.group_scores FROM submissions s JOIN uploads u ON u.id = s.upload_id"
    " WHERE s.campaign_id = :c AND s.system_id = :s";

// The respondent `system` of the campaign as `scope` sees it, or NotFound.
Respondent respondent(schema::Database& db, const Campaign& campaign, const std::string& system,
                      const registry::Scope& scope) {
  if (auto r = find_respondent(db, campaign, system, scope)) return std::move(*r);
  throw common::NotFound("no system \"" + system + "\" in campaign " + campaign.code);
}

SubmissionInfo info_of(const schema::Row& r) {
  return {std::stoll(*r[0]), std::stoll(*r[1]), r[2].value_or(""), r[3].value_or(""), r[4].value_or(""),
          std::stoll(*r[5]), *r[6] == "1", r[7] ? std::optional(std::stod(*r[7])) : std::nullopt};
}

}  // namespace

std::size_t write_template(schema::Database& db, const std::string& code, const std::string& province,
                           const registry::Scope& scope, std::ostream& out) {
  const Campaign campaign = get_campaign(db, code);
  const Questionnaire q = get_questionnaire_by_id(db, campaign.questionnaire_id).questionnaire;
  if (scope.role == registry::Role::province && scope.code != province)
    throw common::NotFound("no province \"" + province + "\" in your scope");
  // Rounds group by today's provinces: an old code stands for the one it became part of.
  const registry::UnitIndex units = registry::load_units(db);
  const registry::Unit* unit = units.stands_for(province, common::today());
  if (unit == nullptr) throw common::NotFound("no province \"" + province + "\"");
  const std::string today = unit->code;
  std::vector<std::string> cells{kSystemColumn, kSystemNameColumn};
  for (const Question& question : q.questions) cells.push_back(question.id);
  common::CsvWriter writer(out);
  writer.write_row(cells);
  // The caller's systems there (a ministry's template holds only its own).
  std::size_t rows = 0;
  for_each_respondent(db, campaign, scope, {}, [&](const Respondent& r, const CurrentScores&) {
    if (r.province != today) return;
    cells = {r.code, r.name};
    for (const Question& question : q.questions) cells.push_back(applies(question, r.profile) ? "" : kNotApplicableMark);
    writer.write_row(cells);
    ++rows;
  });
  return rows;
}

std::vector<SubmissionInfo> submission_history(schema::Database& db, const std::string& code,
                                               const std::string& system, const registry::Scope& scope) {
  const Campaign campaign = get_campaign(db, code);
  const Respondent r = respondent(db, campaign, system, scope);
  std::vector<SubmissionInfo> out;
  schema::for_each_row(db.session(), std::string(kSelectSubmissions) + " ORDER BY s.id", 10,
                       {{"c", campaign.id}, {"s", r.system_id}},
                       [&out](const schema::Row& row) { out.push_back(info_of(row)); });
  return out;
}

SubmissionView current_submission(schema::Database& db, const std::string& code, const std::string& system,
                                  const registry::Scope& scope) {
  const Campaign campaign = get_campaign(db, code);
  const Respondent r = respondent(db, campaign, system, scope);
  const auto rows = schema::fetch_rows(db.session(), std::string(kSelectSubmissions) + " AND s.is_current = 1", 10,
                                       {{"c", campaign.id}, {"s", r.system_id}});
  if (rows.empty()) throw common::NotFound("system " + system + " has not answered campaign " + code + " yet");
  SubmissionView view;
  view.info = info_of(rows[0]);
  view.questionnaire = get_questionnaire_by_id(db, campaign.questionnaire_id).questionnaire;
  view.answers = unpack_answers(*rows[0][8], view.questionnaire.questions.size());
  view.groups = unpack_scores(*rows[0][9], view.questionnaire.sections.size());
  return view;
}

}  // namespace syscensus::survey
