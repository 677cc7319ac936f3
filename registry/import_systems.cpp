#include <unordered_map>

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

}  // namespace

ImportSummary import_systems(schema::Database& db, std::istream& in, const ImportOptions& options) {
  const RecordSpec& spec = system_spec();
  ParsedFile file = detail::parse_file(in, spec);
  schema::WriteTransaction tx(db);
  auto existing = detail::load_records(db, spec, std::string("SELECT ") + sql::kSystemRecordColumns + sql::kSystemJoins);
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
    cells.insert(cells.begin() + 2, common::search_key(get(c, row.record, "name")));
    cells.insert(cells.begin() + 6, unit->valid_from);
    return cells;
  };
  return detail::finish_import(db, tx, spec, file, existing, options, staging);
}

}  // namespace syscensus::registry
