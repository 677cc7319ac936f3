#pragma once
// CSV as spreadsheets write it: UTF-8 with or without BOM, comma or semicolon
// (or an Excel `sep=` line), CRLF/LF/CR, RFC 4180 quoting. Streaming: memory
// stays bounded by the longest record, whatever the file size.
#include <cstddef>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "common/error.hpp"

namespace syscensus::common {

/// Limits that keep a hostile file from growing memory.
struct CsvLimits {
  std::size_t max_field_bytes = 64 * 1024;
  std::size_t max_record_bytes = 1024 * 1024;
  std::size_t max_columns = 4096;
};

/// One data record with its position in the file.
struct CsvRecord {
  std::size_t row = 0;   ///< record number, header = 1 (what a spreadsheet shows)
  std::size_t line = 0;  ///< physical line where the record starts
  std::vector<std::string> fields;
};

/// Reads a CSV stream record by record, collecting every problem as an Issue.
/// Problems in one record (invalid UTF-8, control characters, ragged rows) are
/// recorded and reading goes on; problems that make the rest unreadable
/// (UTF-16, unterminated quote, a field over the limit) end reading.
class CsvReader {
 public:
  /// Reads the header. Header problems (empty file, ambiguous delimiter,
  /// empty or duplicate names) land in issues(); header() is empty when unusable.
  CsvReader(std::istream& in, CsvLimits limits = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  const std::vector<std::string>& header() const;
  char delimiter() const;
  /// Next non-blank data record; false at the end or after a fatal problem.
  bool next(CsvRecord& record);
  /// Every problem found so far, in file order.
  const std::vector<Issue>& issues() const;
  /// True once a problem stopped reading.
  bool failed() const;
  /// Bytes consumed so far (for progress reporting).
  std::size_t bytes_read() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// True when a cell would be taken as a formula by a spreadsheet
/// (starts with = + - @, tab or carriage return).
bool looks_like_formula(const std::string& cell);

/// Writes RFC 4180 CSV (CRLF, quoting when needed), neutralising cells that a
/// spreadsheet would run as formulas by prefixing an apostrophe.
class CsvWriter {
 public:
  explicit CsvWriter(std::ostream& out, char delimiter = ',');
  void write_row(const std::vector<std::string>& cells);

 private:
  std::ostream& out_;
  char delimiter_;
};

}  // namespace syscensus::common
