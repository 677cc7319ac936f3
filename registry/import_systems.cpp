#include <unordered_map>
#include <unordered_set>

#include "common/error.hpp"

#include "common/date.hpp"
#include "common/text.hpp"
#include "registry/import.hpp"
#include "registry/import_engine.hpp"
#include "registry/specs.hpp"
#include "registry/sql.hpp"
#include "registry/units.hpp"
#include "schema/query.hpp"

namespace syscensus::registry {
namespace {

using detail::add_issue;
using detail::ParsedFile;
using detail::ParsedRow;

struct Context {
  const RecordSpec& spec;
  std::unordered_map<std::string, std::string> entity_province;  // entity code -> province code
  UnitIndex units;
  std::unordered_map<std::string, const Unit*> unit_of;  // system code -> resolved province
};

std::string get(const Context& c, const Record& r, std::string_view field) {
  return r[c.spec.index(field)].value_or("");
}

void check_entities(Context& c, ParsedFile& file, const ParsedRow& row) {
  for (const char* field : {"owner", "operator"}) {
    const std::string code = get(c, row.record, field);
    if (!code.empty() && c.entity_province.count(code) == 0)
      add_issue(file, c.spec, row, field, "unknown_entity", "no entity with this code", "import entities first");
  }
}

// Resolves the province (given, else the owner's) and records it in the row,
// so the stored record and a re-import of the same file compare equal.
void resolve_province(Context& c, ParsedFile& file, ParsedRow& row) {
  const std::size_t field = c.spec.index("province");
  std::string code = get(c, row.record, "province");
  if (code.empty()) {
    auto owner = c.entity_province.find(get(c, row.record, "owner"));
    if (owner == c.entity_province.end()) return;  // reported as an unknown owner
    code = owner->second;
    if (code.empty()) {
      add_issue(file, c.spec, row, "province", "no_province", "the owner has no province",
                "give the province in this column, or record the owner's province");
      return;
    }
    row.record[field] = code;
  }
  const Unit* unit = c.units.resolve(code, common::today());
  if (unit == nullptr || !unit->is_province_level()) {
    add_issue(file, c.spec, row, "province", "unknown_unit", "no such province", "import units first");
    return;
  }
  c.unit_of[get(c, row.record, "code")] = unit;
}

void check_dossier(const Context& c, ParsedFile& file, const ParsedRow& row) {
  const std::string status = get(c, row.record, "dossier_status");
  if (status != "none" && !status.empty() && row.empty(c.spec.index("level")))
    add_issue(file, c.spec, row, "level", "required", "a level is required once a dossier is " + status);
  if (status == "approved") {
    if (row.empty(c.spec.index("decision_no")))
      add_issue(file, c.spec, row, "decision_no", "required", "an approved dossier needs its decision number");
    if (row.empty(c.spec.index("decision_date")))
      add_issue(file, c.spec, row, "decision_date", "required", "an approved dossier needs its decision date");
  }
}

void check_lifecycle(const Context& c, ParsedFile& file, const ParsedRow& row) {
  const std::string lifecycle = get(c, row.record, "lifecycle");
  const std::string retired_on = get(c, row.record, "retired_on");
  const std::string go_live = get(c, row.record, "go_live");
  if (lifecycle == "retired" && row.empty(c.spec.index("retired_on")))
    add_issue(file, c.spec, row, "retired_on", "required", "a retired system needs its retirement date");
  if (lifecycle != "retired" && !lifecycle.empty() && !retired_on.empty())
    add_issue(file, c.spec, row, "retired_on", "not_retired", "only a retired system has a retirement date",
              "set lifecycle to retired or leave retired_on empty");
  if (!retired_on.empty() && !go_live.empty() && retired_on < go_live)
    add_issue(file, c.spec, row, "retired_on", "bad_period", "is before go_live " + go_live);
}

// Province scope: every row's province, and the stored system it replaces,
// must roll up into the caller's province. Ministry scope: owners in its subtree.
void check_scope(Context& c, schema::Database& db, ParsedFile& file,
                 const std::unordered_map<std::string, Record>& existing, const Scope& scope) {
  if (scope.role == Role::admin) return;
  if (scope.role == Role::reader) throw common::Forbidden("a reader may not change the registry");
  std::unordered_set<std::string> owners;
  std::string province;
  if (scope.role == Role::ministry) {
    schema::for_each_row(db.session(),
                         "WITH RECURSIVE sub(id) AS (SELECT id FROM entities WHERE code = :c UNION ALL"
                         " SELECT e.id FROM entities e JOIN sub ON e.parent_id = sub.id)"
                         " SELECT code FROM entities WHERE id IN (SELECT id FROM sub)",
                         1, {{"c", scope.code}}, [&owners](const schema::Row& r) { owners.insert(*r[0]); });
  } else if (const Unit* u = c.units.resolve(scope.code, common::today())) {
    province = c.units.successor(*u).code;
  }
  auto in_scope = [&](const Record& r) {
    if (scope.role == Role::ministry) return owners.count(get(c, r, "owner")) > 0;
    const Unit* u = c.units.resolve(get(c, r, "province"), common::today());
    return u != nullptr && c.units.successor(*u).code == province;
  };
  for (const ParsedRow& row : file.rows) {
    auto stored = existing.find(get(c, row.record, "code"));
    if ((stored != existing.end() && !in_scope(stored->second)) || !in_scope(row.record))
      add_issue(file, c.spec, row, "code", "out_of_scope", "outside " + scope.text(),
                "you may change only the systems of your own " + std::string(scope.role == Role::ministry ? "ministry" : "province"));
  }
}

ImportSummary write_systems(schema::Database& db, ParsedFile& file, const ImportOptions& options,
                            std::optional<long long> if_version) {
  const RecordSpec& spec = system_spec();
  schema::WriteTransaction tx(db);
  auto existing = detail::load_records(db, spec,
                                       "SELECT " + sql::system_record_columns() + " FROM systems s" +
                                           sql::kSystemOwnerJoins + sql::kSystemUnitJoin);
  if (if_version && !file.rows.empty()) {
    const auto found = schema::fetch_rows(db.session(), "SELECT version FROM systems WHERE code = :c", 1,
                                          {{"c", file.rows[0].record[0].value_or("")}});
    const long long stored = found.empty() ? 0 : std::stoll(*found[0][0]);
    if (stored != *if_version)
      throw common::StaleVersion("system " + file.rows[0].record[0].value_or("") + " is at version " +
                                 std::to_string(stored) + ", not " + std::to_string(*if_version));
  }
  Context c{spec, {}, load_units(db), {}};
  schema::for_each_row(db.session(), sql::kSelectEntityProvinces, 2, {}, [&c](const schema::Row& r) {
    c.entity_province[*r[0]] = r[1].value_or("");
  });
  for (ParsedRow& row : file.rows) {
    check_entities(c, file, row);
    resolve_province(c, file, row);
    check_dossier(c, file, row);
    check_lifecycle(c, file, row);
  }
  check_scope(c, db, file, existing, options.scope);

  std::vector<std::string> columns;
  for (const FieldSpec& f : spec.fields) columns.push_back(f.name == "province" ? "unit_code" : f.name);
  columns.insert(columns.begin() + 2, "search_key");
  columns.insert(columns.begin() + 6, "unit_from");  // right after unit_code
  detail::Staging staging{sql::kCreateSystemStage, "stage_systems", columns, {sql::kMergeSystems},
                          sql::kDropSystemStage, {}};
  staging.row = [&c](const ParsedRow& row) {
    std::vector<std::optional<std::string>> cells(row.record.begin(), row.record.end());
    const Unit* unit = c.unit_of.at(get(c, row.record, "code"));
    cells[c.spec.index("province")] = unit->code;
    cells.insert(cells.begin() + 2, search_key(get(c, row.record, "name")));
    cells.insert(cells.begin() + 6, unit->valid_from);
    return cells;
  };
  return detail::finish_import(db, tx, spec, file, existing, options, staging);
}

}  // namespace

ImportSummary import_systems(schema::Database& db, std::istream& in, const ImportOptions& options) {
  ParsedFile file = detail::parse_file(in, system_spec(), options.progress);
  return write_systems(db, file, options, std::nullopt);
}

ImportSummary save_system(schema::Database& db, const Record& record, std::optional<long long> if_version,
                          const ImportOptions& options) {
  const RecordSpec& spec = system_spec();
  ParsedFile file;
  for (std::size_t i = 0; i < spec.fields.size(); ++i) file.columns.push_back(i + 1);
  file.rows.push_back({1, record, std::vector<bool>(spec.fields.size(), false)});
  for (std::size_t i = 0; i < spec.fields.size(); ++i)
    if (spec.fields[i].required && !record[i])
      file.issues.push_back({1, i + 1, spec.fields[i].name, std::nullopt, "required", "a value is required", ""});
  return write_systems(db, file, options, if_version);
}

}  // namespace syscensus::registry
