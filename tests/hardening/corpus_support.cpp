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
#include "support/process.hpp"
#include "support/round_fixture.hpp"

namespace syscensus::hardening {
namespace {

using testing::read_file;

std::string bad_dir() { return testing::data_path("bad"); }


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

}  // namespace

Corpus::Corpus() {
  schema::Database db = test_.open();
  testing::open_sample_round(db);
}

Run Corpus::cli(const std::string& args) const {
  const std::string err_file = testing::temp_file(".err");
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

Signature Corpus::signature() const { return test_.tables(); }

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
