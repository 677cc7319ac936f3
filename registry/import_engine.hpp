#pragma once
// The parts every registry import shares: reading a CSV into records against
// a RecordSpec, comparing with what is stored, and writing changed records
// through a staging table and one set-based merge.
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/error.hpp"
#include "common/progress.hpp"
#include "registry/import.hpp"
#include "registry/record.hpp"
#include "schema/change_log.hpp"
#include "schema/database.hpp"
#include "schema/query.hpp"
#include "schema/transaction.hpp"

namespace syscensus::registry::detail {

struct ParsedRow {
  std::size_t row = 0;  ///< record number in the file (header = 1)
  Record record;
  std::vector<bool> invalid;  ///< per field: the cell had a value that did not parse

  /// True when the field was left empty (not when its value was invalid).
  bool empty(std::size_t field) const { return !record[field] && !invalid[field]; }
};

struct ParsedFile {
  std::vector<ParsedRow> rows;
  std::vector<common::Issue> issues;
  std::vector<std::size_t> columns;  ///< per field: its 1-based CSV column, 0 when absent
  std::uint64_t bytes = 0;           ///< bytes of the input read
  std::size_t stopped_after = 0;     ///< the last row checked when checking stopped (common::kMaxIssues)
};

/// Takes each row as it is read, instead of ParsedFile::rows keeping it; `read_cleanly` is false
/// once the reader has found a problem in the file (the sink sees the problems of the checks in
/// `file.issues`).
using RowSink = std::function<void(ParsedFile& file, ParsedRow& row, bool read_cleanly)>;

/// Reads every record, checking the header and each cell against the spec and
/// reporting duplicate keys, until the rows read hold common::kMaxIssues
/// problems. Never throws for bad data: problems go to issues (a sink's own
/// problems count towards the limit). `progress` is told of the rows read
/// (stage "reading").
ParsedFile parse_file(std::istream& in, const RecordSpec& spec, const common::ProgressFn& progress = {},
                      const RowSink& sink = {});

/// Records an issue at a field of a parsed row (the value is taken from the record).
void add_issue(ParsedFile& file, const RecordSpec& spec, const ParsedRow& row, std::string_view field,
               std::string code, std::string message, std::string hint = "");

/// Stored records by key, read with `sql` returning the spec's fields in order.
std::unordered_map<std::string, Record> load_records(schema::Database& db, const RecordSpec& spec,
                                                     const std::string& sql,
                                                     const std::vector<schema::Param>& params = {});

/// What an import will do with each parsed row.
struct Plan {
  enum class Action { create, update, unchanged };
  std::vector<Action> actions;  ///< parallel to ParsedFile::rows
  ImportSummary summary;
};

/// Compares each parsed record with the stored one of the same key.
Plan make_plan(const RecordSpec& spec, const ParsedFile& file,
               const std::unordered_map<std::string, Record>& existing);

/// The change-log entry of a row: created, or updated from `before`.
schema::Change record_change(const RecordSpec& spec, const ParsedRow& row, const Record* before,
                             const std::string& source);

/// Change-log entries for the created and updated rows.
std::vector<schema::Change> plan_changes(const RecordSpec& spec, const ParsedFile& file, const Plan& plan,
                                         const std::unordered_map<std::string, Record>& existing,
                                         const std::string& source);

/// Throws InvalidInput with every issue, sorted by row and column, when there are any.
void throw_if_issues(ParsedFile& file, const std::string& source);

}  // namespace syscensus::registry::detail

namespace syscensus::registry::detail {

/// How changed rows reach their table: a temporary staging table, then merges.
struct Staging {
  const char* create;
  std::string table;
  std::vector<std::string> columns;
  std::vector<const char*> merges;
  const char* drop;
  /// The staging row (one value per column) for a parsed row.
  std::function<std::vector<std::optional<std::string>>(const ParsedRow&)> row;
};

/// Throws on issues; otherwise, unless dry-run, tells options.progress of the
/// "storing" stage (rows read, bytes read) and writes the created and updated
/// rows and their change-log entries in `tx` (opened before `existing` was
/// read, so nothing changed in between) and commits. Returns the summary.
ImportSummary finish_import(schema::Database& db, schema::WriteTransaction& tx, const RecordSpec& spec,
                            ParsedFile& file, const std::unordered_map<std::string, Record>& existing,
                            const ImportOptions& options, const Staging& staging);

}  // namespace syscensus::registry::detail
