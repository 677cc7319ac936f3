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

std::vector<Column> system_columns(bool detail) {
  auto columns = spec_columns(registry::system_spec(),
                              {"code", "name", "province", "category", "level", "dossier_status", "lifecycle"});
  // Derived columns: in JSON, not in CSV, so a CSV export is an import file.
  columns.push_back({"owner_name", Column::Type::text, false, false});
  columns.push_back({"province_name", Column::Type::text, false, false});
  columns.push_back({"current_province", Column::Type::text, false, false});
  if (detail) {
    columns.push_back({"retire_reason", Column::Type::text, false, false});
    columns.push_back({"version", Column::Type::integer, false, false});
  }
  return columns;
}

std::vector<Cell> system_row(const registry::SystemView& s, bool detail) {
  std::vector<Cell> row(s.record.begin(), s.record.end());
  row.push_back(s.owner_name);
  row.push_back(s.province_name);
  row.push_back(s.current_province);
  if (detail) {
    row.push_back(s.retire_reason.empty() ? Cell() : Cell(s.retire_reason));
    row.push_back(std::to_string(s.version));
  }
  return row;
}

Table systems_table(const std::vector<registry::SystemView>& systems, bool detail) {
  Table table{system_columns(detail), {}};
  for (const auto& s : systems) table.rows.push_back(system_row(s, detail));
  return table;
}

SystemCounts::SystemCounts(std::string by, std::string across) : by_(std::move(by)), across_(std::move(across)) {
  check_group_field(by_);
  if (!across_.empty()) check_group_field(across_);
}

void SystemCounts::add(const registry::SystemView& s) {
  std::string column = across_.empty() ? "systems" : group_of(s, across_);
  ++counts_[group_of(s, by_)][column];
  columns_.insert(std::move(column));
  ++systems_;
}

Table SystemCounts::table(schema::Database& db) const {
  const bool named = by_ == "province";
  Table table{{{by_}}, {}};
  if (named) table.columns.push_back({"name"});
  for (const auto& c : columns_) table.columns.push_back({c.empty() ? "(none)" : c, Column::Type::integer});
  if (!across_.empty()) table.columns.push_back({"total", Column::Type::integer});
  const registry::UnitIndex units = named ? registry::load_units(db) : registry::UnitIndex({});
  std::map<std::string, long long> totals;
  for (const auto& [key, per_column] : counts_) {
    std::vector<Cell> row{key.empty() ? "(none)" : key};
    if (named) {
      const auto* unit = units.valid_on(key, common::today());
      row.push_back(unit ? Cell(unit->name) : Cell());
    }
    long long total = 0;
    for (const auto& c : columns_) {
      auto it = per_column.find(c);
      const long long n = it == per_column.end() ? 0 : it->second;
      row.push_back(std::to_string(n));
      total += n;
      totals[c] += n;
    }
    if (!across_.empty()) row.push_back(std::to_string(total));
    table.rows.push_back(std::move(row));
  }
  std::vector<Cell> total_row{"total"};
  if (named) total_row.push_back(Cell());
  for (const auto& c : columns_) total_row.push_back(std::to_string(totals[c]));
  if (!across_.empty()) total_row.push_back(std::to_string(systems_));
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

std::vector<Column> change_columns() {
  return {{"seq", Column::Type::integer}, {"at"}, {"actor"}, {"kind"}, {"code"}, {"op"}, {"source"},
          {"source_row", Column::Type::integer}, {"before", Column::Type::json, false},
          {"after", Column::Type::json, false}};
}

std::vector<Cell> change_row(const schema::ChangeEntry& e) {
  const auto& c = e.change;
  return {std::to_string(e.seq), e.at, e.actor, c.kind, c.code, c.op, c.source,
          c.source_row ? Cell(std::to_string(*c.source_row)) : Cell(), c.before, c.after};
}

Table changes_table(const std::vector<schema::ChangeEntry>& entries) {
  Table table{change_columns(), {}};
  for (const auto& e : entries) table.rows.push_back(change_row(e));
  return table;
}

}  // namespace syscensus::cli
