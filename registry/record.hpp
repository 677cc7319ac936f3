#pragma once
// A registry record as the outside world sees it: one canonical text value per
// field (codes, not internal ids), described by a RecordSpec. Parsing,
// comparing, staging and the change log all work from the same description.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace syscensus::registry {

enum class FieldType {
  text,     ///< free text, NFC-normalised
  code,     ///< an identifier checked by FieldSpec::check_code
  choice,   ///< one of FieldSpec::choices
  choices,  ///< a set of FieldSpec::choices, written a|b|c
  date,     ///< ISO text; input ISO or dd/mm/yyyy
  integer,  ///< decimal digits, within [min, max]
  boolean,  ///< stored "1"/"0"; input yes/no, true/false, 1/0, có/không
};

/// Returns an error message when `code` is not acceptable, nullopt when it is.
using CodeCheck = std::function<std::optional<std::string>(std::string_view code)>;

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::text;
  bool required = false;
  std::vector<std::string> choices = {};
  long long min = 0;
  long long max = 0;
  CodeCheck check_code = {};
  std::size_t max_length = 500;
};

/// A record: one value per field of its spec, in spec order; nullopt = empty.
using Record = std::vector<std::optional<std::string>>;

struct RecordSpec {
  std::string kind;  ///< change-log kind: "unit", "entity", "system"
  std::vector<FieldSpec> fields;

  /// Index of a field by name; throws std::out_of_range for a name not in the spec.
  std::size_t index(std::string_view name) const;
  /// The natural key of a record (the change-log code).
  std::function<std::string(const Record&)> key;
};

/// Parses one cell into its canonical value, or describes why it cannot.
/// An empty cell gives nullopt (a missing required value is the caller's check).
struct CellResult {
  std::optional<std::string> value;
  std::optional<common::Issue> issue;  ///< row/col left for the caller to fill
};
CellResult parse_cell(const FieldSpec& field, std::string_view raw);

/// The record as a JSON object (typed: integers as numbers, booleans as
/// true/false, sets as arrays), keys in spec order.
std::string record_json(const RecordSpec& spec, const Record& record);

/// Appends `text` (valid UTF-8) as a JSON string, escaped as nlohmann::json's
/// dump() escapes it.
void append_json_string(std::string& out, std::string_view text);

/// Exactly common::search_key(text), faster for the Vietnamese names of an
/// import: letters below U+0300 and in U+1E00-U+1EFF are folded through a
/// table (filled from common::search_key one letter at a time), any other text
/// goes to common::search_key.
std::string search_key(std::string_view text);

}  // namespace syscensus::registry
