#include "registry/import.hpp"

#include <unordered_map>
#include <unordered_set>

#include "common/date.hpp"
#include "common/text.hpp"
#include "registry/codes.hpp"
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
using Cells = std::vector<std::optional<std::string>>;

std::string value(const Record& r, const RecordSpec& spec, std::string_view field) {
  return r[spec.index(field)].value_or("");
}

std::optional<std::string> opt(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

// --- units -------------------------------------------------------------------

void check_unit_dates(ParsedFile& file, const RecordSpec& spec, const ParsedRow& row) {
  const Unit u = unit_from_record(row.record);
  if (!u.valid_to.empty() && !u.valid_from.empty() && u.valid_to < u.valid_from)
    add_issue(file, spec, row, "valid_to", "bad_period", "ends before valid_from " + u.valid_from);
  if (!u.merged_into.empty() && u.valid_to.empty())
    add_issue(file, spec, row, "merged_into", "merge_without_end", "a merged unit needs valid_to",
              "give the last day before the merger in valid_to");
}

// Periods of one code must not overlap, counting stored units and the file's.
void check_unit_overlaps(ParsedFile& file, const RecordSpec& spec, const UnitIndex& all) {
  std::unordered_map<std::string, const ParsedRow*> by_key;
  for (const ParsedRow& row : file.rows) by_key[unit_from_record(row.record).key()] = &row;
  const auto& units = all.all();
  std::unordered_set<const ParsedRow*> reported;  // one overlap issue per row is enough
  for (std::size_t i = 1; i < units.size(); ++i) {
    const Unit& a = units[i - 1];
    const Unit& b = units[i];
    if (a.code != b.code || (!a.valid_to.empty() && a.valid_to < b.valid_from)) continue;
    auto it = by_key.find(b.key());
    const Unit* other = &a;
    if (it == by_key.end()) {
      it = by_key.find(a.key());
      other = &b;
    }
    if (it == by_key.end() || !reported.insert(it->second).second) continue;
    add_issue(file, spec, *it->second, "valid_from", "overlapping_period",
              "overlaps unit " + other->code + " valid from " + other->valid_from,
              "end the earlier unit (valid_to) before the later one starts");
  }
}

void check_unit_links(ParsedFile& file, const RecordSpec& spec, const UnitIndex& all) {
  for (const ParsedRow& row : file.rows) {
    const Unit u = unit_from_record(row.record);
    if (!u.parent.empty() && !u.valid_from.empty() && all.valid_on(u.parent, u.valid_from) == nullptr)
      add_issue(file, spec, row, "parent", "unknown_unit", "no unit with this code on " + u.valid_from);
    if (!u.merged_into.empty() && !u.valid_to.empty() &&
        all.valid_on(u.merged_into, common::next_day(u.valid_to)) == nullptr)
      add_issue(file, spec, row, "merged_into", "unknown_unit",
                "no unit with this code on " + common::next_day(u.valid_to), "import the successor unit too");
  }
}

// --- entities and systems: references ----------------------------------------

// Resolves a province reference to a stored province-level unit, or reports it.
const Unit* province_ref(ParsedFile& file, const RecordSpec& spec, const ParsedRow& row, const UnitIndex& units,
                         const std::string& code) {
  const Unit* unit = units.resolve(code, common::today());
  if (unit == nullptr) {
    add_issue(file, spec, row, "province", "unknown_unit", "no such province", "import units first");
  } else if (!unit->is_province_level()) {
    add_issue(file, spec, row, "province", "not_a_province", "unit " + code + " is a " + unit->kind);
    return nullptr;
  }
  return unit;
}

void check_entity_parents(ParsedFile& file, const RecordSpec& spec,
                          const std::unordered_map<std::string, Record>& existing) {
  std::unordered_map<std::string, std::string> parent_of;
  for (const auto& [code, record] : existing) parent_of[code] = record[3].value_or("");
  for (const ParsedRow& row : file.rows) parent_of[value(row.record, spec, "code")] = value(row.record, spec, "parent");
  for (const ParsedRow& row : file.rows) {
    const std::string code = value(row.record, spec, "code");
    std::string parent = value(row.record, spec, "parent");
    if (parent.empty()) continue;
    if (parent_of.count(parent) == 0) {
      add_issue(file, spec, row, "parent", "unknown_entity", "no entity with this code",
                "add the parent entity to this file or import it first");
      continue;
    }
    for (std::size_t steps = 0; !parent.empty() && steps <= parent_of.size(); ++steps) {
      if (parent == code) {
        add_issue(file, spec, row, "parent", "cycle", "an entity cannot be under itself");
        break;
      }
      parent = parent_of[parent];
    }
  }
}

// An enterprise is identified by its tax code; other kinds keep the general
// agency-code rules. Skipped when the code or kind was already refused.
void check_enterprise_code(ParsedFile& file, const RecordSpec& spec, const ParsedRow& row) {
  const std::size_t code = spec.index("code");
  if (value(row.record, spec, "kind") != "enterprise" || !row.record[code] || row.invalid[code]) return;
  if (auto problem = check_tax_code(*row.record[code])) add_issue(file, spec, row, "code", "not_a_tax_code", *problem);
}

void check_email(ParsedFile& file, const RecordSpec& spec, const ParsedRow& row) {
  const std::string email = value(row.record, spec, "contact_email");
  const auto at = email.find('@');
  if (!email.empty() && (at == 0 || at == std::string::npos || email.find('.', at) == std::string::npos ||
                         email.find(' ') != std::string::npos))
    add_issue(file, spec, row, "contact_email", "bad_email", "not an email address");
}

}  // namespace

ImportSummary import_units(schema::Database& db, std::istream& in, const ImportOptions& options) {
  const RecordSpec& spec = unit_spec();
  ParsedFile file = detail::parse_file(in, spec, options.progress);
  schema::WriteTransaction tx(db);
  auto existing =
      detail::load_records(db, spec, std::string("SELECT ") + sql::kUnitRecordColumns + sql::kUnitRecordsFrom);
  std::unordered_map<std::string, Record> universe = existing;  // stored units as the file leaves them
  for (const ParsedRow& row : file.rows) universe[spec.key(row.record)] = row.record;
  std::vector<Unit> units;
  for (const auto& [key, record] : universe) units.push_back(unit_from_record(record));
  const UnitIndex all(std::move(units));
  for (const ParsedRow& row : file.rows) check_unit_dates(file, spec, row);
  check_unit_overlaps(file, spec, all);
  check_unit_links(file, spec, all);

  detail::Staging staging{sql::kCreateUnitStage, "stage_units",
                          {"code", "name", "search_key", "kind", "valid_from", "valid_to", "parent_code",
                           "parent_from", "merged_code", "merged_from"},
                          {sql::kMergeUnits, sql::kIndexUnitStage, sql::kLinkUnits}, sql::kDropUnitStage, {}};
  staging.row = [&all](const ParsedRow& row) {
    const Unit u = unit_from_record(row.record);
    const Unit* parent = u.parent.empty() ? nullptr : all.valid_on(u.parent, u.valid_from);
    const Unit* merged = u.merged_into.empty() ? nullptr : all.valid_on(u.merged_into, common::next_day(u.valid_to));
    return Cells{u.code, u.name, search_key(u.name), u.kind, u.valid_from, opt(u.valid_to),
                 parent ? opt(parent->code) : std::nullopt, parent ? opt(parent->valid_from) : std::nullopt,
                 merged ? opt(merged->code) : std::nullopt, merged ? opt(merged->valid_from) : std::nullopt};
  };
  return detail::finish_import(db, tx, spec, file, existing, options, staging);
}

ImportSummary import_entities(schema::Database& db, std::istream& in, const ImportOptions& options) {
  const RecordSpec& spec = entity_spec();
  ParsedFile file = detail::parse_file(in, spec, options.progress);
  schema::WriteTransaction tx(db);
  auto existing = detail::load_records(db, spec, sql::kSelectEntityRecords);
  const UnitIndex units = load_units(db);
  std::unordered_map<std::string, const Unit*> province;  // by entity code
  for (const ParsedRow& row : file.rows) {
    check_enterprise_code(file, spec, row);
    check_email(file, spec, row);
    const std::string code = value(row.record, spec, "province");
    if (!code.empty()) province[value(row.record, spec, "code")] = province_ref(file, spec, row, units, code);
  }
  check_entity_parents(file, spec, existing);

  detail::Staging staging{sql::kCreateEntityStage, "stage_entities",
                          {"code", "name", "search_key", "kind", "parent_code", "unit_code", "unit_from",
                           "contact_name", "contact_email", "contact_phone"},
                          {sql::kMergeEntities, sql::kIndexEntityStage, sql::kLinkEntities}, sql::kDropEntityStage, {}};
  staging.row = [&spec, &province](const ParsedRow& row) {
    const Record& r = row.record;
    auto it = province.find(value(r, spec, "code"));
    const Unit* unit = it == province.end() ? nullptr : it->second;
    return Cells{r[0], r[1], search_key(value(r, spec, "name")), r[2], r[3],
                 unit ? opt(unit->code) : std::nullopt, unit ? opt(unit->valid_from) : std::nullopt,
                 r[5], r[6], r[7]};
  };
  return detail::finish_import(db, tx, spec, file, existing, options, staging);
}

}  // namespace syscensus::registry
