#include "registry/import_engine.hpp"

#include <algorithm>

#include "common/csv.hpp"
#include "common/fault.hpp"
#include "common/text.hpp"
#include "schema/query.hpp"

namespace syscensus::registry::detail {
namespace {

std::string field_names(const RecordSpec& spec) {
  std::string names;
  for (const FieldSpec& f : spec.fields) names += (names.empty() ? "" : ", ") + f.name;
  return names;
}

// Maps header names to fields; reports unknown and missing columns.
void map_header(const std::vector<std::string>& header, const RecordSpec& spec, ParsedFile& file) {
  file.columns.assign(spec.fields.size(), 0);
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (header[c].empty()) continue;  // reported by the reader
    const std::string name = common::search_key(header[c]);
    auto it = std::find_if(spec.fields.begin(), spec.fields.end(),
                           [&name](const FieldSpec& f) { return f.name == name; });
    if (it == spec.fields.end()) {
      file.issues.push_back({1, c + 1, "", header[c], "unknown_column", "unknown column",
                             "expected columns: " + field_names(spec)});
    } else if (file.columns[static_cast<std::size_t>(it - spec.fields.begin())] == 0) {
      file.columns[static_cast<std::size_t>(it - spec.fields.begin())] = c + 1;
    }
  }
  for (std::size_t i = 0; i < spec.fields.size(); ++i) {
    if (spec.fields[i].required && file.columns[i] == 0) {
      file.issues.push_back({0, 0, "", std::nullopt, "missing_column",
                             "missing required column \"" + spec.fields[i].name + "\"", ""});
    }
  }
}

ParsedRow parse_record(const common::CsvRecord& rec, const RecordSpec& spec, ParsedFile& file) {
  ParsedRow row{rec.row, Record(spec.fields.size()), std::vector<bool>(spec.fields.size(), false)};
  for (std::size_t i = 0; i < spec.fields.size(); ++i) {
    const std::size_t col = file.columns[i];
    if (col == 0 || col > rec.fields.size()) continue;
    const std::string& raw = rec.fields[col - 1];
    if (common::invalid_utf8_offset(raw)) {  // the reader reported it
      row.invalid[i] = true;
      continue;
    }
    CellResult cell = parse_cell(spec.fields[i], raw);
    if (cell.issue) {
      common::Issue issue = *cell.issue;
      issue.row = rec.row;
      issue.col = col;
      issue.column = spec.fields[i].name;
      issue.value = std::string(common::trim(raw));
      file.issues.push_back(std::move(issue));
      row.invalid[i] = true;
    }
    row.record[i] = std::move(cell.value);
  }
  for (std::size_t i = 0; i < spec.fields.size(); ++i) {
    if (spec.fields[i].required && file.columns[i] != 0 && !row.record[i] &&
        file.columns[i] <= rec.fields.size() && common::trim(rec.fields[file.columns[i] - 1]).empty()) {
      file.issues.push_back({rec.row, file.columns[i], spec.fields[i].name, std::nullopt, "required",
                             "a value is required", ""});
    }
  }
  return row;
}

// Each key once per file: the row that names one again is reported.
void check_duplicate_key(const RecordSpec& spec, ParsedFile& file, const ParsedRow& row,
                         std::unordered_map<std::string, std::size_t>& first_row) {
  if (!row.record[0]) return;
  auto [it, inserted] = first_row.emplace(spec.key(row.record), row.row);
  if (!inserted) {
    add_issue(file, spec, row, spec.fields[0].name, "duplicate_key",
              "appears again (first on row " + std::to_string(it->second) + ")",
              "each " + spec.kind + " may appear once per file");
  }
}

}  // namespace

ParsedFile parse_file(std::istream& in, const RecordSpec& spec, const common::ProgressFn& progress,
                      const RowSink& sink) {
  ParsedFile file;
  common::CsvReader reader(in);
  common::ProgressTicker ticker(progress);
  if (!reader.failed() && !reader.header().empty()) map_header(reader.header(), spec, file);
  // Rows are still checked when some columns are unknown or missing: every problem at once.
  const bool header_ok = !reader.failed() && !reader.header().empty();
  common::CsvRecord rec;
  std::size_t last_row = 1;        // the header
  std::size_t reader_counted = 0;  // the reader's problems before this row (in row order)
  std::unordered_map<std::string, std::size_t> first_row;  // by key
  while (header_ok && reader.next(rec)) {
    const auto& read = reader.issues();
    while (reader_counted < read.size() && read[reader_counted].row < rec.row) ++reader_counted;
    if (file.issues.size() + reader_counted >= common::kMaxIssues) {
      file.stopped_after = last_row;  // rows are left: this one and any after it
      break;
    }
    ParsedRow row = parse_record(rec, spec, file);
    check_duplicate_key(spec, file, row, first_row);
    if (sink) {
      sink(file, row, reader.issues().empty());
    } else {
      file.rows.push_back(std::move(row));
    }
    last_row = rec.row;
    ticker.row([&reader] { return reader.bytes_read(); });
  }
  file.bytes = reader.bytes_read();
  file.issues.insert(file.issues.begin(), reader.issues().begin(), reader.issues().end());
  // The reader's problems with the row that was read but not checked.
  if (file.stopped_after != 0)
    std::erase_if(file.issues, [&](const common::Issue& i) { return i.row > file.stopped_after; });
  return file;
}

void add_issue(ParsedFile& file, const RecordSpec& spec, const ParsedRow& row, std::string_view field,
               std::string code, std::string message, std::string hint) {
  const std::size_t i = spec.index(field);
  file.issues.push_back({row.row, file.columns[i], std::string(field), row.record[i], std::move(code),
                         std::move(message), std::move(hint)});
}

std::unordered_map<std::string, Record> load_records(schema::Database& db, const RecordSpec& spec,
                                                     const std::string& sql, const std::vector<schema::Param>& params) {
  std::unordered_map<std::string, Record> records;
  schema::for_each_row(db.session(), sql, spec.fields.size(), params, [&](const schema::Row& row) {
    records.emplace(spec.key(row), row);
  });
  return records;
}

Plan make_plan(const RecordSpec& spec, const ParsedFile& file,
               const std::unordered_map<std::string, Record>& existing) {
  Plan plan;
  plan.summary.rows = file.rows.size();
  for (const ParsedRow& row : file.rows) {
    auto it = existing.find(spec.key(row.record));
    if (it == existing.end()) {
      plan.actions.push_back(Plan::Action::create);
      ++plan.summary.created;
    } else if (it->second != row.record) {
      plan.actions.push_back(Plan::Action::update);
      ++plan.summary.updated;
    } else {
      plan.actions.push_back(Plan::Action::unchanged);
      ++plan.summary.unchanged;
    }
  }
  return plan;
}

schema::Change record_change(const RecordSpec& spec, const ParsedRow& row, const Record* before,
                             const std::string& source) {
  schema::Change change{spec.kind, spec.key(row.record), before ? "update" : "create", source,
                        static_cast<long long>(row.row), std::nullopt, record_json(spec, row.record)};
  if (before) change.before = record_json(spec, *before);
  return change;
}

std::vector<schema::Change> plan_changes(const RecordSpec& spec, const ParsedFile& file, const Plan& plan,
                                         const std::unordered_map<std::string, Record>& existing,
                                         const std::string& source) {
  std::vector<schema::Change> changes;
  for (std::size_t i = 0; i < file.rows.size(); ++i) {
    if (plan.actions[i] == Plan::Action::unchanged) continue;
    const ParsedRow& row = file.rows[i];
    const bool update = plan.actions[i] == Plan::Action::update;
    schema::Change change = record_change(spec, row, update ? &existing.at(spec.key(row.record)) : nullptr, source);
    changes.push_back(std::move(change));
  }
  return changes;
}

void throw_if_issues(ParsedFile& file, const std::string& source) {
  if (file.issues.empty()) return;
  std::stable_sort(file.issues.begin(), file.issues.end(), [](const common::Issue& a, const common::Issue& b) {
    return a.row != b.row ? a.row < b.row : a.col < b.col;
  });
  // Problems found once the rows were read (an unknown owner, a unit) count towards the
  // limit too: only those up to the row of the kMaxIssues-th are reported.
  if (file.issues.size() > common::kMaxIssues) {
    const std::size_t last = file.issues[common::kMaxIssues - 1].row;
    if (file.issues.back().row > last) {
      std::erase_if(file.issues, [last](const common::Issue& i) { return i.row > last; });
      file.stopped_after = last;
    }
  }
  throw common::InvalidInput(common::refusal_message(source, file.issues.size(), file.stopped_after, "imported"),
                             file.issues);
}

}  // namespace syscensus::registry::detail

#include "schema/bulk.hpp"

namespace syscensus::registry::detail {

ImportSummary finish_import(schema::Database& db, schema::WriteTransaction& tx, const RecordSpec& spec,
                            ParsedFile& file, const std::unordered_map<std::string, Record>& existing,
                            const ImportOptions& options, const Staging& staging) {
  throw_if_issues(file, options.source);
  Plan plan = make_plan(spec, file, existing);
  plan.summary.dry_run = options.dry_run;
  if (options.dry_run || plan.summary.created + plan.summary.updated == 0) return plan.summary;
  if (options.progress) options.progress({"storing", file.rows.size(), file.bytes});

  schema::execute(db.session(), staging.create);
  schema::BulkWriter writer(db, staging.table, staging.columns);
  for (std::size_t i = 0; i < file.rows.size(); ++i) {
    if (plan.actions[i] != Plan::Action::unchanged) writer.add(staging.row(file.rows[i]));
  }
  writer.finish();
  for (const char* merge : staging.merges) schema::execute(db.session(), merge);
  schema::execute(db.session(), staging.drop);
  schema::append_changes(db, options.actor, plan_changes(spec, file, plan, existing, options.source));
  common::fault_point("import.before_commit");
  tx.commit();
  common::fault_point("import.after_commit");
  return plan.summary;
}

}  // namespace syscensus::registry::detail
