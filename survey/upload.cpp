#include "survey/upload.hpp"

#include <algorithm>
#include <future>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/csv.hpp"
#include "common/date.hpp"
#include "common/digest.hpp"
#include "common/error.hpp"
#include "common/fault.hpp"
#include "common/text.hpp"
#include "registry/units.hpp"
#include "schema/bulk.hpp"
#include "schema/change_log.hpp"
#include "schema/query.hpp"
#include "schema/transaction.hpp"
#include "survey/catalog.hpp"
#include "survey/round.hpp"
#include "survey/scoring.hpp"
#include "survey/sql.hpp"

namespace syscensus::survey {
namespace {

using common::Issue;

// Hashes the bytes it passes on, so the receipt's hash covers the whole file
// without holding it in memory.
class HashingBuffer : public std::streambuf {
 public:
  explicit HashingBuffer(std::istream& in) : in_(in) {}
  std::string hex() { return hash_.hex(); }
  std::uint64_t bytes() const { return bytes_; }

 protected:
  int_type underflow() override {
    in_.read(buffer_, sizeof buffer_);
    const std::streamsize n = in_.gcount();
    if (n <= 0) return traits_type::eof();
    hash_.update(std::string_view(buffer_, static_cast<std::size_t>(n)));
    bytes_ += static_cast<std::uint64_t>(n);
    setg(buffer_, buffer_, buffer_ + n);
    return traits_type::to_int_type(buffer_[0]);
  }

 private:
  std::istream& in_;
  common::Sha256 hash_;
  std::uint64_t bytes_ = 0;
  char buffer_[64 * 1024];
};

struct Columns {
  std::size_t system = 0;                  ///< 1-based, 0 when absent
  std::vector<std::size_t> question;       ///< per question: 1-based column, 0 when absent
};

Columns map_columns(const std::vector<std::string>& header, const Questionnaire& q, std::vector<Issue>& issues) {
  Columns cols;
  cols.question.assign(q.questions.size(), 0);
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < q.questions.size(); ++i) index[q.questions[i].id] = i;
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string& name = header[c];
    if (name.empty()) continue;  // reported by the reader
    if (name == kSystemColumn) {
      cols.system = c + 1;
    } else if (auto it = index.find(name); it != index.end()) {
      if (cols.question[it->second] == 0) cols.question[it->second] = c + 1;
    } else if (name != kSystemNameColumn) {
      issues.push_back({1, c + 1, "", name, "unknown_column", "not a question of " + q.key(),
                        "question columns are named by question id, e.g. " + q.questions.front().id});
    }
  }
  if (cols.system == 0)
    issues.push_back({0, 0, "", std::nullopt, "missing_column", "missing required column \"system\"", ""});
  for (std::size_t i = 0; i < q.questions.size(); ++i)
    if (q.questions[i].required && cols.question[i] == 0)
      issues.push_back({0, 0, "", std::nullopt, "missing_column",
                        "missing column \"" + q.questions[i].id + "\" (a required question)", ""});
  return cols;
}

std::string level_text(int level) { return level == 0 ? "no level" : "level " + std::to_string(level); }

// Why a question does not apply, for the message.
std::string why_not(const Question& question, const SystemProfile& p) {
  const auto& a = question.applies;
  if (std::max(p.level, 1) < a.min_level)
    return "applies from level " + std::to_string(a.min_level) + "; the system is " + level_text(p.level);
  if (a.internet_facing && *a.internet_facing != p.internet_facing)
    return std::string("applies only to systems that are ") + (*a.internet_facing ? "" : "not ") + "internet-facing";
  if (a.personal_data && *a.personal_data != p.personal_data)
    return std::string("applies only to systems that ") + (*a.personal_data ? "hold" : "do not hold") +
           " personal data";
  return "does not apply to category " + p.category;
}

// What the database holds about a code one chunk of rows names.
struct Known {
  long long system_id = 0;
  std::optional<Respondent> in_round;  ///< the frozen system (in_scope set), if the round froze it
  long long current_id = 0;            ///< its current submission in the round, 0 if none
  std::string current_hash;
};

// The round's facts about the systems one chunk of rows names, fetched in one
// query: memory stays bounded by the chunk, not by the round or the registry.
using Lookup = std::unordered_map<std::string, Known>;

std::string lookup_sql(schema::Dialect dialect, const registry::Scope& scope) {
  std::string within = "0";
  if (scope.role == registry::Role::ministry)
    within = "CASE WHEN cs.owner_id IN (WITH RECURSIVE sub(id) AS (SELECT id FROM entities WHERE code = :owner"
             " UNION ALL SELECT e.id FROM entities e JOIN sub ON e.parent_id = sub.id) SELECT id FROM sub)"
             " THEN 1 ELSE 0 END";
  // The current submissions: statistics taken before an upload see none of the
  // rows it adds, so PostgreSQL, left to plan a join, would scan them all for
  // every chunk; a lateral probe of the index per system stays flat.
  const char* current = dialect == schema::Dialect::postgresql
                            ? " LEFT JOIN LATERAL (SELECT id, answers_hash FROM submissions WHERE campaign_id = :c2"
                              " AND system_id = cs.system_id AND is_current = 1 LIMIT 1) cur ON true"
                            : " LEFT JOIN submissions cur ON cur.campaign_id = :c2 AND cur.system_id = cs.system_id"
                              " AND cur.is_current = 1";
  return "SELECT s.code, s.id, cs.system_id, u.code, u.valid_from, cs.level, cs.category, cs.internet_facing,"
         " cs.personal_data, " + within + ", cur.id, cur.answers_hash FROM " + schema::json_values(dialect, "codes") +
         " JOIN systems s ON s.code = j.value"
         " LEFT JOIN campaign_systems cs ON cs.system_id = s.id AND cs.campaign_id = :c"
         " LEFT JOIN units u ON u.id = cs.unit_id" + current;
}

struct Checker {
  schema::Database& db;
  const Campaign& campaign;
  const Questionnaire& q;
  const Columns& cols;
  const registry::UnitIndex& units;
  const registry::Scope& scope;
  std::string scope_province;  // today's code of a province scope
  std::vector<Issue>& issues;
  std::string sql = lookup_sql(db.dialect(), scope);

  std::string code_of(const common::CsvRecord& rec) const {
    const std::size_t c = cols.system;
    return c <= rec.fields.size() ? std::string(common::trim(rec.fields[c - 1])) : "";
  }

  Lookup lookup(const std::vector<common::CsvRecord>& chunk) {
    nlohmann::json codes = nlohmann::json::array();
    for (const auto& rec : chunk)
      if (std::string code = code_of(rec); !code.empty()) codes.push_back(std::move(code));
    std::vector<schema::Param> params{{"codes", codes.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)},
                                      {"c", campaign.id}, {"c2", campaign.id}};
    if (scope.role == registry::Role::ministry) params.push_back({"owner", scope.code});
    Lookup found;
    schema::for_each_row(db.session(), sql, 12, params, [&](const schema::Row& r) {
      Known& known = found[*r[0]];
      known.system_id = std::stoll(*r[1]);
      if (!r[2]) return;
      Respondent x;
      x.code = *r[0];
      x.system_id = known.system_id;
      if (r[3] && r[4]) {
        if (const registry::Unit* u = units.valid_on(*r[3], *r[4])) x.province = units.successor(*u).code;
      }
      x.profile = {r[5] ? std::stoi(*r[5]) : 0, *r[6], *r[7] == "1", *r[8] == "1"};
      x.in_scope = (scope.role != registry::Role::province || x.province == scope_province) &&
                   (scope.role != registry::Role::ministry || *r[9] == "1");
      known.in_round = std::move(x);
      if (r[10]) {
        known.current_id = std::stoll(*r[10]);
        known.current_hash = *r[11];
      }
    });
    return found;
  }

  /// The row's system, or nullptr with an issue.
  const Respondent* system_of(const common::CsvRecord& rec, const std::string& code, const Known* known) {
    auto issue = [&](std::string id, std::string message, std::string hint = "") {
      issues.push_back({rec.row, cols.system, kSystemColumn, code, std::move(id), std::move(message), std::move(hint)});
      return nullptr;
    };
    if (code.empty()) return issue("required", "a system code is required");
    if (known == nullptr) return issue("unknown_system", "no system with this code");
    if (!known->in_round)
      return issue("out_of_scope", "not in the scope of campaign " + campaign.code,
                   "the round froze its systems when it opened");
    const Respondent& system = *known->in_round;
    if (!system.in_scope)
      return issue("other_province", "belongs to " + (system.province.empty() ? "no province" : "province " + system.province) +
                                         ", not to " + scope.text(), "a province answers only for its own systems");
    return &system;
  }

  std::vector<AnswerCell> answers_of(const common::CsvRecord& rec, const Respondent& system) {
    std::vector<AnswerCell> cells(q.questions.size());
    for (std::size_t i = 0; i < q.questions.size(); ++i) {
      const Question& question = q.questions[i];
      const std::size_t c = cols.question[i];
      const std::string_view raw = c != 0 && c <= rec.fields.size() ? common::trim(rec.fields[c - 1]) : "";
      if (!applies(question, system.profile)) {
        cells[i].state = AnswerCell::State::not_applicable;
        if (!raw.empty() && raw != kNotApplicableMark)
          issues.push_back({rec.row, c, question.id, std::string(raw), "not_applicable",
                            "question does not apply to " + system.code + ": " + why_not(question, system.profile),
                            "leave the cell empty (or \u2014, as the template has it)"});
        continue;
      }
      if (common::invalid_utf8_offset(raw)) continue;  // the reader reported it
      if (raw.empty()) {
        if (question.required)
          issues.push_back({rec.row, c, question.id, std::nullopt, "required", "a required answer is missing", ""});
        continue;
      }
      AnswerResult answer = parse_answer(question, raw);
      if (answer.issue) {
        Issue issue = *answer.issue;
        issue.row = rec.row;
        issue.col = c;
        issue.column = question.id;
        issue.value = std::string(raw);
        issues.push_back(std::move(issue));
      } else if (answer.value) {
        cells[i] = {AnswerCell::State::answered, *answer.value};
      }
    }
    return cells;
  }
};

std::string change_document(const Campaign& c, const Respondent& r, const std::string& hash, const Scores& s) {
  nlohmann::ordered_json doc{{"campaign", c.code}, {"system", r.code}, {"answers_hash", hash}};
  doc["score"] = s.overall ? nlohmann::ordered_json(*s.overall) : nlohmann::ordered_json(nullptr);
  return doc.dump();
}

// One chunk's accepted rows, written once the chunk is checked (PostgreSQL
// takes one COPY at a time): earlier submissions superseded first, then the
// new ones and their entries in the change log, in file order.
struct Pending {
  nlohmann::json superseded = nlohmann::json::array();  // ids of the submissions replaced
  std::vector<schema::Row> submissions;                 // the upload's id (column 3) is set by store()
  std::vector<schema::Change> changes;

  void store(schema::Database& db, long long upload_id, const std::string& actor, const std::string& at) {
    if (!superseded.empty())
      schema::execute(db.session(),
                      "UPDATE submissions SET is_current = 0 WHERE id IN (SELECT CAST(j.value AS BIGINT) FROM " +
                          schema::json_values(db.dialect(), "ids") + ")",
                      {{"ids", superseded.dump()}});
    if (!submissions.empty()) {
      schema::BulkWriter writer(db, "submissions", {"campaign_id", "system_id", "upload_id", "source_row", "answers",
                                                    "answers_hash", "score", "group_scores", "is_current",
                                                    "submitted_at"});
      const std::string upload = std::to_string(upload_id);
      for (schema::Row& row : submissions) {
        row[2] = upload;
        writer.add(row);
      }
      writer.finish();
    }
    schema::append_changes(db, actor, changes, at);
  }
};

}  // namespace

UploadReceipt upload_survey(schema::Database& db, const std::string& code, std::istream& in,
                            const UploadOptions& options) {
  if (!options.scope.may_write()) throw common::Forbidden("a reader may not upload");
  schema::WriteTransaction tx(db);
  const Campaign campaign = get_campaign(db, code);
  const StoredQuestionnaire stored = get_questionnaire_by_id(db, campaign.questionnaire_id);
  const Questionnaire& q = stored.questionnaire;
  std::vector<Issue> issues;
  if (campaign.status != "open")
    issues.push_back({0, 0, "", std::nullopt, "not_open",
                      "campaign " + campaign.code + " is " + campaign.status + "; uploads are accepted only while it is open", ""});
  check_scope_exists(db, options.scope);
  const registry::UnitIndex units = registry::load_units(db);

  HashingBuffer hashing(in);
  std::istream hashed(&hashing);
  common::CsvReader reader(hashed);
  const Columns cols = reader.failed() ? Columns{} : map_columns(reader.header(), q, issues);
  Checker checker{db, campaign, q, cols, units, options.scope, "", issues};
  if (options.scope.role == registry::Role::province)
    checker.scope_province = units.stands_for(options.scope.code, common::today())->code;

  UploadReceipt receipt{campaign.code, options.scope.text(), "", 0, 0, 0, 0, 0, options.dry_run};
  common::ProgressTicker ticker(options.progress);
  const std::string at = common::now_utc();
  const std::string change_prefix = campaign.code + "/";
  // The upload's row comes before its first submission, for it to point at;
  // its counts and the file's hash are filled in at the end.
  long long upload_id = 0;
  auto begin_upload = [&] {
    schema::execute(db.session(), sql::kBeginUpload,
                    {{"c", campaign.id}, {"scope", receipt.scope}, {"actor", options.actor}, {"source", options.source},
                     {"at", at}});
    upload_id = std::stoll(*schema::fetch_rows(db.session(), sql::kLastUpload, 1)[0][0]);
  };
  // The row that first named each system, by id (0: none yet): a repeat must
  // not reach the unique index of current submissions. Bounded by the
  // registry, not by the file.
  std::vector<std::size_t> first_row(std::stoull(*schema::fetch_rows(db.session(), sql::kMaxSystemId, 1)[0][0]) + 1);
  auto failed = [&] { return !issues.empty() || !reader.issues().empty(); };

  // Rows go through in chunks, in a pipeline of two threads. This one checks
  // a chunk's rows and reads the chunk after next, while the other, alone on
  // the connection, stores what the chunk before accepted and looks up the
  // systems of the next (one query for the round's facts). A chunk is looked
  // up before the one ahead of it is stored: a system that both name is a
  // repeat, and the upload fails. Once any problem is found, rows are still
  // checked (every problem is reported) but no longer stored; the transaction
  // rolls back.
  constexpr std::size_t kChunk = 1000;
  auto read_chunk = [&](std::vector<common::CsvRecord>& rows) {
    rows.clear();
    common::CsvRecord rec;
    while (rows.size() < kChunk && !reader.failed() && cols.system != 0 && reader.next(rec)) rows.push_back(std::move(rec));
  };
  auto look_up = [&](const std::vector<common::CsvRecord>& rows) { return checker.lookup(rows); };
  auto store = [&](Pending& accepted) {
    if (accepted.submissions.empty()) return;
    if (upload_id == 0) begin_upload();
    accepted.store(db, upload_id, options.actor, at);
  };
  // Checking stops before a row when the rows checked so far hold kMaxIssues
  // problems (the reader's, in row order, may run ahead: only those up to there count).
  std::size_t last_checked = 1;  // the header
  std::size_t reader_counted = 0;
  bool stopped = false;
  auto check = [&](const std::vector<common::CsvRecord>& rows, const Lookup& found, Pending& accepted) {
    for (const common::CsvRecord& rec : rows) {
      const auto& read = reader.issues();
      while (reader_counted < read.size() && read[reader_counted].row <= last_checked) ++reader_counted;
      if (issues.size() + reader_counted >= common::kMaxIssues) {
        stopped = true;
        return;
      }
      last_checked = rec.row;
      ++receipt.rows;
      ticker.row([&] { return hashing.bytes(); });
      const std::string system_code = checker.code_of(rec);
      const auto known = found.find(system_code);
      if (known != found.end()) {  // a repeat is reported alone
        std::size_t& first = first_row[known->second.system_id];
        if (first != 0) {
          issues.push_back({rec.row, cols.system, kSystemColumn, system_code, "duplicate_row",
                            "appears again (first on row " + std::to_string(first) + ")", ""});
          continue;
        }
        first = rec.row;
      }
      const Respondent* system = checker.system_of(rec, system_code, known == found.end() ? nullptr : &known->second);
      if (system == nullptr) continue;
      const auto cells = checker.answers_of(rec, *system);
      if (failed()) continue;
      std::string packed = pack_answers(cells);
      std::string hash = common::sha256_hex(packed);
      if (hash == known->second.current_hash) {
        ++receipt.unchanged;
        continue;
      }
      const bool replacing = known->second.current_id != 0;
      ++(replacing ? receipt.replaced : receipt.created);
      if (options.dry_run) continue;
      if (replacing) accepted.superseded.push_back(known->second.current_id);
      const Scores scores = score(q, cells);
      accepted.changes.push_back({"submission", change_prefix + system->code, replacing ? "supersede" : "submit",
                                  options.source, static_cast<long long>(rec.row), std::nullopt,
                                  change_document(campaign, *system, hash, scores)});
      accepted.submissions.push_back({std::to_string(campaign.id), std::to_string(system->system_id), "",
                                      std::to_string(rec.row), std::move(packed), std::move(hash),
                                      scores.overall ? std::optional(std::to_string(*scores.overall)) : std::nullopt,
                                      pack_scores(scores.groups), "1", at});
      common::fault_point("upload.row");
    }
  };
  std::vector<common::CsvRecord> chunk, next, after;
  Pending accepted, storing;
  read_chunk(chunk);
  Lookup found = chunk.empty() ? Lookup{} : look_up(chunk);
  read_chunk(next);
  while (!chunk.empty() && !stopped) {
    const bool keep = !failed() && !options.dry_run;
    auto other = std::async(std::launch::async, [&, keep] {
      if (keep) store(storing);
      return next.empty() ? Lookup{} : look_up(next);
    });
    check(chunk, found, accepted);
    if (!stopped) read_chunk(after);
    found = other.get();
    storing = std::exchange(accepted, Pending{});
    chunk.swap(next);
    next.swap(after);
  }
  if (!failed() && !options.dry_run) store(storing);
  common::CsvRecord rec;
  while (!stopped && reader.next(rec)) {}  // drain, so the hash covers the whole file
  receipt.content_hash = hashing.hex();
  ticker.stage("storing", hashing.bytes());
  issues.insert(issues.begin(), reader.issues().begin(), reader.issues().end());
  // Stopped: every problem of the rows checked, none of the rows read ahead.
  if (stopped) std::erase_if(issues, [&](const Issue& i) { return i.row > last_checked; });
  if (receipt.rows == 0 && issues.empty())
    issues.push_back({0, 0, "", std::nullopt, "no_rows", "the file has no rows", "add one row per system"});
  if (!issues.empty()) {
    std::stable_sort(issues.begin(), issues.end(), [](const Issue& a, const Issue& b) {
      return a.row != b.row ? a.row < b.row : a.col < b.col;
    });
    // The message first: the issues are moved into the exception.
    const std::string message =
        common::refusal_message(options.source, issues.size(), stopped ? last_checked : 0, "stored");
    throw common::InvalidInput(message, std::move(issues));
  }
  if (options.dry_run || receipt.created + receipt.replaced == 0) return receipt;  // rolled back

  schema::execute(db.session(), sql::kCompleteUpload,
                  {{"hash", receipt.content_hash}, {"rows", static_cast<long long>(receipt.rows)},
                   {"created", static_cast<long long>(receipt.created)},
                   {"replaced", static_cast<long long>(receipt.replaced)},
                   {"unchanged", static_cast<long long>(receipt.unchanged)}, {"id", upload_id}});
  receipt.upload_id = upload_id;
  common::fault_point("upload.before_commit");
  tx.commit();
  common::fault_point("upload.after_commit");
  return receipt;
}

}  // namespace syscensus::survey
