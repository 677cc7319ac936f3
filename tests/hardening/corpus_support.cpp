#include "hardening/corpus_support.hpp"

#include <catch2/catch.hpp>
#include <soci/soci.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iterator>
#include <fstream>
#include <sstream>

#include "registry/import.hpp"
#include "support/registry_fixture.hpp"
#include "survey/campaign.hpp"
#include "survey/catalog.hpp"
#include "survey/questionnaire.hpp"

namespace syscensus::hardening {
namespace {

std::string bad_dir() { return testing::data_path("bad"); }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A new empty file that the caller removes.
std::string temp_file() {
  std::string path = (std::filesystem::temp_directory_path() / "syscensus_corpus_XXXXXX").string();
  const int fd = mkstemp(path.data());
  REQUIRE(fd >= 0);
  close(fd);
  return path;
}

std::string command_args(Command command, const std::string& file) {
  switch (command) {
    case Command::units: return "units import " + file;
    case Command::entities: return "entities import " + file;
    case Command::systems: return "systems import " + file;
    case Command::survey: return "--as province:79 survey upload R2026 " + file;
  }
  return {};
}

Lines split_lines(const std::string& text) {
  Lines lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The same text for a value whatever the backend's type for it.
std::string cell_text(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return "NULL";
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_string: return row.get<std::string>(i);
    case soci::dt_integer: return std::to_string(row.get<int>(i));
    case soci::dt_long_long: return std::to_string(row.get<long long>(i));
    case soci::dt_unsigned_long_long: return std::to_string(row.get<unsigned long long>(i));
    case soci::dt_double: return std::to_string(row.get<double>(i));
    case soci::dt_date: {
      std::tm tm = row.get<std::tm>(i);
      char buffer[32];
      std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &tm);
      return buffer;
    }
    default: return "?";
  }
}

}  // namespace

Corpus::Corpus() {
  schema::Database db = test_.open();
  testing::load_sample_bodies(db);
  std::ifstream systems(testing::sample_path("systems.csv"), std::ios::binary);
  REQUIRE(registry::import_systems(db, systems, {"systems.csv", "test", false}).created == 400);
  const std::string json = read_file(testing::sample_path("questionnaire.json"));
  survey::import_questionnaire(db, survey::parse_questionnaire(json), "test");
  survey::create_campaign(db, {"R2026", "tt12-self-assessment@1", "Tự đánh giá 2026", "2026-11-01", "2026-12-25", {}},
                          "test");
  survey::open_campaign(db, "R2026", "test");
}

Run Corpus::cli(const std::string& args) const {
  const std::string err_file = temp_file();
  const std::string command = "cd '" + bad_dir() + "' && '" + SYSCENSUS_BIN + "' --db '" + test_.url() + "' " + args +
                              " 2>'" + err_file + "'";
  Run run;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) run.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.err = read_file(err_file);
  std::remove(err_file.c_str());
  return run;
}

Run Corpus::run(Command command, const std::string& file) const { return cli(command_args(command, file)); }

Signature Corpus::signature() const {
  schema::Database db = test_.open();
  const char* list = db.dialect() == schema::Dialect::sqlite
                         ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                         : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                           "ORDER BY table_name";
  Signature out;
  for (const schema::Row& table : schema::fetch_rows(db.session(), list, 1)) {
    Lines& rows = out[*table[0]];
    soci::rowset<soci::row> result = (db.session().prepare << "SELECT * FROM " + *table[0]);
    for (const soci::row& row : result) {
      std::string line;
      for (std::size_t i = 0; i < row.size(); ++i) line += cell_text(row, i) + "\t";
      rows.push_back(std::move(line));
    }
    std::sort(rows.begin(), rows.end());  // SELECT * has no order of its own
  }
  return out;
}

Lines Corpus::changes_since(const Signature& before) const {
  constexpr std::size_t kShown = 10;
  const Signature after = signature();
  Lines changes;
  std::size_t count = 0;
  auto note = [&](const std::string& table, const Lines& from, const Lines& to, const char* sign) {
    Lines only;
    std::set_difference(to.begin(), to.end(), from.begin(), from.end(), std::back_inserter(only));
    for (const std::string& row : only) {
      if (++count <= kShown) changes.push_back(sign + table + ": " + row);
    }
  };
  static const Lines kNone;
  for (const auto& [table, rows] : after) note(table, before.count(table) ? before.at(table) : kNone, rows, "+ ");
  for (const auto& [table, rows] : before) note(table, after.count(table) ? after.at(table) : kNone, rows, "- ");
  if (count > kShown) changes.push_back("... and " + std::to_string(count - kShown) + " more");
  return changes;
}

std::string Corpus::stored(const std::string& sql, const std::vector<schema::Param>& params) const {
  schema::Database db = test_.open();
  const auto rows = schema::fetch_rows(db.session(), sql, 1, params);
  if (rows.empty()) return "(no row)";
  return rows[0][0].value_or("NULL");
}

void check_refused(const Corpus& corpus, const Refusal& refusal) {
  INFO("corpus file " << refusal.file);
  const Signature before = corpus.signature();
  const Run run = corpus.run(refusal.command, refusal.file);
  Lines expected;
  for (const std::string& message : refusal.messages) expected.push_back(refusal.file + message);
  const std::size_t n = refusal.messages.size();
  expected.push_back("syscensus: " + refusal.file + ": " + std::to_string(n) + (n == 1 ? " problem" : " problems") +
                     (refusal.command == Command::survey ? "; nothing was stored" : "; nothing was imported"));
  CHECK(run.code == 1);
  CHECK(run.out.empty());
  CHECK(split_lines(run.err) == expected);
  CHECK(corpus.changes_since(before) == Lines{});
}

void check_refused(const std::vector<Refusal>& refusals) {
  const Corpus corpus;
  for (const Refusal& refusal : refusals) check_refused(corpus, refusal);
}

std::string accepted(const Corpus& corpus, Command command, const std::string& file) {
  INFO("corpus file " << file);
  const Run run = corpus.run(command, file);
  CHECK(run.code == 0);
  CHECK(run.err.empty());
  return run.out;
}

std::string corpus_bytes(const std::string& name) { return read_file(bad_dir() + "/" + name); }

}  // namespace syscensus::hardening
