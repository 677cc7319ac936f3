// Fuzz target for common::CsvWriter, the export side. The input is cut into
// cells: byte 0 picks the width (1-8 columns) and the delimiter, the rest is
// split at 0xFF bytes (never part of UTF-8 text). A header c1..cN and the
// rows are written, then read back with common::CsvReader. Properties (each
// aborts on violation), as csv.hpp promises:
// - the export reads back without a structural problem: same header and
//   delimiter, one record per row that is not entirely empty, each value
//   exactly the cell written, except that a formula-like cell (or one that
//   is apostrophes and then a formula) carries the apostrophe that
//   neutralises it;
// - no value read back would be run by a spreadsheet as a formula;
// - export then import gives back the data: a cell as the registry stores
//   text (valid UTF-8, NFC, trimmed, no control character), read back and
//   imported as a text field (registry::parse_cell), is the cell again;
// - the only issues are about the cells' own bytes (invalid UTF-8, control
//   characters), never quoting, width or delimiters.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "common/csv.hpp"
#include "common/text.hpp"
#include "fuzz_check.hpp"
#include "registry/record.hpp"

namespace {

using syscensus::common::CsvReader;
using syscensus::common::CsvRecord;
using syscensus::common::looks_like_formula;

std::vector<std::vector<std::string>> rows_from(const std::uint8_t* data, std::size_t size, std::size_t width) {
  std::vector<std::string> cells(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0xFF)
      cells.emplace_back();
    else
      cells.back().push_back(static_cast<char>(data[i]));
  }
  cells.resize((cells.size() + width - 1) / width * width);
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < cells.size(); i += width)
    rows.emplace_back(cells.begin() + static_cast<std::ptrdiff_t>(i),
                      cells.begin() + static_cast<std::ptrdiff_t>(i + width));
  return rows;
}

std::string neutralised(const std::string& cell) {
  const auto start = cell.find_first_not_of('\'');
  return start != std::string::npos && looks_like_formula(cell.substr(start)) ? "'" + cell : cell;
}

bool storable(const std::string& cell) {
  using namespace syscensus::common;
  if (cell.empty() || invalid_utf8_offset(cell) || trim(cell) != cell || nfc(cell) != cell) return false;
  return std::none_of(cell.begin(), cell.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7F;
  });
}

// Imported as a free-text registry field.
void check_import(const std::string& cell, const std::string& read_back) {
  if (!storable(cell)) return;
  syscensus::registry::FieldSpec field;
  field.name = "name";
  field.max_length = std::size_t{1} << 20;
  const auto imported = syscensus::registry::parse_cell(field, read_back);
  FUZZ_CHECK(!imported.issue && imported.value == cell);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // One column with ';' is left out: a reader cannot tell that delimiter from
  // a single header name (exports use ',').
  const std::size_t width = 1 + data[0] % 8;
  const char delimiter = (data[0] & 0x80) && width > 1 ? ';' : ',';
  const auto rows = rows_from(data + 1, size - 1, width);

  std::vector<std::string> header;
  for (std::size_t i = 1; i <= width; ++i) header.push_back("c" + std::to_string(i));
  std::ostringstream out;
  syscensus::common::CsvWriter writer(out, delimiter);
  writer.write_row(header);
  for (const auto& row : rows) writer.write_row(row);

  std::istringstream in(out.str());
  CsvReader reader(in);
  FUZZ_CHECK(reader.header() == header);
  FUZZ_CHECK(reader.delimiter() == delimiter);
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (reader.next(record)) records.push_back(record);
  FUZZ_CHECK(!reader.failed());
  for (const auto& issue : reader.issues()) FUZZ_CHECK(issue.code == "bad_utf8" || issue.code == "control_char");

  std::size_t r = 0;
  for (const auto& row : rows) {
    if (std::all_of(row.begin(), row.end(), [](const std::string& c) { return c.empty(); })) continue;
    FUZZ_CHECK(r < records.size());
    const auto& fields = records[r++].fields;
    FUZZ_CHECK(fields.size() == width);
    for (std::size_t c = 0; c < width; ++c) {
      FUZZ_CHECK(fields[c] == neutralised(row[c]));
      FUZZ_CHECK(!looks_like_formula(fields[c]));
      check_import(row[c], fields[c]);
    }
  }
  FUZZ_CHECK(r == records.size());
  return 0;
}
