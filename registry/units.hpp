#pragma once
// Administrative units over time: the same code can name different units
// before and after a merger, so a reference by code is resolved against a date,
// and old units roll up into their successors through merged_into links.
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
  /// Every unit whose successor is `target` (target included).
  std::vector<const Unit*> rolled_into(const Unit& target) const;
  const std::vector<Unit>& all() const { return units_; }

 private:
  std::vector<Unit> units_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_code_;  // indexes into units_, by valid_from
};

/// SQL condition `column IN (...)` matching every unit that rolls up into the
/// province `code` names today (an old code means its successor); appends
/// its parameters. Throws InvalidInput for an unknown code.
std::string province_condition(const UnitIndex& units, const std::string& code, const std::string& column,
                               std::vector<schema::Param>& params);

/// Loads every stored unit.
UnitIndex load_units(schema::Database& db);

}  // namespace syscensus::registry
