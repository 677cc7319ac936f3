#include "registry/systems.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "common/date.hpp"
#include "common/error.hpp"
#include "common/text.hpp"
#include "registry/specs.hpp"
#include "registry/sql.hpp"
#include "registry/units.hpp"
#include "schema/query.hpp"
#include "schema/transaction.hpp"

namespace syscensus::registry {
namespace {

const std::map<std::string, std::string>& sort_columns() {
  static const std::map<std::string, std::string> columns = {
      {"code", "s.code"},         {"name", "s.search_key"},   {"level", "s.level"},
      {"province", "u.code"},     {"owner", "o.code"},        {"category", "s.category"},
      {"status", "s.dossier_status"}};
  return columns;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Systems owned by `code` or anything below it.
std::string subtree_condition(const std::string& code, const std::string& name, std::vector<schema::Param>& params) {
  params.push_back({name, code});
  return " AND s.owner_id IN (WITH RECURSIVE sub(id) AS (SELECT id FROM entities WHERE code = :" + name +
         " UNION ALL SELECT e.id FROM entities e JOIN sub ON e.parent_id = sub.id) SELECT id FROM sub)";
}

void add_scope(const UnitIndex& units, const Scope& scope, std::string& where, std::vector<schema::Param>& params) {
  if (scope.role == Role::province) where += " AND " + province_condition(units, scope.code, "s.unit_id", params);
  if (scope.role == Role::ministry) where += subtree_condition(scope.code, "scope_entity", params);
}

// Whether the systems are narrowed to one province's units, by the filter or by the caller's
// scope: both planners then need steering onto the unit index (below and in list_systems).
bool by_province(const SystemFilter& f) { return !f.province.empty() || f.scope.role == Role::province; }

void add_filters(schema::Dialect dialect, const UnitIndex& units, const SystemFilter& f, std::string& where,
                 std::vector<schema::Param>& params) {
  const RecordSpec& spec = system_spec();
  if (!f.province.empty()) where += " AND " + province_condition(units, f.province, "s.unit_id", params);
  if (!f.owner.empty()) where += subtree_condition(f.owner, "owner", params);
  add_scope(units, f.scope, where, params);
  if (!f.after.empty()) {
    where += " AND s.code > :after";
    params.push_back({"after", f.after});
  }
  if (f.level) {
    if (*f.level < 1 || *f.level > 5) throw common::InvalidInput("--level must be 1 to 5");
    // With a province, its systems (the unit_id index) are the narrower set; SQLite, which keeps
    // no statistics, would otherwise walk a third of all systems through the level index.
    // PostgreSQL combines both indexes itself, and misestimates `level + 0`.
    where += by_province(f) && dialect == schema::Dialect::sqlite ? " AND s.level + 0 = :level" : " AND s.level = :level";
    params.push_back({"level", static_cast<long long>(*f.level)});
  }
  if (!f.category.empty()) {
    if (!contains(spec.fields[spec.index("category")].choices, f.category))
      throw common::InvalidInput("unknown category \"" + f.category + "\"; use a, b, c, d or e");
    where += " AND s.category = :category";
    params.push_back({"category", f.category});
  }
  if (!f.status.empty()) {
    const bool dossier = contains(spec.fields[spec.index("dossier_status")].choices, f.status);
    if (!dossier && !contains(spec.fields[spec.index("lifecycle")].choices, f.status))
      throw common::InvalidInput("unknown status \"" + f.status +
                                 "\"; use none, proposed, appraised, approved, planned, operating or retired");
    where += dossier ? " AND s.dossier_status = :status" : " AND s.lifecycle = :status";
    params.push_back({"status", f.status});
  }
  if (!f.search.empty()) {
    where += " AND (s.search_key LIKE :search ESCAPE '\\' OR lower(s.code) LIKE :search ESCAPE '\\')";
    params.push_back({"search", schema::contains_pattern(common::search_key(f.search))});
  }
}

std::string order_by(const std::string& sort) {
  const bool descending = !sort.empty() && sort[0] == '-';
  const std::string name = descending ? sort.substr(1) : sort;
  auto it = sort_columns().find(name);
  if (it == sort_columns().end())
    throw common::InvalidInput("cannot sort by \"" + name + "\"; use code, name, level, province, owner, category or status");
  const std::string direction = descending ? " DESC" : "";
  // A column that is never NULL sorts plainly, so an index on it can serve ORDER BY ... LIMIT
  // without sorting every system (a first page of all 100,000 took seconds on SQLite).
  if (name == "code") return " ORDER BY s.code" + direction;
  if (name != "level" && name != "province") return " ORDER BY " + it->second + direction + ", s.code";
  // NULLs last on both backends.
  return " ORDER BY CASE WHEN " + it->second + " IS NULL THEN 1 ELSE 0 END, " + it->second + direction + ", s.code";
}

constexpr std::size_t kRecordColumns = 18;
constexpr std::size_t kUnitColumn = 4;  // in the record (system_spec())

// A view's record, owner's name, retire reason and version: the columns every view query starts with.
SystemView view_without_unit(const schema::Row& r) {
  SystemView v;
  v.record.assign(r.begin(), r.begin() + kRecordColumns);
  v.owner_name = r[kRecordColumns].value_or("");
  v.retire_reason = r[kRecordColumns + 1].value_or("");
  v.version = std::stoll(r[kRecordColumns + 2].value_or("0"));
  return v;
}

// The view of a row of select_views(); the unit's code is in the record, its name and valid_from
// after the other columns.
SystemView view_of_joined(const schema::Row& r, const UnitIndex& units) {
  SystemView v = view_without_unit(r);
  v.province_name = r[kRecordColumns + 3].value_or("");
  const auto& valid_from = r[kRecordColumns + 4];
  if (const Unit* u = valid_from ? units.valid_on(v.record[kUnitColumn].value_or(""), *valid_from) : nullptr)
    v.current_province = units.successor(*u).code;
  return v;
}

// The views of the systems of `from` (what follows FROM, naming the systems `s`).
std::string select_views(const std::string& from = "systems s") {
  return "SELECT " + sql::system_record_columns() + ", o.name, s.retire_reason, s.version, u.name, u.valid_from FROM " +
         from + sql::kSystemOwnerJoins + sql::kSystemUnitJoin;
}

// One system by code, with kUnitsMarkerSql last: its unit is taken from the unit index by id,
// which is the index at that marker (read by the same statement, so from the same snapshot).
// This runs on every API lookup: without the join to units PostgreSQL plans no hash of them.
std::string select_lookup() {
  return "SELECT " + sql::system_record_columns("s.unit_id") + ", o.name, s.retire_reason, s.version, " +
         kUnitsMarkerSql + " FROM systems s" + sql::kSystemOwnerJoins + " WHERE s.code = :code";
}

// The view of a row of select_lookup() with `units` loaded at its marker; nullopt when the row
// names a unit the index lacks.
std::optional<SystemView> view_of_lookup(const schema::Row& r, const UnitIndex& units) {
  SystemView v = view_without_unit(r);
  auto& unit_cell = v.record[kUnitColumn];
  if (unit_cell) {
    const Unit* u = units.by_id(std::stoll(*unit_cell));
    if (u == nullptr) return std::nullopt;
    unit_cell = u->code;
    v.province_name = u->name;
    v.current_province = units.successor(*u).code;
  }
  return v;
}

// Whether `sort` (order_by()) names a column of the systems table itself.
bool sorts_by_system_column(const std::string& sort) {
  const auto it = sort_columns().find(!sort.empty() && sort[0] == '-' ? sort.substr(1) : sort);
  return it != sort_columns().end() && it->second.rfind("s.", 0) == 0;
}

}  // namespace

void for_each_system(schema::Database& db, const SystemFilter& filter, const std::function<void(const SystemView&)>& fn) {
  std::string where = " WHERE 1 = 1";
  std::vector<schema::Param> params;
  const UnitsSnapshot units = current_units(db);
  add_filters(db.dialect(), *units.index, filter, where, params);
  const std::string order = order_by(filter.sort);
  std::string sql;
  if (filter.limit > 0) {
    params.push_back({"limit", filter.limit});
    // When the order allows, the page's ids are chosen first and only they are joined: a
    // province's systems by level and code come out of one index (migration 5). Codes begin with
    // a province's letters, which PostgreSQL cannot know: for a province whose codes sort late it
    // walked the code index through most systems to fill a page (45,262 rows for 50, 120-156 ms);
    // ordering the page by an expression keeps it on the unit index (3-24 ms).
    const bool steer = db.dialect() == schema::Dialect::postgresql && by_province(filter) &&
                       (filter.sort == "code" || filter.sort == "-code");
    const std::string page_order =
        steer ? " ORDER BY s.code || ''" + std::string(filter.sort[0] == '-' ? " DESC" : "") : order;
    sql = sorts_by_system_column(filter.sort)
              ? select_views("(SELECT s.id FROM systems s" + where + page_order + " LIMIT :limit) page"
                             " JOIN systems s ON s.id = page.id") + order
              : select_views() + where + order + " LIMIT :limit";
  } else {
    sql = select_views() + where + order;
  }
  if (!filter.owner.empty()) {
    auto found = schema::fetch_rows(db.session(), "SELECT id FROM entities WHERE code = :c", 1, {{"c", filter.owner}});
    if (found.empty()) throw common::InvalidInput("unknown owner \"" + filter.owner + "\"");
  }
  schema::for_each_row_batched(
      db, sql, kRecordColumns + 5, params, [&](const schema::Row& r) { fn(view_of_joined(r, *units.index)); },
      filter.limit);
}

std::vector<SystemView> list_systems(schema::Database& db, const SystemFilter& filter) {
  std::vector<SystemView> views;
  for_each_system(db, filter, [&views](const SystemView& v) { views.push_back(v); });
  return views;
}

// One query in the usual case: the units kept from earlier requests are used, and the marker
// read with the row says whether they were current; when not, the query runs again with the
// units at that marker (the scope's condition is built from them).
SystemView get_system(schema::Database& db, const std::string& code, const Scope& scope) {
  UnitsSnapshot units = cached_units(db);
  for (int attempt = 0;; ++attempt) {
    std::string where;
    std::vector<schema::Param> params{{"code", code}};
    add_scope(*units.index, scope, where, params);
    std::optional<schema::Row> row;
    schema::for_each_row_prepared(db, select_lookup() + where, kRecordColumns + 4, params,
                                  [&row](const schema::Row& r) { row = r; });
    const UnitsSnapshot now = row ? units_at(db, (*row)[kRecordColumns + 3].value_or("")) : current_units(db);
    if (now.marker == units.marker || attempt > 0) {
      if (!row) throw common::NotFound("no system \"" + code + "\"");
      // The index is at the row's marker, or loaded after it: units are never deleted.
      if (auto view = view_of_lookup(*row, *now.index)) return *std::move(view);
      throw common::StorageError("system \"" + code + "\" refers to a unit that is not stored");
    }
    units = now;
  }
}

std::vector<schema::ChangeEntry> system_history(schema::Database& db, const std::string& code, const Scope& scope) {
  get_system(db, code, scope);  // NotFound for an unknown code, or one outside the scope
  return schema::read_changes(db, {0, 0, "system", code});
}

SystemView retire_system(schema::Database& db, const std::string& code, const std::string& reason,
                         const std::string& date, const std::string& actor, const Scope& scope) {
  if (!scope.may_write()) throw common::Forbidden("a reader may not change the registry");
  if (common::trim(reason).empty()) throw common::InvalidInput("a reason is required to retire a system");
  const auto day = date.empty() ? std::optional<std::string>(common::today()) : common::parse_date(date);
  if (!day) throw common::InvalidInput("\"" + date + "\" is not a date; write YYYY-MM-DD or DD/MM/YYYY");
  schema::WriteTransaction tx(db);
  const SystemView before = get_system(db, code, scope);
  const RecordSpec& spec = system_spec();
  if (before.record[spec.index("lifecycle")] == "retired")
    throw common::Conflict("system \"" + code + "\" is already retired");
  schema::execute(db.session(),
                  "UPDATE systems SET lifecycle = 'retired', retired_on = :day, retire_reason = :reason,"
                  " version = version + 1 WHERE code = :code",
                  {{"day", *day}, {"reason", common::nfc(common::trim(reason))}, {"code", code}});
  const SystemView after = get_system(db, code);
  schema::append_changes(db, actor, {{"system", code, "retire", std::nullopt, std::nullopt,
                                      record_json(spec, before.record), record_json(spec, after.record)}});
  tx.commit();
  return after;
}

}  // namespace syscensus::registry
