#include "registry/units.hpp"

#include <algorithm>
#include <map>
#include <mutex>

#include "common/date.hpp"
#include "common/error.hpp"
#include "registry/import_engine.hpp"
#include "registry/specs.hpp"
#include "registry/sql.hpp"
#include "schema/query.hpp"

namespace syscensus::registry {

bool Unit::valid_on(const std::string& date) const {
  return valid_from <= date && (valid_to.empty() || date <= valid_to);
}

Unit unit_from_record(const Record& r) {
  auto text = [&r](std::size_t i) { return r[i].value_or(""); };
  return {text(0), text(1), text(2), text(3), text(4), text(5), text(6)};
}

UnitIndex::UnitIndex(std::vector<Unit> units) : units_(std::move(units)) {
  std::sort(units_.begin(), units_.end(), [](const Unit& a, const Unit& b) {
    return a.code != b.code ? a.code < b.code : a.valid_from < b.valid_from;
  });
  for (std::size_t i = 0; i < units_.size(); ++i) {
    by_code_[units_[i].code].push_back(i);
    if (units_[i].id != 0) by_id_.emplace(units_[i].id, i);
  }
}

const Unit* UnitIndex::by_id(long long id) const {
  const auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &units_[it->second];
}

const Unit* UnitIndex::valid_on(const std::string& code, const std::string& date) const {
  auto it = by_code_.find(code);
  if (it == by_code_.end()) return nullptr;
  for (std::size_t i : it->second)
    if (units_[i].valid_on(date)) return &units_[i];
  return nullptr;
}

const Unit* UnitIndex::resolve(const std::string& code, const std::string& date) const {
  if (const Unit* u = valid_on(code, date)) return u;
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &units_[it->second.back()];  // sorted by valid_from: the latest
}

const Unit& UnitIndex::successor(const Unit& unit) const {
  const Unit* current = &unit;
  // Bounded walk: a malformed cycle of merges cannot loop forever.
  for (std::size_t step = 0; step < units_.size() && !current->merged_into.empty(); ++step) {
    if (current->valid_to.empty()) break;
    const Unit* next = valid_on(current->merged_into, common::next_day(current->valid_to));
    if (next == nullptr || next == current) break;
    current = next;
  }
  return *current;
}

const Unit* UnitIndex::stands_for(const std::string& code, const std::string& date) const {
  const Unit* unit = resolve(code, date);
  return unit == nullptr ? nullptr : &successor(*unit);
}

std::vector<const Unit*> UnitIndex::rolled_into(const Unit& target) const {
  std::vector<const Unit*> out;
  for (const Unit& u : units_)
    if (&successor(u) == &target) out.push_back(&u);
  return out;
}

std::string province_condition(const UnitIndex& units, const std::string& code, const std::string& column,
                               std::vector<schema::Param>& params) {
  const Unit* unit = units.stands_for(code, common::today());
  if (unit == nullptr) throw common::InvalidInput("unknown province \"" + code + "\"");
  std::string keys;
  for (const Unit* u : units.rolled_into(*unit)) {
    const std::string n = std::to_string(params.size());
    keys += std::string(keys.empty() ? "" : " OR ") + "(code = :c" + n + " AND valid_from = :f" + n + ")";
    params.push_back({"c" + n, u->code});
    params.push_back({"f" + n, u->valid_from});
  }
  return column + " IN (SELECT id FROM units WHERE " + keys + ")";
}

UnitIndex load_units(schema::Database& db) {
  std::vector<Unit> units;
  const std::size_t fields = unit_spec().fields.size();
  const std::string select = std::string("SELECT ") + sql::kUnitRecordColumns + ", u.id" + sql::kUnitRecordsFrom;
  schema::for_each_row(db.session(), select, fields + 1, {}, [&](const schema::Row& row) {
    Unit unit = unit_from_record(row);
    unit.id = std::stoll(row[fields].value_or("0"));
    units.push_back(std::move(unit));
  });
  return UnitIndex(std::move(units));
}


const char* const kUnitsMarkerSql =
    "(CAST(COALESCE((SELECT max(seq) FROM changes), 0) AS TEXT) || ':' ||"
    " CAST(COALESCE((SELECT max(id) FROM units), 0) AS TEXT))";

namespace {

std::mutex g_units_mutex;
std::map<std::string, UnitsSnapshot> g_units;  // by database URL

std::string read_marker(schema::Database& db) {
  const auto rows = schema::fetch_rows(db.session(), std::string("SELECT ") + kUnitsMarkerSql, 1);
  return rows.empty() ? "" : rows[0][0].value_or("");
}

// Callers read the marker before the units are loaded here: a change in between leaves a kept
// marker older than the units, so the next check reloads once more, never the other way round.
UnitsSnapshot reload(schema::Database& db, const std::string& marker) {
  UnitsSnapshot fresh{std::make_shared<const UnitIndex>(load_units(db)), marker};
  std::lock_guard<std::mutex> lock(g_units_mutex);
  g_units[db.display_url()] = fresh;
  return fresh;
}

}  // namespace

UnitsSnapshot cached_units(schema::Database& db) {
  {
    std::lock_guard<std::mutex> lock(g_units_mutex);
    const auto it = g_units.find(db.display_url());
    if (it != g_units.end()) return it->second;
  }
  const std::string marker = read_marker(db);
  return reload(db, marker);
}

UnitsSnapshot units_at(schema::Database& db, const std::string& marker) {
  {
    std::lock_guard<std::mutex> lock(g_units_mutex);
    const auto it = g_units.find(db.display_url());
    if (it != g_units.end() && it->second.marker == marker) return it->second;
  }
  return reload(db, marker);
}

UnitsSnapshot current_units(schema::Database& db) { return units_at(db, read_marker(db)); }

}  // namespace syscensus::registry
