#include "registry/entities.hpp"

#include <algorithm>

#include "common/date.hpp"
#include "common/error.hpp"
#include "common/text.hpp"
#include "registry/specs.hpp"
#include "registry/units.hpp"
#include "schema/query.hpp"

namespace syscensus::registry {
namespace {

constexpr const char* kSelect =
    "SELECT e.code, e.name, e.kind, p.code, u.code, e.contact_name, e.contact_email, e.contact_phone, p.name,"
    " (SELECT count(*) FROM entities c WHERE c.parent_id = e.id),"
    " (SELECT count(*) FROM systems s WHERE s.owner_id = e.id)"
    " FROM entities e LEFT JOIN entities p ON p.id = e.parent_id LEFT JOIN units u ON u.id = e.unit_id";

std::vector<EntityView> query(schema::Database& db, const std::string& sql, const std::vector<schema::Param>& params) {
  std::vector<EntityView> views;
  schema::for_each_row(db.session(), sql, 11, params, [&views](const schema::Row& r) {
    views.push_back({schema::Row(r.begin(), r.begin() + 8), r[8].value_or(""), std::stoll(r[9].value_or("0")),
                     std::stoll(r[10].value_or("0"))});
  });
  return views;
}

}  // namespace

std::vector<EntityView> list_entities(schema::Database& db, const EntityFilter& f) {
  std::string with;
  std::string where = " WHERE 1 = 1";
  std::vector<schema::Param> params;
  if (!f.under.empty()) {
    get_entity(db, f.under);  // NotFound for an unknown code
    with = "WITH RECURSIVE under_root(id) AS (SELECT id FROM entities WHERE code = :under"
           " UNION ALL SELECT x.id FROM entities x JOIN under_root ON x.parent_id = under_root.id) ";
    where += " AND e.id IN (SELECT id FROM under_root)";
    params.push_back({"under", f.under});
  }
  if (!f.kind.empty()) {
    const auto& kinds = entity_spec().fields[2].choices;
    if (std::find(kinds.begin(), kinds.end(), f.kind) == kinds.end())
      throw common::InvalidInput("unknown entity kind \"" + f.kind + "\"");
    where += " AND e.kind = :kind";
    params.push_back({"kind", f.kind});
  }
  if (!f.province.empty()) where += " AND " + province_condition(load_units(db), f.province, "e.unit_id", params);
  if (!f.search.empty()) {
    where += " AND (e.search_key LIKE :search ESCAPE '\\' OR lower(e.code) LIKE :search ESCAPE '\\')";
    params.push_back({"search", schema::contains_pattern(common::search_key(f.search))});
  }
  std::string sql = with + kSelect + where + " ORDER BY e.code";
  if (f.limit > 0) {
    sql += " LIMIT :limit";
    params.push_back({"limit", f.limit});
  }
  return query(db, sql, params);
}

EntityView get_entity(schema::Database& db, const std::string& code) {
  auto views = query(db, std::string(kSelect) + " WHERE e.code = :code", {{"code", code}});
  if (views.empty()) throw common::NotFound("no entity \"" + code + "\"");
  return views.front();
}

}  // namespace syscensus::registry
