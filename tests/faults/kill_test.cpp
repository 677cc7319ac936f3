// The program killed (SIGKILL, through SYSCENSUS_FAULT) in the middle of a
// survey upload and of a registry import, as the CLI and as the HTTP server, on
// each backend: afterwards the tables hold exactly the state before the write
// or exactly the state a completed write leaves, the backend's integrity checks
// pass, and the same write reruns to completion.
#include <catch2/catch.hpp>

#include <csignal>
#include <nlohmann/json.hpp>

#include "faults/fault_support.hpp"

using namespace syscensus;
using namespace syscensus::faults;

namespace {

const std::string kUploadFile = testing::sample_path("uploads/R2026_01.csv");  // 162 systems of Hà Nội
const std::string kUploadRoute = "/api/v1/campaigns/R2026/uploads";
const Lines kUploadArgs{"--as", "province:01", "survey", "upload", "R2026", kUploadFile};
const Lines kImportArgs{"systems", "import", testing::sample_path("systems.csv")};  // 400 systems

// The fault points of an upload, in the order the program passes them; the
// last one is after the commit.
const Lines kUploadPoints{"upload.row:1", "upload.row:81", "upload.before_commit", "upload.after_commit"};

bool after_commit(const std::string& point) { return point.find("after_commit") != std::string::npos; }

// What a completed, uninterrupted run leaves in a fresh database set up the same
// way, timestamps aside (ids are the same: nothing ran before it).
Signature completed_state(Setup setup, const Lines& args) {
  const Census control(setup);
  const Run run = control.cli(args);
  REQUIRE(run.code == 0);
  return without_times(control.signature());
}

// The same, through a server (whose uploads record another actor than the CLI's).
Signature completed_upload_over_http() {
  const Census control;
  const std::string token = control.token("province:01");
  {
    const Server server(control);
    REQUIRE(server.post(kUploadRoute, token, read_file(kUploadFile)) == 201);
  }
  Signature state = without_times(control.signature());
  state.erase("tokens");  // random secrets
  return state;
}

}  // namespace

TEST_CASE("faults: the CLI killed during a survey upload leaves the state before or after, and reruns", "[faults]") {
  const std::string point = GENERATE(from_range(kUploadPoints));
  INFO("SYSCENSUS_FAULT=" << point);
  const Census census;
  const Signature before = census.signature();

  const Run killed = census.cli(kUploadArgs, {fault(point)});
  REQUIRE(killed.signal == SIGKILL);  // the fault point was reached: the process died there
  CHECK(killed.out.empty());          // no receipt
  CHECK(census.integrity_problems() == Lines{});

  const Signature crashed = census.signature();
  if (!after_commit(point)) {
    CHECK(crashed == before);
    const Run rerun = census.cli(kUploadArgs);
    CHECK(rerun.code == 0);
    CHECK(rerun.err.empty());
    CHECK_THAT(rerun.out, Catch::Contains(": 162 rows: 162 new, 0 replaced, 0 unchanged; upload #"));
  } else {
    CHECK(without_times(crashed) == completed_state(Setup::round, kUploadArgs));
    const Run rerun = census.cli(kUploadArgs);
    CHECK(rerun.code == 0);
    CHECK_THAT(rerun.out, Catch::Contains("162 rows: 0 new, 0 replaced, 162 unchanged (identical to what is stored"));
    CHECK(census.signature() == crashed);
  }
  CHECK(census.stored("SELECT count(*) FROM submissions WHERE is_current = 1") == "162");
  CHECK(census.stored("SELECT count(*) FROM uploads") == "1");
  CHECK(census.integrity_problems() == Lines{});
}

TEST_CASE("faults: the server killed during an upload over HTTP leaves the state before or after, and reruns",
          "[faults]") {
  const std::string point = GENERATE(from_range(kUploadPoints));
  INFO("SYSCENSUS_FAULT=" << point);
  const Census census;
  const std::string token = census.token("province:01");
  const std::string body = read_file(kUploadFile);
  const Signature before = census.signature();
  {
    Server server(census, {fault(point)});
    CHECK(server.post(kUploadRoute, token, body) == -1);  // the connection dropped: no answer
    REQUIRE(server.wait() == SIGKILL);
  }
  CHECK(census.integrity_problems() == Lines{});
  const Signature crashed = census.signature();
  if (!after_commit(point)) {
    CHECK(crashed == before);
  } else {
    Signature compared = without_times(crashed);
    compared.erase("tokens");
    CHECK(compared == completed_upload_over_http());
  }

  const Server restarted(census);  // the same database, no fault
  std::string receipt;
  CHECK(restarted.post(kUploadRoute, token, body, &receipt) == (after_commit(point) ? 200 : 201));
  const auto parsed = nlohmann::json::parse(receipt);
  CHECK(parsed["rows"] == 162);
  CHECK(parsed["unchanged"] == (after_commit(point) ? 162 : 0));
  if (after_commit(point)) CHECK(census.signature() == crashed);
  CHECK(census.stored("SELECT count(*) FROM submissions WHERE is_current = 1") == "162");
  CHECK(census.stored("SELECT count(*) FROM uploads") == "1");
  CHECK(census.integrity_problems() == Lines{});
}

TEST_CASE("faults: the CLI killed during a systems import leaves the state before or after, and reruns",
          "[faults]") {
  const std::string point = GENERATE(as<std::string>{}, "import.before_commit", "import.after_commit");
  INFO("SYSCENSUS_FAULT=" << point);
  const Census census(Setup::bodies);
  const Signature before = census.signature();

  const Run killed = census.cli(kImportArgs, {fault(point)});
  REQUIRE(killed.signal == SIGKILL);
  CHECK(killed.out.empty());
  CHECK(census.integrity_problems() == Lines{});

  const Signature crashed = census.signature();
  const Run rerun = census.cli(kImportArgs);
  CHECK(rerun.code == 0);
  if (!after_commit(point)) {
    CHECK(crashed == before);
    CHECK_THAT(rerun.out, Catch::Contains(": 400 rows: 400 created, 0 updated, 0 unchanged"));
  } else {
    CHECK(without_times(crashed) == completed_state(Setup::bodies, kImportArgs));
    CHECK_THAT(rerun.out, Catch::Contains(": 400 rows: 0 created, 0 updated, 400 unchanged"));
    CHECK(census.signature() == crashed);
  }
  CHECK(census.stored("SELECT count(*) FROM systems") == "400");
  CHECK(census.integrity_problems() == Lines{});
}
