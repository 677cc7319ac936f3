#pragma once
// Administrative units over time: the same code can name different units
// before and after a merger, so a reference by code is resolved against a date,
// and old units roll up into their successors through merged_into links.
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "registry/record.hpp"
#include "schema/database.hpp"
#include "schema/query.hpp"

namespace syscensus::registry {

/// One unit, fields as in unit_spec() (empty text for absent values).
struct Unit {
  std::string code, name, kind, parent, valid_from, valid_to, merged_into;
  long long id = 0;  ///< the stored unit's id; 0 for one not read from the database
  std::string key() const { return code + "@" + valid_from; }
  bool valid_on(const std::string& date) const;
  bool is_province_level() const { return kind == "province" || kind == "city"; }
};

/// Converts a record of unit_spec() into a Unit.
Unit unit_from_record(const Record& record);

/// Every unit, indexed by code, answering the questions above. Pure: no database.
class UnitIndex {
 public:
  explicit UnitIndex(std::vector<Unit> units);

  /// The unit with `code` valid on `date`, or nullptr.
  const Unit* valid_on(const std::string& code, const std::string& date) const;
  /// What a reference by code means on `date`: the unit valid then, else the
  /// latest unit with that code (a unit since merged away), or nullptr.
  const Unit* resolve(const std::string& code, const std::string& date) const;
  /// The unit that stands for `unit` now, following merged_into links.
  const Unit& successor(const Unit& unit) const;
  /// The unit that stands now for what `code` means on `date` (resolve(), then
  /// successor()), or nullptr for an unknown code: an old province code gives
  /// the province it became part of.
  const Unit* stands_for(const std::string& code, const std::string& date) const;
  /// Every unit whose successor is `target` (target included).
  std::vector<const Unit*> rolled_into(const Unit& target) const;
  /// The stored unit with `id`, or nullptr.
  const Unit* by_id(long long id) const;
  const std::vector<Unit>& all() const { return units_; }

 private:
  std::vector<Unit> units_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_code_;  // indexes into units_, by valid_from
  std::unordered_map<long long, std::size_t> by_id_;
};

/// SQL condition `column IN (...)` matching every unit that rolls up into the
/// province `code` names today (an old code means its successor); appends
/// its parameters. Throws InvalidInput for an unknown code.
std::string province_condition(const UnitIndex& units, const std::string& code, const std::string& column,
                               std::vector<schema::Param>& params);

/// Loads every stored unit, with its id.
UnitIndex load_units(schema::Database& db);

/// A unit index shared between threads, and the change marker it was loaded at.
struct UnitsSnapshot {
  std::shared_ptr<const UnitIndex> index;
  std::string marker;
};

/// A SQL expression (one text value) that differs whenever the units may have
/// changed: every write appends to the change log, so its last sequence number
/// moves (the last unit id is added for units written without it).
extern const char* const kUnitsMarkerSql;

/// The units of `db` as they are now: kept per database URL for the whole
/// process and reloaded only when kUnitsMarkerSql has moved (one small query
/// otherwise). Throws what the database throws.
UnitsSnapshot current_units(schema::Database& db);

/// The kept units of `db` without asking whether they are current (loaded when
/// there are none): for a query that reads kUnitsMarkerSql itself and then
/// calls units_at() with what it read.
UnitsSnapshot cached_units(schema::Database& db);

/// The units at `marker` as read by the caller: the kept ones when the marker
/// matches, else reloaded.
UnitsSnapshot units_at(schema::Database& db, const std::string& marker);

}  // namespace syscensus::registry
