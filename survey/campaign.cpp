#include "survey/campaign.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/date.hpp"
#include "common/error.hpp"
#include "registry/codes.hpp"
#include "registry/units.hpp"
#include "schema/change_log.hpp"
#include "schema/query.hpp"
#include "schema/transaction.hpp"
#include "survey/catalog.hpp"

namespace syscensus::survey {
namespace {

constexpr const char* kSelect =
    "SELECT c.id, c.code, q.id, q.code, q.version, c.title, c.opens, c.closes, c.status, c.scope, c.created_at,"
    " c.opened_at, c.closed_at,"
    " (SELECT count(*) FROM campaign_systems cs WHERE cs.campaign_id = c.id),"
    " (SELECT count(*) FROM submissions s WHERE s.campaign_id = c.id AND s.is_current = 1)"
    " FROM campaigns c JOIN questionnaires q ON q.id = c.questionnaire_id";

std::vector<Campaign> query(schema::Database& db, const std::string& where, const std::vector<schema::Param>& params) {
  std::vector<Campaign> out;
  schema::for_each_row(db.session(), kSelect + where, 15, params, [&out](const schema::Row& r) {
    Campaign c;
    c.id = std::stoll(*r[0]);
    c.code = *r[1];
    c.questionnaire_id = std::stoll(*r[2]);
    c.questionnaire = *r[3] + "@" + *r[4];
    c.title = *r[5];
    c.opens = *r[6];
    c.closes = *r[7];
    c.status = *r[8];
    c.scope = CampaignScope::from_json(*r[9]);
    c.created_at = r[10].value_or("");
    c.opened_at = r[11].value_or("");
    c.closed_at = r[12].value_or("");
    c.expected = std::stoll(*r[13]);
    c.received = std::stoll(*r[14]);
    out.push_back(std::move(c));
  });
  return out;
}

template <typename T>
std::string in_list(const std::string& column, const std::vector<T>& values, const std::string& prefix,
                    std::vector<schema::Param>& params) {
  std::string list;
  for (const T& v : values) {
    const std::string name = prefix + std::to_string(params.size());
    list += (list.empty() ? ":" : ", :") + name;
    if constexpr (std::is_same_v<T, int>) {
      params.push_back({name, static_cast<long long>(v)});
    } else {
      params.push_back({name, v});
    }
  }
  return " AND " + column + " IN (" + list + ")";
}

// The systems a scope selects, as a WHERE clause over systems s.
std::string scope_where(schema::Database& db, const CampaignScope& scope, std::vector<schema::Param>& params) {
  std::string where = " WHERE 1 = 1";
  if (!scope.provinces.empty()) {
    const registry::UnitIndex units = registry::load_units(db);
    std::string any;
    for (const std::string& p : scope.provinces)
      any += (any.empty() ? "" : " OR ") + registry::province_condition(units, p, "s.unit_id", params);
    where += " AND (" + any + ")";
  }
  if (!scope.levels.empty()) where += in_list("s.level", scope.levels, "l", params);
  if (!scope.categories.empty()) where += in_list("s.category", scope.categories, "k", params);
  const std::vector<std::string> statuses = scope.statuses.empty() ? std::vector<std::string>{"operating"} : scope.statuses;
  return where + in_list("s.lifecycle", statuses, "s", params);
}

void check_new(const NewCampaign& c) {
  if (auto bad = registry::check_system_code(c.code))
    throw common::InvalidInput("campaign code \"" + c.code + "\": " + *bad);
  if (c.title.empty()) throw common::InvalidInput("a campaign needs a --title");
  const auto opens = common::parse_date(c.opens);
  const auto closes = common::parse_date(c.closes);
  if (!opens) throw common::InvalidInput("--opens \"" + c.opens + "\" is not a date (YYYY-MM-DD or DD/MM/YYYY)");
  if (!closes) throw common::InvalidInput("--closes \"" + c.closes + "\" is not a date (YYYY-MM-DD or DD/MM/YYYY)");
  if (*closes < *opens) throw common::InvalidInput("--closes " + *closes + " is before --opens " + *opens);
  for (int level : c.scope.levels)
    if (level < 1 || level > 5) throw common::InvalidInput("--level " + std::to_string(level) + " is not 1 to 5");
  for (const auto& k : c.scope.categories)
    if (k.size() != 1 || k[0] < 'a' || k[0] > 'e') throw common::InvalidInput("--category \"" + k + "\" is not a-e");
  for (const auto& s : c.scope.statuses)
    if (s != "planned" && s != "operating" && s != "retired")
      throw common::InvalidInput("--status \"" + s + "\" is not planned, operating or retired");
}

void log(schema::Database& db, const std::string& actor, const std::string& code, const std::string& op,
         const Campaign* before, const Campaign& after) {
  auto doc = [](const Campaign& c) {
    return nlohmann::ordered_json{{"code", c.code},     {"questionnaire", c.questionnaire}, {"title", c.title},
                                  {"opens", c.opens},   {"closes", c.closes},               {"status", c.status},
                                  {"expected", c.expected}}
        .dump();
  };
  schema::append_changes(db, actor, {{"campaign", code, op, std::nullopt, std::nullopt,
                                      before ? std::optional(doc(*before)) : std::nullopt, doc(after)}});
}

Campaign change_status(schema::Database& db, const std::string& code, const std::string& from, const std::string& to,
                       const std::string& actor) {
  schema::WriteTransaction tx(db);
  const Campaign before = get_campaign(db, code);
  if (before.status != from)
    throw common::Conflict("campaign " + code + " is " + before.status + "; only a " + from + " campaign can be " +
                           (to == "open" ? "opened" : "closed"));
  if (to == "open") {
    std::vector<schema::Param> params{{"cid", before.id}};
    const std::string where = scope_where(db, before.scope, params);
    schema::execute(db.session(),
                    "INSERT INTO campaign_systems (campaign_id, system_id, unit_id, owner_id, level, category,"
                    " internet_facing, personal_data) SELECT :cid, s.id, s.unit_id, s.owner_id, s.level, s.category,"
                    " s.internet_facing, CASE WHEN COALESCE(s.personal_data_subjects, 0) > 0"
                    " OR s.info_types LIKE '%personal%' THEN 1 ELSE 0 END FROM systems s" + where,
                    params);
    // Uploads look the round's systems up by (campaign, system) a chunk at a time; without
    // statistics PostgreSQL takes the new campaign for a single row and scans all of its
    // systems for each row of a chunk (10 s per chunk of 1,000 at 100,000 systems).
    if (db.dialect() == schema::Dialect::postgresql) schema::execute(db.session(), "ANALYZE campaign_systems");
  }
  schema::execute(db.session(), "UPDATE campaigns SET status = :to, " + std::string(to == "open" ? "opened_at" : "closed_at") +
                                    " = :at WHERE id = :id",
                  {{"to", to}, {"at", common::now_utc()}, {"id", before.id}});
  const Campaign after = get_campaign(db, code);
  log(db, actor, code, to == "open" ? "open" : "close", &before, after);
  tx.commit();
  return after;
}

}  // namespace

std::string CampaignScope::json() const {
  return nlohmann::ordered_json{{"provinces", provinces}, {"levels", levels}, {"categories", categories},
                                {"statuses", statuses}}
      .dump();
}

CampaignScope CampaignScope::from_json(const std::string& text) {
  const auto j = nlohmann::json::parse(text);
  return {j.at("provinces").get<std::vector<std::string>>(), j.at("levels").get<std::vector<int>>(),
          j.at("categories").get<std::vector<std::string>>(), j.at("statuses").get<std::vector<std::string>>()};
}

Campaign create_campaign(schema::Database& db, const NewCampaign& c, const std::string& actor) {
  check_new(c);
  schema::WriteTransaction tx(db);
  const StoredQuestionnaire q = get_questionnaire(db, c.questionnaire);
  if (!query(db, " WHERE c.code = :code", {{"code", c.code}}).empty())
    throw common::Conflict("campaign " + c.code + " already exists");
  std::vector<schema::Param> ignored;
  scope_where(db, c.scope, ignored);  // InvalidInput for an unknown province
  schema::execute(db.session(),
                  "INSERT INTO campaigns (code, questionnaire_id, title, opens, closes, status, scope, created_at)"
                  " VALUES (:code, :q, :title, :opens, :closes, 'draft', :scope, :at)",
                  {{"code", c.code}, {"q", q.id}, {"title", c.title}, {"opens", *common::parse_date(c.opens)},
                   {"closes", *common::parse_date(c.closes)}, {"scope", c.scope.json()}, {"at", common::now_utc()}});
  const Campaign created = get_campaign(db, c.code);
  log(db, actor, c.code, "create", nullptr, created);
  tx.commit();
  return created;
}

Campaign open_campaign(schema::Database& db, const std::string& code, const std::string& actor) {
  return change_status(db, code, "draft", "open", actor);
}

Campaign close_campaign(schema::Database& db, const std::string& code, const std::string& actor) {
  return change_status(db, code, "open", "closed", actor);
}

std::vector<Campaign> list_campaigns(schema::Database& db) { return query(db, " ORDER BY c.code", {}); }

Campaign get_campaign(schema::Database& db, const std::string& code) {
  auto found = query(db, " WHERE c.code = :code", {{"code", code}});
  if (found.empty()) throw common::NotFound("no campaign \"" + code + "\"");
  return found.front();
}

}  // namespace syscensus::survey
