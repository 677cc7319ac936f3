#include "survey/round.hpp"

#include "common/date.hpp"
#include "common/error.hpp"
#include "registry/units.hpp"
#include "schema/query.hpp"

namespace syscensus::survey {

void check_scope_exists(schema::Database& db, const registry::Scope& scope) {
  if (scope.role == registry::Role::province) {
    if (registry::load_units(db).resolve(scope.code, common::today()) == nullptr)
      throw common::NotFound("no province \"" + scope.code + "\"");
  } else if (scope.role == registry::Role::ministry) {
    if (schema::fetch_rows(db.session(), "SELECT id FROM entities WHERE code = :c", 1, {{"c", scope.code}}).empty())
      throw common::NotFound("no entity \"" + scope.code + "\"");
  }
}

Resolver::Resolver(schema::Database& db, const registry::Scope& scope) : scope_(scope) {
  check_scope_exists(db, scope);
  const registry::UnitIndex units = registry::load_units(db);
  if (scope.role == registry::Role::province)
    scope_province_ = units.stands_for(scope.code, common::today())->code;
  // Unit ids are text keys: they come from the database as text and are few.
  schema::for_each_row(db.session(), "SELECT id, code, valid_from FROM units", 3, {}, [&](const schema::Row& r) {
    if (const registry::Unit* u = units.valid_on(*r[1], *r[2])) provinces_[*r[0]] = units.successor(*u).code;
  });
  schema::for_each_row(db.session(), "SELECT id, code, parent_id FROM entities", 3, {}, [&](const schema::Row& r) {
    entities_[std::stoll(*r[0])] = {*r[1], r[2] ? std::stoll(*r[2]) : 0};
  });
}

const std::string& Resolver::province(const std::optional<std::string>& unit_id) const {
  static const std::string none;
  if (!unit_id) return none;
  auto it = provinces_.find(*unit_id);
  return it == provinces_.end() ? none : it->second;
}

const std::string& Resolver::owner(long long owner_id) const { return entities_.at(owner_id).code; }

const Resolver::Walked& Resolver::walk(long long owner_id) {
  if (auto it = walked_.find(owner_id); it != walked_.end()) return it->second;
  Walked w;
  long long id = owner_id;
  for (std::size_t steps = 0; id != 0 && steps <= entities_.size(); ++steps) {  // bounded: a cycle cannot hang
    auto it = entities_.find(id);
    if (it == entities_.end()) break;
    w.top = it->second.code;
    if (scope_.role == registry::Role::ministry && w.top == scope_.code) w.within = true;
    id = it->second.parent;
  }
  return walked_.emplace(owner_id, std::move(w)).first->second;
}

bool Resolver::covers(const std::string& province, long long owner_id) {
  switch (scope_.role) {
    case registry::Role::province: return province == scope_province_;
    case registry::Role::ministry: return walk(owner_id).within;
    default: return true;
  }
}

void for_each_respondent(schema::Database& db, const Campaign& campaign, const registry::Scope& scope,
                         const RespondentQuery& query,
                         const std::function<void(const Respondent&, const CurrentScores&)>& fn) {
  Resolver resolver(db, scope);
  std::string sql =
      "SELECT s.id, s.code, s.name, cs.unit_id, cs.owner_id, cs.level, cs.category, cs.internet_facing,"
      " cs.personal_data";
  sql += query.with_current ? ", sub.id, sub.score, sub.group_scores" : "";
  sql += query.with_current && query.with_answers ? ", sub.answers" : "";
  sql += " FROM campaign_systems cs JOIN systems s ON s.id = cs.system_id";
  if (query.with_current)  // the partial unique index submissions_current answers each probe
    sql += " LEFT JOIN submissions sub ON sub.campaign_id = cs.campaign_id AND sub.system_id = cs.system_id"
           " AND sub.is_current = 1";
  sql += " WHERE cs.campaign_id = :c";
  std::vector<schema::Param> params{{"c", campaign.id}};
  if (!query.code.empty()) {
    sql += " AND s.code = :code";
    params.push_back({"code", query.code});
  }
  sql += " ORDER BY s.code";
  Respondent x;
  CurrentScores current;
  const auto each = [&](const schema::Row& r) {
    const long long owner = std::stoll(*r[4]);
    x.province = resolver.province(r[3]);
    if (!resolver.covers(x.province, owner)) return;
    x.system_id = std::stoll(*r[0]);
    x.code = *r[1];
    x.name = *r[2];
    x.top = resolver.top(owner);
    x.owner = resolver.owner(owner);
    x.profile = {r[5] ? std::stoi(*r[5]) : 0, *r[6], *r[7] == "1", *r[8] == "1"};
    if (query.with_current) {
      current.received = r[9].has_value();
      current.score = r[10] ? std::optional(std::stod(*r[10])) : std::nullopt;
      current.groups = r[11].value_or("");
      if (query.with_answers) current.answers = r[12].value_or("");
    }
    fn(x, current);
  };
  const std::size_t columns = !query.with_current ? 9 : query.with_answers ? 13 : 12;
  schema::for_each_row_batched(db, sql, columns, params, each, query.code.empty() ? 0 : 1);
}

std::optional<Respondent> find_respondent(schema::Database& db, const Campaign& campaign, const std::string& code,
                                          const registry::Scope& scope) {
  std::optional<Respondent> found;
  for_each_respondent(db, campaign, scope, {code},
                      [&found](const Respondent& r, const CurrentScores&) { found = r; });
  return found;
}

}  // namespace syscensus::survey
