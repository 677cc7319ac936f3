// The program as a user runs it: exit codes, messages on stderr, data on stdout.
#include <catch2/catch.hpp>
#include <array>
#include <cstdio>
#include <fstream>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <csignal>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "support/process.hpp"
#include "support/test_db.hpp"

using namespace syscensus;

namespace {

using Result = testing::CommandResult;
using testing::temp_file;

Result run(const testing::TestDb& db, const std::string& args) {
  return testing::run_command(std::string(SYSCENSUS_BIN) + " --db '" + db.url() + "' " + args);
}

std::string write_temp(const std::string& content) {
  const std::string path = temp_file(".csv");
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

void load_samples(const testing::TestDb& db) {
  for (const char* kind : {"units", "entities", "systems"}) {
    const Result r = run(db, std::string(kind) + " import " + testing::sample_path(std::string(kind) + ".csv"));
    REQUIRE(r.code == 0);
  }
}

}  // namespace

TEST_CASE("cli: a bad file exits 1, names every problem and writes nothing", "[cli]") {
  testing::TestDb db;
  load_samples(db);
  const std::string before = db.signature();
  const std::string path = write_temp("code,name,owner,category,dossier_status,internet_facing,lifecycle\n"
                                      "X-1,Tên,000.00.00.G03,z,none,no,operating\n");
  const Result r = run(db, "systems import " + path);
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(r.err == path + ":2:4: category \"z\": not a valid category; use one of: a, b, c, d, e\n"
                 "syscensus: " + path + ": 1 problem; nothing was imported\n");
  CHECK(db.signature() == before);
  std::remove(path.c_str());
}

TEST_CASE("cli: summaries, dry runs and exit codes", "[cli]") {
  testing::TestDb db;
  const Result first = run(db, "units import --dry-run " + testing::sample_path("units.csv"));
  CHECK(first.code == 0);
  CHECK(first.out == testing::sample_path("units.csv") + ": 100 rows: 100 created, 0 updated, 0 unchanged (dry run: nothing written)\n");
  CHECK(run(db, "systems show NOPE").code == 1);
  CHECK(run(db, "systems show NOPE").err == "syscensus: no system \"NOPE\"\n");
  CHECK(run(db, "systems list --level 9").code == 1);
  CHECK(run(db, "systems list --format xml").err == "syscensus: unknown format \"xml\"; use table, csv or json\n");
  CHECK(run(db, "--help").code == 0);
  CHECK(run(db, "--help").out.find("Exit codes: 0 ok; 1 invalid input or data") != std::string::npos);
  CHECK(run(db, "systems list --no-such-flag").code == 1);
}

TEST_CASE("cli: CSV output is spreadsheet-safe and imports back unchanged", "[cli]") {
  testing::TestDb db;
  load_samples(db);
  const std::string formula = write_temp(
      "code,name,owner,category,dossier_status,internet_facing,lifecycle\n"
      "F-1,\"=HYPERLINK(\"\"http://x\"\")\",000.00.00.G03,a,none,no,planned\n");
  REQUIRE(run(db, "systems import " + formula).code == 0);
  const Result csv = run(db, "systems list --search F-1 --format csv");
  CHECK(csv.out.find("F-1,\"'=HYPERLINK(\"\"http://x\"\")\"") != std::string::npos);

  const Result all = run(db, "systems list --format csv");
  const std::string exported = write_temp(all.out);
  const Result again = run(db, "systems import " + exported);
  CHECK(again.err == "");
  CHECK(again.out.find("0 created, 0 updated") != std::string::npos);  // formula cells come back as they were
  std::remove(formula.c_str());
  std::remove(exported.c_str());
}

TEST_CASE("cli: JSON output is typed", "[cli]") {
  testing::TestDb db;
  load_samples(db);
  const Result r = run(db, "systems list --level 5 --format json");
  CHECK(r.code == 0);
  CHECK(r.out.find("\"level\": 5") != std::string::npos);
  CHECK(r.out.find("\"internet_facing\": ") != std::string::npos);
  const Result changes = run(db, "changes --since 566 --format json");
  CHECK(changes.out.find("\"seq\": 567") != std::string::npos);
  CHECK(changes.out.find("\"after\": {") != std::string::npos);
}

TEST_CASE("cli: a survey round from the samples, with the error report as CSV", "[cli][survey]") {
  testing::TestDb db;
  load_samples(db);
  REQUIRE(run(db, "questionnaire import " + testing::sample_path("questionnaire.json")).code == 0);
  REQUIRE(run(db, "campaign create R2026 --questionnaire tt12-self-assessment@1 --title T --opens 2026-11-01"
                  " --closes 2026-12-25").code == 0);
  REQUIRE(run(db, "campaign open R2026").code == 0);

  const std::string good = testing::sample_path("uploads/R2026_79.csv");
  const Result first = run(db, "--as province:79 survey upload R2026 " + good);
  CHECK(first.code == 0);
  CHECK(first.out.find(": 25 rows: 25 new, 0 replaced, 0 unchanged; upload #1; sha256 ") != std::string::npos);
  const Result again = run(db, "--as province:79 survey upload R2026 " + good);
  CHECK(again.out.find("25 unchanged (identical to what is stored: nothing written)") != std::string::npos);
  CHECK(run(db, "--as province:01 survey upload R2026 " + good).code == 1);  // not Hà Nội's systems

  const std::string before = db.signature();
  const std::string errors = temp_file(".csv");
  const std::string bad = testing::sample_path("uploads/R2026_92_errors.csv");
  const Result refused = run(db, "--as province:92 survey upload R2026 " + bad + " --errors " + errors);
  CHECK(refused.code == 1);
  CHECK(refused.err.find("syscensus: " + bad + ": 9 problems; nothing was stored\n") != std::string::npos);
  CHECK(db.signature() == before);
  std::ifstream report(errors);
  std::string line;
  std::getline(report, line);
  CHECK(line == "row,column,field,value,code,message,hint\r");
  std::size_t lines = 0;
  while (std::getline(report, line)) ++lines;
  CHECK(lines == 9);
  std::remove(errors.c_str());

  const Result coverage = run(db, "report coverage R2026 --by province --format csv");
  CHECK(coverage.out.find("79,28,25,3,89.3") != std::string::npos);
  CHECK(run(db, "--as province:79 report coverage R2026 --format json").out.find("\"expected\": 28") != std::string::npos);
}

namespace {

bool accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

}  // namespace

TEST_CASE("cli: serve runs until SIGTERM and then exits cleanly", "[cli][api]") {
  testing::TestDb db;
  const int port = testing::free_port();
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    setenv("SYSCENSUS_TOKEN_KEY", "serve-test-key", 1);
    const std::string listen = "127.0.0.1:" + std::to_string(port);
    execl(SYSCENSUS_BIN, "syscensus", "--db", db.url().c_str(), "serve", "--listen", listen.c_str(), nullptr);
    _exit(127);
  }
  bool up = false;
  for (int i = 0; i < 100 && !up; ++i) {
    up = accepts(port);
    if (!up) usleep(50'000);
  }
  CHECK(up);
  kill(child, SIGTERM);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_FALSE(accepts(port));
}
