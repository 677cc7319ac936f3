// Systems are imported as they are read, not held. Each row is checked as it
// is read; then, a chunk of kChunkRows rows at a time, the stored systems of
// the chunk's codes are fetched in one query, the rows are compared with them
// and, while the file has no problem, written with their change-log entries.
// The chunks go through a pipeline of two threads: this one reads and checks
// the next chunk while another, alone on the connection, compares and writes
// the one before. New systems go straight into `systems` on PostgreSQL, by
// COPY; changed ones, and on SQLite all, go to a stage merged once the file is
// read (on SQLite a statement per row into `systems` keeps a statement journal
// per row; one INSERT ... SELECT does not: bench/README.md, "Systems import").
// Memory follows the chunk, not the file or the registry. A problem anywhere
// rolls back everything written; checking goes on to report every problem.
#include <future>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/date.hpp"
#include "common/error.hpp"
#include "common/fault.hpp"
#include "common/text.hpp"
#include "registry/import.hpp"
#include "registry/import_engine.hpp"
#include "registry/specs.hpp"
#include "registry/sql.hpp"
#include "registry/units.hpp"
#include "schema/bulk.hpp"
#include "schema/query.hpp"

namespace syscensus::registry {
namespace {

using detail::add_issue;
using detail::ParsedFile;
using detail::ParsedRow;
using Cells = std::vector<std::optional<std::string>>;

// Rows checked against the stored systems, and written, at a time.
constexpr std::size_t kChunkRows = 5'000;

std::vector<std::string> system_columns() {
  std::vector<std::string> columns;
  const std::string_view list = sql::kSystemColumns;
  for (std::size_t start = 0; start < list.size();) {
    std::size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    columns.emplace_back(common::trim(list.substr(start, end - start)));
    start = end + 1;
  }
  return columns;
}

// Rows read and checked, with their province, waiting to be compared with what is stored.
using Chunk = std::vector<std::pair<ParsedRow, const Unit*>>;

struct EntityRef {
  std::string id;
  std::string province;  // unit code, empty when none
};

class SystemImport {
 public:
  /// With `only`, the entities it names are all that is loaded (one system saved, not a file).
  SystemImport(schema::Database& db, const ImportOptions& options, const Record* only = nullptr);

  /// Throws StaleVersion unless the stored system `code` is at `version` (0: not stored).
  void check_version(const std::string& code, long long version);
  /// Checks a row; with the chunk it completes, compares the rows with what is stored, counts
  /// them and, while the file is clean and not a dry run, writes them.
  void add(ParsedFile& file, ParsedRow& row, bool read_cleanly);
  /// Throws InvalidInput for the file's problems; otherwise writes what is left and commits.
  ImportSummary finish(ParsedFile& file);

 private:
  std::string get(const Record& r, std::string_view field) const { return r[spec_.index(field)].value_or(""); }
  void check_entities(ParsedFile& file, const ParsedRow& row) const;
  const Unit* resolve_province(ParsedFile& file, ParsedRow& row) const;
  void check_dossier(ParsedFile& file, const ParsedRow& row) const;
  void check_lifecycle(ParsedFile& file, const ParsedRow& row) const;
  bool in_scope(const Record& r) const;
  void check_scope(std::vector<common::Issue>& issues, const ParsedFile& file, const ParsedRow& row,
                   const Record* stored) const;
  std::vector<common::Issue> check_chunk(const ParsedFile& file, const Chunk& chunk, bool clean);
  void hand_over(ParsedFile& file);
  void collect(ParsedFile& file);
  Cells stored_cells(const Record& r, const Unit& unit) const;
  void write(const ParsedRow& row, const Unit& unit, const Record* before);
  void create_stage();
  void end_chunk();
  void stop_writing();

  schema::Database& db_;
  const ImportOptions& options_;
  const RecordSpec& spec_;
  const std::string today_;
  schema::WriteTransaction tx_;  // before the reads below: nothing changes under them
  const UnitIndex units_;
  std::unordered_map<std::string, EntityRef> entities_;   // by code
  std::unordered_set<std::string> ministry_owners_;      // ministry scope: entity codes in its subtree
  std::string province_;                                 // province scope: the province it stands for now
  const std::vector<std::string> columns_ = system_columns();
  const std::string at_ = common::now_utc();  // one stamp for the import's change-log entries
  const bool sqlite_;
  bool read_cleanly_ = true;
  Chunk chunk_;  // being read
  // The storing thread's, while a chunk is with it (stored_):
  bool writing_;
  bool staged_ = false;                     // the stage exists
  std::optional<schema::BulkWriter> rows_;  // PostgreSQL: new systems into `systems`; SQLite: all into the stage
  std::vector<Cells> updated_;              // PostgreSQL: the chunk's changed systems, for the stage
  std::vector<schema::Change> changes_;     // the chunk's
  ImportSummary summary_;
  // The chunk before, being compared and written; the problems it found. Last: waited for first.
  std::future<std::vector<common::Issue>> stored_;
};

SystemImport::SystemImport(schema::Database& db, const ImportOptions& options, const Record* only)
    : db_(db),
      options_(options),
      spec_(system_spec()),
      today_(common::today()),
      tx_(db),
      units_(load_units(db)),
      sqlite_(db.dialect() == schema::Dialect::sqlite),
      writing_(!options.dry_run) {
  const Scope& scope = options.scope;
  if (scope.role == Role::reader) throw common::Forbidden("a reader may not change the registry");
  // A file may name any entity: all are loaded (23,635 in the 100k set: 13-27 ms), once.
  std::string entities = sql::kSelectEntityRefs;
  std::vector<schema::Param> params;
  if (only != nullptr) {
    entities += " WHERE e.code IN (:owner, :operator)";
    params = {{"owner", get(*only, "owner")}, {"operator", get(*only, "operator")}};
  }
  schema::for_each_row(db.session(), entities, 3, params, [this](const schema::Row& r) {
    entities_[*r[0]] = {*r[1], r[2].value_or("")};
  });
  if (scope.role == Role::ministry) {
    schema::for_each_row(db.session(),
                         "WITH RECURSIVE sub(id) AS (SELECT id FROM entities WHERE code = :c UNION ALL"
                         " SELECT e.id FROM entities e JOIN sub ON e.parent_id = sub.id)"
                         " SELECT code FROM entities WHERE id IN (SELECT id FROM sub)",
                         1, {{"c", scope.code}}, [this](const schema::Row& r) { ministry_owners_.insert(*r[0]); });
  } else if (scope.role == Role::province) {
    if (const Unit* u = units_.stands_for(scope.code, today_)) province_ = u->code;
  }
}

void SystemImport::check_version(const std::string& code, long long version) {
  const auto found = schema::fetch_rows(db_.session(), "SELECT version FROM systems WHERE code = :c", 1, {{"c", code}});
  const long long stored = found.empty() ? 0 : std::stoll(*found[0][0]);
  if (stored != version)
    throw common::StaleVersion("system " + code + " is at version " + std::to_string(stored) + ", not " +
                               std::to_string(version));
}

void SystemImport::check_entities(ParsedFile& file, const ParsedRow& row) const {
  for (const char* field : {"owner", "operator"}) {
    const std::string code = get(row.record, field);
    if (!code.empty() && entities_.count(code) == 0)
      add_issue(file, spec_, row, field, "unknown_entity", "no entity with this code", "import entities first");
  }
}

// Resolves the province (given, else the owner's) and records it in the row,
// so the stored record and a re-import of the same file compare equal.
const Unit* SystemImport::resolve_province(ParsedFile& file, ParsedRow& row) const {
  std::string code = get(row.record, "province");
  if (code.empty()) {
    auto owner = entities_.find(get(row.record, "owner"));
    if (owner == entities_.end()) return nullptr;  // reported as an unknown or missing owner
    code = owner->second.province;
    if (code.empty()) {
      add_issue(file, spec_, row, "province", "no_province", "the owner has no province",
                "give the province in this column, or record the owner's province");
      return nullptr;
    }
    row.record[spec_.index("province")] = code;
  }
  const Unit* unit = units_.resolve(code, today_);
  if (unit == nullptr || !unit->is_province_level()) {
    add_issue(file, spec_, row, "province", "unknown_unit", "no such province", "import units first");
    return nullptr;
  }
  return unit;
}

void SystemImport::check_dossier(ParsedFile& file, const ParsedRow& row) const {
  const std::string status = get(row.record, "dossier_status");
  if (status != "none" && !status.empty() && row.empty(spec_.index("level")))
    add_issue(file, spec_, row, "level", "required", "a level is required once a dossier is " + status);
  if (status == "approved") {
    if (row.empty(spec_.index("decision_no")))
      add_issue(file, spec_, row, "decision_no", "required", "an approved dossier needs its decision number");
    if (row.empty(spec_.index("decision_date")))
      add_issue(file, spec_, row, "decision_date", "required", "an approved dossier needs its decision date");
  }
}

void SystemImport::check_lifecycle(ParsedFile& file, const ParsedRow& row) const {
  const std::string lifecycle = get(row.record, "lifecycle");
  const std::string retired_on = get(row.record, "retired_on");
  const std::string go_live = get(row.record, "go_live");
  if (lifecycle == "retired" && row.empty(spec_.index("retired_on")))
    add_issue(file, spec_, row, "retired_on", "required", "a retired system needs its retirement date");
  if (lifecycle != "retired" && !lifecycle.empty() && !retired_on.empty())
    add_issue(file, spec_, row, "retired_on", "not_retired", "only a retired system has a retirement date",
              "set lifecycle to retired or leave retired_on empty");
  if (!retired_on.empty() && !go_live.empty() && retired_on < go_live)
    add_issue(file, spec_, row, "retired_on", "bad_period", "is before go_live " + go_live);
}

bool SystemImport::in_scope(const Record& r) const {
  if (options_.scope.role == Role::ministry) return ministry_owners_.count(get(r, "owner")) > 0;
  const Unit* u = units_.resolve(get(r, "province"), today_);
  return u != nullptr && units_.successor(*u).code == province_;
}

// Province scope: the row's province, and the stored system it replaces, must
// roll up into the caller's province. Ministry scope: owners in its subtree.
void SystemImport::check_scope(std::vector<common::Issue>& issues, const ParsedFile& file, const ParsedRow& row,
                               const Record* stored) const {
  if (options_.scope.role == Role::admin) return;
  if ((stored == nullptr || in_scope(*stored)) && in_scope(row.record)) return;
  const std::size_t code = spec_.index("code");
  issues.push_back({row.row, file.columns[code], "code", row.record[code], "out_of_scope",
                    "outside " + options_.scope.text(),
                    "you may change only the systems of your own " +
                        std::string(options_.scope.role == Role::ministry ? "ministry" : "province")});
}

// A row as `systems` stores it (kSystemColumns): references by id, the name's search key.
Cells SystemImport::stored_cells(const Record& r, const Unit& unit) const {
  auto entity_id = [this](const std::optional<std::string>& code) {
    return code ? std::optional<std::string>(entities_.at(*code).id) : std::nullopt;
  };
  Cells cells(r.begin(), r.end());
  cells[2] = entity_id(r[2]);  // owner
  cells[3] = entity_id(r[3]);  // operator
  cells[4] = std::to_string(unit.id);
  cells.insert(cells.begin() + 2, search_key(get(r, "name")));
  return cells;
}

void SystemImport::add(ParsedFile& file, ParsedRow& row, bool read_cleanly) {
  check_entities(file, row);
  const Unit* unit = resolve_province(file, row);
  check_dossier(file, row);
  check_lifecycle(file, row);
  read_cleanly_ = read_cleanly_ && read_cleanly;
  chunk_.emplace_back(std::move(row), unit);
  if (chunk_.size() == kChunkRows) hand_over(file);
}

// Waits for the chunk before, then has this one compared and written while the next is read.
// It is written only if the file has had no problem so far.
void SystemImport::hand_over(ParsedFile& file) {
  collect(file);
  const bool clean = read_cleanly_ && file.issues.empty();
  stored_ = std::async(std::launch::async, [this, &file, chunk = std::exchange(chunk_, {}), clean] {
    return check_chunk(file, chunk, clean);
  });
}

// Waits for the chunk with the storing thread, if any, and adds the problems it found.
void SystemImport::collect(ParsedFile& file) {
  if (!stored_.valid()) return;
  std::vector<common::Issue> found = stored_.get();
  file.issues.insert(file.issues.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
}

// Compares a chunk's rows with the stored systems of their codes, counts them and, while
// nothing has gone wrong, writes them. Reads only `file.columns` (the other thread adds to
// `file.issues` meanwhile); returns the problems it finds.
std::vector<common::Issue> SystemImport::check_chunk(const ParsedFile& file, const Chunk& chunk, bool clean) {
  std::vector<common::Issue> issues;
  summary_.rows += chunk.size();
  if (!clean && writing_) stop_writing();
  std::string codes = "[";
  for (const auto& [row, unit] : chunk) {
    if (codes.size() > 1) codes += ',';
    append_json_string(codes, get(row.record, "code"));
  }
  codes += ']';
  const auto stored_records = detail::load_records(
      db_, spec_,
      "SELECT " + sql::system_record_columns() + " FROM systems s" + sql::kSystemOwnerJoins + sql::kSystemUnitJoin +
          " WHERE s.code IN (SELECT j.value FROM " + schema::json_values(db_.dialect(), "codes") + ")",
      {{"codes", codes}});
  for (const auto& [row, unit] : chunk) {
    auto found = stored_records.find(get(row.record, "code"));
    const Record* stored = found == stored_records.end() ? nullptr : &found->second;
    check_scope(issues, file, row, stored);
    if (!issues.empty() && writing_) stop_writing();
    if (unit == nullptr) continue;  // reported when read
    if (stored == nullptr) {
      ++summary_.created;
    } else if (*stored != row.record) {
      ++summary_.updated;
    } else {
      ++summary_.unchanged;
      continue;
    }
    if (writing_) write(row, *unit, stored);
  }
  if (writing_) end_chunk();
  return issues;
}

void SystemImport::write(const ParsedRow& row, const Unit& unit, const Record* before) {
  Cells cells = stored_cells(row.record, unit);
  if (before == nullptr || sqlite_) {
    if (!rows_) {
      if (sqlite_) create_stage();
      rows_.emplace(db_, sqlite_ ? "stage_systems" : "systems", columns_);
    }
    rows_->add(cells);
  } else {
    updated_.push_back(std::move(cells));
  }
  changes_.push_back(detail::record_change(spec_, row, before, options_.source));
}

// Nothing more is written; what was is rolled back with the transaction. An open COPY is ended,
// not aborted: the connection must stay usable for the next chunks' queries.
void SystemImport::stop_writing() {
  writing_ = false;
  if (rows_) rows_->finish();
  rows_.reset();
  updated_.clear();
  changes_.clear();
}

void SystemImport::create_stage() {
  if (!staged_) schema::execute(db_.session(), sql::kCreateSystemStage);
  staged_ = true;
}

// Ends PostgreSQL's COPY, so that the connection is free for the stage, the change log and
// the next chunk's query.
void SystemImport::end_chunk() {
  if (rows_ && !sqlite_) {
    rows_->finish();
    rows_.reset();
  }
  if (!updated_.empty()) {
    create_stage();
    schema::BulkWriter stage(db_, "stage_systems", columns_);
    for (const Cells& cells : updated_) stage.add(cells);
    stage.finish();
    updated_.clear();
  }
  schema::append_changes(db_, options_.actor, changes_, at_);
  changes_.clear();
}

ImportSummary SystemImport::finish(ParsedFile& file) {
  collect(file);
  if (!chunk_.empty()) {
    std::vector<common::Issue> found = check_chunk(file, chunk_, read_cleanly_ && file.issues.empty());
    file.issues.insert(file.issues.end(), found.begin(), found.end());
  }
  detail::throw_if_issues(file, options_.source);
  summary_.dry_run = options_.dry_run;
  if (options_.dry_run || summary_.created + summary_.updated == 0) return summary_;
  if (options_.progress) options_.progress({"storing", summary_.rows, file.bytes});
  rows_.reset();  // SQLite: its statement on the stage, before the stage goes
  if (staged_) {
    schema::execute(db_.session(), sql::merge_systems());
    schema::execute(db_.session(), sql::kDropSystemStage);
  }
  common::fault_point("import.before_commit");
  tx_.commit();
  common::fault_point("import.after_commit");
  return summary_;
}

}  // namespace

ImportSummary import_systems(schema::Database& db, std::istream& in, const ImportOptions& options) {
  SystemImport import(db, options);
  ParsedFile file = detail::parse_file(in, system_spec(), options.progress,
                                       [&import](ParsedFile& f, ParsedRow& row, bool read_cleanly) {
                                         import.add(f, row, read_cleanly);
                                       });
  return import.finish(file);
}

ImportSummary save_system(schema::Database& db, const Record& record, std::optional<long long> if_version,
                          const ImportOptions& options) {
  const RecordSpec& spec = system_spec();
  SystemImport import(db, options, &record);
  if (if_version) import.check_version(record[0].value_or(""), *if_version);
  ParsedFile file;
  for (std::size_t i = 0; i < spec.fields.size(); ++i) file.columns.push_back(i + 1);
  for (std::size_t i = 0; i < spec.fields.size(); ++i)
    if (spec.fields[i].required && !record[i])
      file.issues.push_back({1, i + 1, spec.fields[i].name, std::nullopt, "required", "a value is required", ""});
  ParsedRow row{1, record, std::vector<bool>(spec.fields.size(), false)};
  import.add(file, row, true);
  return import.finish(file);
}

}  // namespace syscensus::registry
