// Fuzz target for common::CsvReader: arbitrary bytes are read to the end,
// once with the default limits and once with tight limits derived from the
// input. Properties checked (each aborts on violation):
// - limits hold: no record wider than max_columns, no field over
//   max_field_bytes, no record's fields together over max_record_bytes;
// - positions make sense: rows and lines strictly increase, a record's line
//   is at least its row and within the file; header names are trimmed;
// - a record whose width differs from the header's comes with a ragged_row
//   issue for that row, and blank records are never returned;
// - reading stops only with a fatal issue, and otherwise consumes every byte;
// - every issue has a code and a message, and format_issue renders it as
//   valid UTF-8 without control characters (it is printed to terminals);
// - re-reading what was read, written back with every value quoted, gives
//   the same header and records (the reader loses nothing it returns).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/csv.hpp"
#include "common/text.hpp"
#include "fuzz_check.hpp"

namespace {

using syscensus::common::CsvLimits;
using syscensus::common::CsvReader;
using syscensus::common::CsvRecord;
using syscensus::common::Issue;

struct Result {
  std::vector<std::string> header;
  char delimiter = 0;
  std::vector<CsvRecord> records;
  std::vector<Issue> issues;
  bool failed = false;
};

const std::set<std::string> kFatal = {"utf16",           "empty_file",     "ambiguous_delimiter",
                                      "unterminated_quote", "record_too_long", "field_too_long",
                                      "too_many_columns"};

bool printable_utf8(const std::string& text) {
  if (syscensus::common::invalid_utf8_offset(text)) return false;
  return std::none_of(text.begin(), text.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7F;
  });
}

bool has_issue(const std::vector<Issue>& issues, const std::string& code, std::size_t row) {
  return std::any_of(issues.begin(), issues.end(),
                     [&](const Issue& i) { return i.code == code && i.row == row; });
}

Result read_all(const std::string& input, const CsvLimits& limits) {
  std::istringstream in(input);
  CsvReader reader(in, limits);
  Result r;
  r.header = reader.header();
  r.delimiter = reader.delimiter();
  CsvRecord record;
  while (reader.next(record)) r.records.push_back(record);
  FUZZ_CHECK(!reader.next(record));  // the end stays the end
  r.issues = reader.issues();
  r.failed = reader.failed();
  FUZZ_CHECK(reader.bytes_read() <= input.size());
  if (!r.failed) FUZZ_CHECK(reader.bytes_read() == input.size());
  return r;
}

void check(const std::string& input, const CsvLimits& limits, const Result& r) {
  const auto lines = 1 + static_cast<std::size_t>(std::count(input.begin(), input.end(), '\n') +
                                                  std::count(input.begin(), input.end(), '\r'));
  if (r.header.empty()) FUZZ_CHECK(r.failed && r.records.empty());
  if (!r.header.empty()) FUZZ_CHECK(r.delimiter == ',' || r.delimiter == ';');
  FUZZ_CHECK(r.header.size() <= limits.max_columns);
  for (const auto& name : r.header) FUZZ_CHECK(syscensus::common::trim(name) == name);

  std::size_t last_row = 1;
  std::size_t last_line = 0;
  for (const auto& rec : r.records) {
    FUZZ_CHECK(rec.row > last_row && rec.line > last_line);
    FUZZ_CHECK(rec.line >= rec.row && rec.line <= lines);
    last_row = rec.row;
    last_line = rec.line;
    FUZZ_CHECK(!rec.fields.empty() && rec.fields.size() <= limits.max_columns);
    std::size_t bytes = 0;
    for (const auto& f : rec.fields) {
      FUZZ_CHECK(f.size() <= limits.max_field_bytes);
      bytes += f.size();
    }
    FUZZ_CHECK(bytes <= limits.max_record_bytes);
    FUZZ_CHECK(std::any_of(rec.fields.begin(), rec.fields.end(), [](const std::string& f) { return !f.empty(); }));
    FUZZ_CHECK((rec.fields.size() != r.header.size()) == has_issue(r.issues, "ragged_row", rec.row));
  }

  bool fatal = false;
  for (const auto& issue : r.issues) {
    FUZZ_CHECK(!issue.code.empty() && !issue.message.empty());
    FUZZ_CHECK(printable_utf8(syscensus::common::format_issue("f.csv", issue)));
    fatal = fatal || kFatal.count(issue.code) > 0;
  }
  FUZZ_CHECK(r.failed == fatal);
}

// The header and records written back as CSV, every value quoted, with a
// `sep=` line so the delimiter cannot be guessed differently.
std::string rewrite(const Result& r) {
  std::string out = std::string("sep=") + r.delimiter + "\r\n";
  auto row = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out += r.delimiter;
      out += '"';
      for (char c : fields[i]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
    out += "\r\n";
  };
  row(r.header);
  for (const auto& rec : r.records) row(rec.fields);
  return out;
}

// Issue codes, leaving out control characters in the header: trimming the
// names may remove them (a trailing vertical tab), so the re-read lacks them.
std::multiset<std::string> codes(const std::vector<Issue>& issues) {
  std::multiset<std::string> out;
  for (const auto& i : issues)
    if (!(i.code == "control_char" && i.row == 1)) out.insert(i.code);
  return out;
}

void check_reread(const Result& r) {
  if (r.failed) return;
  const std::string again = rewrite(r);
  const Result r2 = read_all(again, CsvLimits{});
  FUZZ_CHECK(!r2.failed);
  FUZZ_CHECK(r2.header == r.header && r2.delimiter == r.delimiter);
  FUZZ_CHECK(r2.records.size() == r.records.size());
  for (std::size_t i = 0; i < r.records.size(); ++i) FUZZ_CHECK(r2.records[i].fields == r.records[i].fields);
  // Quoting removes stray quotes; every other finding is about the values.
  auto expected = codes(r.issues);
  expected.erase("stray_quote");
  FUZZ_CHECK(codes(r2.issues) == expected);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);

  const Result r = read_all(input, CsvLimits{});
  check(input, CsvLimits{}, r);
  check_reread(r);

  std::uint32_t h = 2166136261u;  // FNV-1a: tight limits that vary with the input
  for (unsigned char c : input) h = (h ^ c) * 16777619u;
  const CsvLimits tight{1 + h % 32, 1 + (h >> 8) % 128, 1 + (h >> 16) % 8};
  check(input, tight, read_all(input, tight));
  return 0;
}
