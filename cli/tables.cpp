#include "cli/tables.hpp"

#include <map>
#include <set>

#include "common/date.hpp"
#include "common/error.hpp"
#include "registry/specs.hpp"
#include "registry/units.hpp"

namespace syscensus::cli {
namespace {

using Cell = std::optional<std::string>;

Column::Type column_type(registry::FieldType type) {
  switch (type) {
    case registry::FieldType::integer: return Column::Type::integer;
    case registry::FieldType::boolean: return Column::Type::boolean;
    case registry::FieldType::choices: return Column::Type::list;
    default: return Column::Type::text;
  }
}

std::vector<Column> spec_columns(const registry::RecordSpec& spec, const std::set<std::string>& in_table) {
  std::vector<Column> columns;
  for (const auto& f : spec.fields) columns.push_back({f.name, column_type(f.type), in_table.count(f.name) > 0});
  return columns;
}

// The group a system falls in for `field`; province groups by today's province.
std::string group_of(const registry::SystemView& s, const std::string& field) {
  if (field == "province") return s.current_province;
  const auto& spec = registry::system_spec();
  return s.record[spec.index(field)].value_or("");
}

void check_group_field(const std::string& field) {
  static const std::set<std::string> allowed = {"province", "level", "category", "dossier_status", "lifecycle",
                                                "hosting", "owner", "shared_scope", "internet_facing"};
  if (allowed.count(field) == 0)
    throw common::InvalidInput("cannot count by \"" + field +
                               "\"; use province, level, category, dossier_status, lifecycle, hosting, owner,"
                               " shared_scope or internet_facing");
}

}  // namespace

Table systems_table(const std::vector<registry::SystemView>& systems, bool detail) {
  const auto& spec = registry::system_spec();
  Table table{spec_columns(spec, {"code", "name", "province", "category", "level", "dossier_status", "lifecycle"}), {}};
  // Derived columns: in JSON, not in CSV, so a CSV export is an import file.
  table.columns.push_back({"owner_name", Column::Type::text, false, false});
  table.columns.push_back({"province_name", Column::Type::text, false, false});
  table.columns.push_back({"current_province", Column::Type::text, false, false});
  if (detail) {
    table.columns.push_back({"retire_reason", Column::Type::text, false, false});
    table.columns.push_back({"version", Column::Type::integer, false, false});
  }
  for (const auto& s : systems) {
    std::vector<Cell> row(s.record.begin(), s.record.end());
    row.push_back(s.owner_name);
    row.push_back(s.province_name);
    row.push_back(s.current_province);
    if (detail) {
      row.push_back(s.retire_reason.empty() ? Cell() : Cell(s.retire_reason));
      row.push_back(std::to_string(s.version));
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

Table count_table(schema::Database& db, const std::vector<registry::SystemView>& systems, const std::string& by,
                  const std::string& across) {
  check_group_field(by);
  if (!across.empty()) check_group_field(across);
  std::map<std::string, std::map<std::string, long long>> counts;
  std::set<std::string> columns;
  for (const auto& s : systems) {
    const std::string col = across.empty() ? "systems" : group_of(s, across);
    ++counts[group_of(s, by)][col];
    columns.insert(col);
  }
  const bool named = by == "province";
  Table table{{{by}}, {}};
  if (named) table.columns.push_back({"name"});
  for (const auto& c : columns) table.columns.push_back({c.empty() ? "(none)" : c, Column::Type::integer});
  if (!across.empty()) table.columns.push_back({"total", Column::Type::integer});
  const registry::UnitIndex units = named ? registry::load_units(db) : registry::UnitIndex({});
  std::map<std::string, long long> totals;
  for (const auto& [key, per_column] : counts) {
    std::vector<Cell> row{key.empty() ? "(none)" : key};
    if (named) {
      const auto* unit = units.valid_on(key, common::today());
      row.push_back(unit ? Cell(unit->name) : Cell());
    }
    long long total = 0;
    for (const auto& c : columns) {
      auto it = per_column.find(c);
      const long long n = it == per_column.end() ? 0 : it->second;
      row.push_back(std::to_string(n));
      total += n;
      totals[c] += n;
    }
    if (!across.empty()) row.push_back(std::to_string(total));
    table.rows.push_back(std::move(row));
  }
  std::vector<Cell> total_row{"total"};
  if (named) total_row.push_back(Cell());
  for (const auto& c : columns) total_row.push_back(std::to_string(totals[c]));
  if (!across.empty()) total_row.push_back(std::to_string(systems.size()));
  table.rows.push_back(std::move(total_row));
  return table;
}

Table entities_table(const std::vector<registry::EntityView>& entities) {
  Table table{spec_columns(registry::entity_spec(), {"code", "name", "kind", "parent", "province"}), {}};
  table.columns.push_back({"parent_name", Column::Type::text, false});
  table.columns.push_back({"children", Column::Type::integer, true});
  table.columns.push_back({"systems", Column::Type::integer, true});
  for (const auto& e : entities) {
    std::vector<Cell> row(e.record.begin(), e.record.end());
    row.push_back(e.parent_name.empty() ? Cell() : Cell(e.parent_name));
    row.push_back(std::to_string(e.children));
    row.push_back(std::to_string(e.systems));
    table.rows.push_back(std::move(row));
  }
  return table;
}

Table changes_table(const std::vector<schema::ChangeEntry>& entries) {
  Table table{{{"seq", Column::Type::integer}, {"at"}, {"actor"}, {"kind"}, {"code"}, {"op"}, {"source"},
               {"source_row", Column::Type::integer}, {"before", Column::Type::json, false},
               {"after", Column::Type::json, false}},
              {}};
  for (const auto& e : entries) {
    const auto& c = e.change;
    table.rows.push_back({std::to_string(e.seq), e.at, e.actor, c.kind, c.code, c.op, c.source,
                          c.source_row ? Cell(std::to_string(*c.source_row)) : Cell(), c.before, c.after});
  }
  return table;
}

}  // namespace syscensus::cli
