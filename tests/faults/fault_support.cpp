#include "faults/fault_support.hpp"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <httplib.h>
#include <soci/soci.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <thread>

#include "registry/import.hpp"
#include "registry/scope.hpp"
#include "registry/tokens.hpp"
#include "schema/query.hpp"
#include "support/process.hpp"
#include "support/round_fixture.hpp"
#include "survey/campaign.hpp"
#include "survey/catalog.hpp"
#include "survey/questionnaire.hpp"

namespace syscensus::faults {
namespace {

// In the child: redirects `fd` to `path` (opened for writing), or exits.
void redirect(int fd, const std::string& path, int flags) {
  const int file = open(path.c_str(), flags, 0600);
  if (file < 0 || dup2(file, fd) < 0) _exit(127);
  close(file);
}

// Forks and execs syscensus with `args` and `env`; never returns in the child.
pid_t spawn(const Lines& args, const Lines& env, const std::string& out_path, const std::string& err_path) {
  std::vector<char*> argv{const_cast<char*>(SYSCENSUS_BIN)};
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
    redirect(STDIN_FILENO, "/dev/null", O_RDONLY);
    redirect(STDOUT_FILENO, out_path, O_WRONLY | O_CREAT | O_TRUNC);
    redirect(STDERR_FILENO, err_path, O_WRONLY | O_TRUNC);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

Lines sqlite_problems(schema::Database& db) {
  Lines problems;
  for (const schema::Row& row : schema::fetch_rows(db.session(), "PRAGMA integrity_check", 1))
    if (row[0].value_or("") != "ok") problems.push_back("integrity_check: " + row[0].value_or("NULL"));
  for (const schema::Row& row : schema::fetch_rows(db.session(), "PRAGMA foreign_key_check", 4))
    problems.push_back("foreign_key_check: " + row[0].value_or("") + " row " + row[1].value_or("") + " -> " +
                       row[2].value_or(""));
  return problems;
}

Lines postgresql_problems(schema::Database& db) {
  Lines problems;
  const auto tables = schema::fetch_rows(
      db.session(), "SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = current_schema()"
                    " AND table_type = 'BASE TABLE' ORDER BY 1", 1);
  const auto constraints = schema::fetch_rows(
      db.session(),
      "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),"
      " format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))"
      " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
      " WHERE n.nspname = current_schema() AND c.contype IN ('f', 'c') ORDER BY 1", 2);
  auto check = [&](const std::string& sql) {
    try {
      schema::execute(db.session(), sql);
    } catch (const soci::soci_error& e) {
      problems.push_back(sql + ": " + e.get_error_message());
      schema::execute(db.session(), "ROLLBACK");
      schema::execute(db.session(), "BEGIN");
    }
  };
  schema::execute(db.session(), "BEGIN");
  for (const schema::Row& t : tables) {
    check("REINDEX TABLE " + *t[0]);  // rebuilds every index: a duplicate key fails the unique ones
    check("SELECT count(*) FROM " + *t[0]);
  }
  for (const schema::Row& c : constraints) {
    check(*c[0]);
    check(*c[1]);  // re-adding checks every row
  }
  // The references checked by statement triggers rather than keys (migration 6).
  for (const char* orphans : {
           "SELECT count(*) FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM campaign_systems r"
           " WHERE r.campaign_id = s.campaign_id AND r.system_id = s.system_id)",
           "SELECT count(*) FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM uploads r WHERE r.id = s.upload_id)",
           "SELECT count(*) FROM systems s WHERE NOT EXISTS (SELECT 1 FROM entities r WHERE r.id = s.owner_id)",
           "SELECT count(*) FROM systems s WHERE s.operator_id IS NOT NULL"
           " AND NOT EXISTS (SELECT 1 FROM entities r WHERE r.id = s.operator_id)",
           "SELECT count(*) FROM systems s WHERE s.unit_id IS NOT NULL"
           " AND NOT EXISTS (SELECT 1 FROM units r WHERE r.id = s.unit_id)"}) {
    const std::string count = schema::fetch_rows(db.session(), orphans, 1).at(0).at(0).value_or("");
    if (count != "0") problems.push_back(std::string(orphans) + ": " + count);
  }
  schema::execute(db.session(), "ROLLBACK");
  if (tables.empty()) problems.push_back("no tables");
  return problems;
}

}  // namespace

Run run_program(const Lines& args, const Lines& env, const std::string& stdout_path) {
  const std::string out_file = stdout_path.empty() ? testing::temp_file(".out") : stdout_path;
  const std::string err_file = testing::temp_file(".err");
  const pid_t pid = spawn(args, env, out_file, err_file);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  Run run;
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  if (stdout_path.empty()) {
    run.out = read_file(out_file);
    std::remove(out_file.c_str());
  }
  run.err = read_file(err_file);
  std::remove(err_file.c_str());
  return run;
}

Signature without_times(Signature signature) {
  static const std::regex time(R"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)?)");
  for (auto& [table, rows] : signature) {
    for (std::string& row : rows) row = std::regex_replace(row, time, "<time>");
    std::sort(rows.begin(), rows.end());
  }
  return signature;
}

Census::Census(Setup setup) {
  schema::Database db = test_.open();
  if (setup == Setup::bodies) {
    testing::load_sample_bodies(db);
  } else {
    testing::open_sample_round(db);
  }
}

Run Census::cli(const Lines& args, const Lines& env, const std::string& stdout_path) const {
  Lines all{"--db", url()};
  all.insert(all.end(), args.begin(), args.end());
  return run_program(all, env, stdout_path);
}

Signature Census::signature() const { return test_.tables(); }

Lines Census::integrity_problems() const {
  schema::Database db = open();
  return db.dialect() == schema::Dialect::sqlite ? sqlite_problems(db) : postgresql_problems(db);
}

std::string Census::stored(const std::string& sql) const {
  schema::Database db = open();
  const auto rows = schema::fetch_rows(db.session(), sql, 1);
  return rows.empty() ? "(no row)" : rows[0][0].value_or("NULL");
}

std::string Census::token(const std::string& scope) const {
  schema::Database db = open();
  return registry::create_token(db, scope, registry::parse_scope(scope), "", kTokenKey, "test").token;
}

Server::Server(const Census& census, const Lines& env) : log_(testing::temp_file(".log")) {
  Lines all_env{"SYSCENSUS_TOKEN_KEY=" + kTokenKey};
  all_env.insert(all_env.end(), env.begin(), env.end());
  pid_ = spawn({"--db", census.url(), "serve", "--listen", "127.0.0.1:0", "--threads", "2"}, all_env, "/dev/null", log_);
  static const std::regex serving(R"(on http://127\.0\.0\.1:(\d+) )");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::smatch m;
  std::string log;
  while (std::chrono::steady_clock::now() < deadline) {
    log = read_file(log_);
    if (std::regex_search(log, m, serving)) break;
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  INFO("server log: " << log);
  REQUIRE(!m.empty());
  port_ = std::stoi(m[1]);
}

Server::~Server() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::remove(log_.c_str());
}

int Server::wait() {
  int status = 0;
  REQUIRE(pid_ > 0);
  REQUIRE(waitpid(pid_, &status, 0) == pid_);
  pid_ = -1;
  return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

int Server::post(const std::string& path, const std::string& token, const std::string& body,
                 std::string* response) const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(120, 0);  // generous: CI machines may be busy
  client.set_write_timeout(120, 0);
  const auto result = client.Post(path.c_str(), {{"Authorization", "Bearer " + token}}, body, "text/csv");
  if (!result) return -1;
  if (response != nullptr) *response = result->body;
  return result->status;
}

}  // namespace syscensus::faults
