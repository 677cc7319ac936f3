// The access matrix of the API, for the CLI's `--as`: for each role (admin,
// province, ministry, reader) and each command that reads or writes province
// data, what is allowed, and that the output holds exactly the caller's rows
// (compared with what an admin sees when filtering for the same province or
// owner), so that no province ever sees another's systems or answers.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "support/process.hpp"
#include "support/test_db.hpp"

using namespace syscensus;
using nlohmann::json;

namespace {

using Result = testing::CommandResult;

Result run(const testing::TestDb& db, const std::string& as, const std::string& args) {
  return testing::run_command(std::string(SYSCENSUS_BIN) + " --db '" + db.url() + "' --as " + as + " " + args);
}

// Runs a command that must succeed and returns its JSON output.
json run_json(const testing::TestDb& db, const std::string& as, const std::string& args) {
  const Result r = run(db, as, args + " --format json");
  INFO("--as " << as << " " << args << ": " << r.err);
  REQUIRE(r.code == 0);
  return json::parse(r.out);
}

std::set<std::string> column(const json& rows, const char* name) {
  std::set<std::string> values;
  for (const auto& row : rows) values.insert(row.at(name).is_null() ? "" : row.at(name).get<std::string>());
  return values;
}

const std::string kHcm = "province:79";
const std::string kHanoi = "province:01";
const std::string kMof = "ministry:000.00.00.G04";  // Bộ Tài chính, with a system (BTC-0003) in 79

// Units, entities, systems, a questionnaire, an open round R1 with the sample
// answers of 01, 48 and 79 uploaded.
void set_up(const testing::TestDb& db) {
  for (const char* kind : {"units", "entities", "systems"})
    REQUIRE(run(db, "admin", std::string(kind) + " import " + testing::sample_path(std::string(kind) + ".csv")).code == 0);
  REQUIRE(run(db, "admin", "questionnaire import " + testing::sample_path("questionnaire.json")).code == 0);
  REQUIRE(run(db, "admin", "campaign create R1 --questionnaire tt12-self-assessment@1 --title T --opens 2026-11-01"
                           " --closes 2026-12-25").code == 0);
  REQUIRE(run(db, "admin", "campaign open R1").code == 0);
  for (const char* p : {"01", "48", "79"})
    REQUIRE(run(db, "province:" + std::string(p), "survey upload R1 " + testing::sample_path("uploads/R2026_" + std::string(p) + ".csv")).code == 0);
}

}  // namespace

TEST_CASE("cli access: systems list, show, count, check and export hold only the caller's systems", "[cli][access]") {
  testing::TestDb db;
  set_up(db);
  const json all = run_json(db, "admin", "systems list");
  REQUIRE(all.size() == 400);
  CHECK(run_json(db, "reader", "systems list") == all);

  const json hcm = run_json(db, kHcm, "systems list");
  REQUIRE(!hcm.empty());
  CHECK(column(hcm, "current_province") == std::set<std::string>{"79"});
  CHECK(hcm == run_json(db, "admin", "systems list --province 79"));
  // A province filter naming another province finds nothing, rather than the other's systems.
  CHECK(run_json(db, kHcm, "systems list --province 01").empty());
  const json mof = run_json(db, kMof, "systems list");
  REQUIRE(!mof.empty());
  CHECK(mof == run_json(db, "admin", "systems list --owner 000.00.00.G04"));

  // The CSV export is the same rows (the import format).
  const Result csv = run(db, kHcm, "systems list --format csv");
  REQUIRE(csv.code == 0);
  CHECK(csv.out.find("HNI-") == std::string::npos);
  CHECK(static_cast<std::size_t>(std::count(csv.out.begin(), csv.out.end(), '\n')) >= hcm.size() + 1);
  for (const auto& s : hcm) CHECK(csv.out.find("\n" + s.at("code").get<std::string>() + ",") != std::string::npos);

  // Counts and checks cover the caller's systems only.
  const json count = run_json(db, kHcm, "systems count --by province");
  CHECK(count == run_json(db, "admin", "systems count --by province --province 79"));
  REQUIRE(count.size() == 2);
  CHECK(count[0].at("province") == "79");
  CHECK(count[0].at("systems") == hcm.size());
  CHECK(count[1].at("province") == "total");
  CHECK(count[1].at("systems") == hcm.size());
  const json check = run_json(db, kHcm, "systems check");
  CHECK(check == run_json(db, "admin", "systems check --province 79"));
  CHECK(run_json(db, kMof, "systems check") == run_json(db, "admin", "systems check --owner 000.00.00.G04"));

  // Another province's system answers exactly as a missing one does, with or without --history.
  for (const std::string flags : {"", " --history"}) {
    INFO("systems show" << flags);
    const Result other = run(db, kHcm, "systems show HNI-0004" + flags);
    CHECK(other.code == 1);
    CHECK(other.out.empty());
    CHECK(other.err == "syscensus: no system \"HNI-0004\"\n");
    CHECK(run(db, kHcm, "systems show NOPE-1" + flags).err == "syscensus: no system \"NOPE-1\"\n");
    CHECK(run(db, kHanoi, "systems show HNI-0004" + flags).code == 0);
    CHECK(run(db, kMof, "systems show BTC-0003" + flags).code == 0);
    CHECK(run(db, kMof, "systems show HCM-0002" + flags).code == 1);
    CHECK(run(db, "reader", "systems show HNI-0004" + flags).code == 0);
  }
}

TEST_CASE("cli access: registry writes stay within the caller's scope, and a reader writes nothing", "[cli][access]") {
  testing::TestDb db;
  set_up(db);
  const std::string before = db.signature();
  const std::string hanoi_row = testing::temp_file(".csv");
  std::ofstream(hanoi_row, std::ios::binary) << "code,name,owner,category,dossier_status,internet_facing,lifecycle\n"
                                                "HNI-NEW-1,X,000.00.00.H26,a,none,no,planned\n";
  const std::string units = testing::sample_path("units.csv");
  struct Refused { std::string as, args; };
  for (const Refused& r : std::vector<Refused>{
           {kHcm, "systems retire HNI-0004 --reason x"},
           {kMof, "systems retire HCM-0002 --reason x"},
           {"reader", "systems retire HNI-0004 --reason x"},
           {kHcm, "systems import " + hanoi_row},
           {"reader", "systems import " + hanoi_row},
           {kHcm, "units import " + units},
           {kHcm, "entities import " + testing::sample_path("entities.csv")},
           {"reader", "units import " + units},
           {kHcm, "questionnaire import " + testing::sample_path("questionnaire.json")},
           {kHcm, "campaign create R2 --questionnaire tt12-self-assessment@1 --title T --opens 2026-11-01 --closes 2026-12-25"},
           {kHcm, "campaign close R1"},
           {"reader", "campaign close R1"},
           {kHcm, "token create --name x --role admin"},
           {kHcm, "token revoke nobody"},
       }) {
    const Result result = run(db, r.as, r.args);
    INFO("--as " << r.as << " " << r.args << ": " << result.err);
    CHECK(result.code == 1);
    CHECK(result.out.empty());
  }
  CHECK(db.signature() == before);
  CHECK(run(db, kHcm, "systems retire HNI-0004 --reason x").err == "syscensus: no system \"HNI-0004\"\n");
  CHECK(run(db, "reader", "token create --name x --role admin").err.find("admin") != std::string::npos);

  // Within the scope, the same writes go through.
  CHECK(run(db, kHanoi, "systems import " + hanoi_row).code == 0);
  CHECK(run(db, kHanoi, "systems retire HNI-NEW-1 --reason x").code == 0);
  CHECK(run(db, kMof, "systems retire BTC-0003 --reason x").code == 0);
  std::remove(hanoi_row.c_str());
}

TEST_CASE("cli access: the change log is national: admin and reader only", "[cli][access]") {
  testing::TestDb db;
  set_up(db);
  const json all = run_json(db, "admin", "changes --since 0");
  REQUIRE(!all.empty());
  CHECK(run_json(db, "reader", "changes --since 0") == all);
  for (const std::string& as : {kHcm, kMof}) {
    const Result r = run(db, as, "changes --since 0");
    INFO(as);
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("admin or reader") != std::string::npos);
  }
}

TEST_CASE("cli access: survey template, upload, show and history within the scope", "[cli][access]") {
  testing::TestDb db;
  set_up(db);
  const json hcm_systems = run_json(db, "admin", "systems list --province 79");
  std::set<std::string> hcm_codes = column(hcm_systems, "code");

  const Result own = run(db, kHcm, "survey template R1 --province 79");
  REQUIRE(own.code == 0);
  std::size_t rows = 0;
  for (std::size_t at = own.out.find('\n'); at != std::string::npos && at + 1 < own.out.size(); at = own.out.find('\n', at + 1)) {
    const std::string code = own.out.substr(at + 1, own.out.find(',', at + 1) - at - 1);
    INFO(code);
    CHECK(hcm_codes.count(code) == 1);
    ++rows;
  }
  CHECK(rows == 28);  // the systems of 79 the round froze
  // A province's own is the default; anyone else must say which.
  CHECK(run(db, kHcm, "survey template R1").out == own.out);
  const Result unnamed = run(db, "admin", "survey template R1");
  CHECK(unnamed.code == 1);
  CHECK(unnamed.err.find("--province is required") != std::string::npos);
  CHECK(run(db, kHcm, "survey template R1 --province 01").code == 1);
  CHECK(run(db, kHcm, "survey template R1 --province 01").out.empty());
  // A ministry's template of a province lists only that ministry's systems there.
  const Result mof = run(db, kMof, "survey template R1 --province 79");
  REQUIRE(mof.code == 0);
  CHECK(mof.out.find("\nBTC-0003,") != std::string::npos);
  CHECK(mof.out.find("\nHCM-") == std::string::npos);

  const std::string before = db.signature();
  const std::string hcm_file = testing::sample_path("uploads/R2026_79.csv");
  for (const std::string& as : {kHanoi, kMof, std::string("reader")}) {
    const Result r = run(db, as, "survey upload R1 " + hcm_file);
    INFO(as << ": " << r.err);
    CHECK(r.code == 1);
    CHECK(r.out.empty());
  }
  CHECK(db.signature() == before);

  for (const char* sub : {"show", "history"}) {
    INFO(sub);
    const Result other = run(db, kHcm, std::string("survey ") + sub + " R1 HNI-0004");
    CHECK(other.code == 1);
    CHECK(other.out.empty());
    const Result missing = run(db, kHcm, std::string("survey ") + sub + " R1 NOPE-1");
    CHECK(missing.code == 1);
    std::string expected = missing.err;
    const auto at = expected.find("NOPE-1");
    REQUIRE(at != std::string::npos);
    CHECK(other.err == expected.replace(at, 6, "HNI-0004"));  // exactly as for a system that does not exist
    CHECK(run(db, kHanoi, std::string("survey ") + sub + " R1 HNI-0004").code == 0);
    CHECK(run(db, "reader", std::string("survey ") + sub + " R1 HNI-0004").code == 0);
    CHECK(run(db, kMof, std::string("survey ") + sub + " R1 HCM-0002").code == 1);
  }
  CHECK(run(db, kMof, "survey history R1 BTC-0003").code == 0);  // the ministry's own, in 79
}

TEST_CASE("cli access: reports cover the caller's systems only", "[cli][access]") {
  testing::TestDb db;
  set_up(db);
  // Grouped by province, a province sees one line, its own, with the numbers an admin sees for it.
  for (const std::string report : {"coverage R1 --by province", "compliance R1 --by province",
                                   "compare R1 R1 --by province"}) {
    INFO(report);
    const json admin = run_json(db, "admin", "report " + report);
    const json hcm = run_json(db, kHcm, "report " + report);
    REQUIRE(hcm.size() >= 1);
    CHECK(hcm[0].at("province") == "79");
    json admin_79;
    for (const auto& row : admin)
      if (row.at("province") == "79") admin_79 = row;
    CHECK(hcm[0] == admin_79);
    for (std::size_t i = 1; i < hcm.size(); ++i) CHECK(hcm[i].at("province") == "total");
    CHECK(run_json(db, "reader", "report " + report) == admin);
  }
  const json missing = run_json(db, kHcm, "report coverage R1 --missing");
  REQUIRE(!missing.empty());
  CHECK(column(missing, "province") == std::set<std::string>{"79"});
  CHECK(column(run_json(db, kMof, "report coverage R1 --missing"), "owner").count("000.00.00.H29") == 0);

  // Gaps: a province's view equals an admin's view restricted to it.
  CHECK(run_json(db, kHcm, "report gaps R1") == run_json(db, "admin", "report gaps R1 --province 79"));
  CHECK(run_json(db, kHcm, "report gaps R1 --question POL.02") ==
        run_json(db, "admin", "report gaps R1 --question POL.02 --province 79"));
  const json failing = run_json(db, "admin", "report gaps R1 --question POL.02");
  REQUIRE(column(failing, "province").size() > 1);  // the sample answers fail it in several provinces
  CHECK(column(run_json(db, kHcm, "report gaps R1 --question POL.02"), "province") == std::set<std::string>{"79"});
  // Asking for another province's gaps gives nothing of it.
  CHECK(run_json(db, kHcm, "report gaps R1 --province 01").empty());
  CHECK(run_json(db, kHcm, "report gaps R1 --question POL.02 --province 01").empty());
  // The round's own counts: national for national roles, the caller's share otherwise.
  const json national = run_json(db, "admin", "campaign show R1");
  CHECK(run_json(db, "reader", "campaign list") == run_json(db, "admin", "campaign list"));
  const json own = run_json(db, kHcm, "campaign show R1");
  const json coverage = run_json(db, kHcm, "report coverage R1");
  REQUIRE(coverage.size() == 1);
  CHECK(own[0].at("expected") == coverage[0].at("expected"));
  CHECK(own[0].at("received") == coverage[0].at("received"));
  CHECK(own[0].at("expected") < national[0].at("expected"));
  CHECK(run_json(db, kHcm, "campaign list")[0].at("expected") == own[0].at("expected"));
  const json mof = run_json(db, kMof, "report compliance R1 --by ministry");
  CHECK(column(mof, "ministry") == std::set<std::string>{"000.00.00.G04"});
}
