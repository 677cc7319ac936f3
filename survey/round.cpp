#include "survey/round.hpp"

#include "common/date.hpp"
#include "common/error.hpp"
#include "registry/units.hpp"
#include "schema/query.hpp"

namespace syscensus::survey {
namespace {

struct EntityNode {
  std::string code;
  long long parent = 0;
};

std::unordered_map<long long, EntityNode> load_entities(schema::Database& db) {
  std::unordered_map<long long, EntityNode> nodes;
  schema::for_each_row(db.session(), "SELECT id, code, parent_id FROM entities", 3, {}, [&](const schema::Row& r) {
    nodes[std::stoll(*r[0])] = {*r[1], r[2] ? std::stoll(*r[2]) : 0};
  });
  return nodes;
}

// Walks up to the root; `within` (if set) reports whether `ancestor` was passed.
std::string top_of(const std::unordered_map<long long, EntityNode>& nodes, long long id, const std::string& ancestor,
                   bool* within) {
  std::string top;
  for (std::size_t steps = 0; id != 0 && steps <= nodes.size(); ++steps) {
    auto it = nodes.find(id);
    if (it == nodes.end()) break;
    top = it->second.code;
    if (within != nullptr && top == ancestor) *within = true;
    id = it->second.parent;
  }
  return top;
}

}  // namespace

void check_scope_exists(schema::Database& db, const registry::Scope& scope) {
  if (scope.role == registry::Role::province) {
    if (registry::load_units(db).resolve(scope.code, common::today()) == nullptr)
      throw common::NotFound("no province \"" + scope.code + "\"");
  } else if (scope.role == registry::Role::ministry) {
    if (schema::fetch_rows(db.session(), "SELECT id FROM entities WHERE code = :c", 1, {{"c", scope.code}}).empty())
      throw common::NotFound("no entity \"" + scope.code + "\"");
  }
}

std::vector<Respondent> load_respondents(schema::Database& db, const Campaign& campaign, const registry::Scope& scope,
                                         bool include_outside) {
  check_scope_exists(db, scope);
  const registry::UnitIndex units = registry::load_units(db);
  const auto entities = load_entities(db);
  std::string scope_province;
  if (scope.role == registry::Role::province)
    scope_province = units.successor(*units.resolve(scope.code, common::today())).code;
  std::vector<Respondent> out;
  schema::for_each_row(
      db.session(),
      "SELECT s.id, s.code, s.name, u.code, u.valid_from, cs.owner_id, cs.level, cs.category, cs.internet_facing,"
      " cs.personal_data FROM campaign_systems cs JOIN systems s ON s.id = cs.system_id"
      " LEFT JOIN units u ON u.id = cs.unit_id WHERE cs.campaign_id = :c ORDER BY s.code",
      10, {{"c", campaign.id}}, [&](const schema::Row& r) {
        Respondent x;
        x.system_id = std::stoll(*r[0]);
        x.code = *r[1];
        x.name = *r[2];
        if (r[3] && r[4]) {
          if (const registry::Unit* u = units.valid_on(*r[3], *r[4])) x.province = units.successor(*u).code;
        }
        bool within = false;
        x.top = top_of(entities, std::stoll(*r[5]), scope.code, &within);
        x.owner = entities.at(std::stoll(*r[5])).code;
        x.profile = {r[6] ? std::stoi(*r[6]) : 0, *r[7], *r[8] == "1", *r[9] == "1"};
        x.in_scope = (scope.role != registry::Role::province || x.province == scope_province) &&
                     (scope.role != registry::Role::ministry || within);
        if (x.in_scope || include_outside) out.push_back(std::move(x));
      });
  return out;
}

std::unordered_map<std::string, long long> system_ids(schema::Database& db) {
  std::unordered_map<std::string, long long> ids;
  schema::for_each_row(db.session(), "SELECT code, id FROM systems", 2, {},
                       [&ids](const schema::Row& r) { ids[*r[0]] = std::stoll(*r[1]); });
  return ids;
}

}  // namespace syscensus::survey
