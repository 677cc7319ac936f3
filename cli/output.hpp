#pragma once
// Rendering results the same way for every command: an aligned table that
// fits the terminal, spreadsheet-safe CSV, or stable JSON.
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace syscensus::cli {

enum class Format { table, csv, json };

/// Parses table|csv|json; throws InvalidInput otherwise.
Format parse_format(const std::string& name);

struct Column {
  enum class Type { text, integer, number, boolean, list, json };
  std::string name;
  Type type = Type::text;
  bool in_table = true;  ///< shown in table format
  bool in_csv = true;    ///< written in CSV (derived columns are left out so an export imports back)
};

/// Rows of text cells; nullopt is empty (null in JSON). Boolean cells are "1"/"0",
/// list cells are "a|b".
struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

/// One record shown as a two-column (field, value) table, for `show` commands.
Table vertical(const Table& single_row);

/// Writes the table; `width` is the terminal width for table format (0: no limit).
void render(const Table& table, Format format, std::ostream& out, std::size_t width = 0);

/// A table written a row at a time, as render() writes it: CSV and JSON rows go
/// out as they come, so a listing of any length holds one row. Table format needs
/// every row for its column widths and keeps them (only the cells it shows)
/// until finish().
class TableWriter {
 public:
  TableWriter(std::vector<Column> columns, Format format, std::ostream& out, std::size_t width = 0);
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;

  void row(std::vector<std::optional<std::string>> cells);
  /// Ends the output (the closing bracket in JSON, the whole table in table format).
  void finish();

 private:
  void csv_header();

  Table held_;  // the columns, and in table format the rows
  Format format_;
  std::ostream& out_;
  std::size_t width_;
  std::size_t rows_ = 0;
  std::vector<std::string> cells_;  // a CSV row, reused
};

/// The width of the terminal on standard output, 0 when it is not a terminal.
std::size_t terminal_width();

/// Writes `content` to the file `path` through a temporary file in the same
/// folder, synced and then renamed into place: a failure (or a crash) never
/// leaves a partial file at `path`, and an existing file stays whole until the
/// new one replaces it. A path that exists but is no regular file (a terminal,
/// a pipe, /dev/full) is written directly. Throws StorageError naming the path
/// and the cause (e.g. "No space left on device").
void write_output_file(const std::string& path, std::string_view content);

/// Sends std::cout straight to standard output, keeping the first write error
/// for finish_standard_output. Call once, first thing in main.
void capture_standard_output();

/// Flushes standard output; throws StorageError with the cause if anything
/// written to it was lost (a full disk, a closed pipe).
void finish_standard_output();

}  // namespace syscensus::cli
