#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "registry/entities.hpp"
#include "registry/specs.hpp"
#include "registry/systems.hpp"
#include "schema/change_log.hpp"
#include "support/registry_fixture.hpp"

using namespace syscensus;
using testing::import_text;

namespace {

registry::ImportSummary import_file(schema::Database& db, testing::ImportFn fn, const std::string& name) {
  std::ifstream in(testing::sample_path(name), std::ios::binary);
  return fn(db, in, {name, "test", false});
}

const char* kHeader =
    "code,name,owner,operator,province,category,level,dossier_status,decision_no,decision_date,info_types,"
    "personal_data_subjects,internet_facing,shared_scope,hosting,lifecycle,go_live,retired_on\n";

}  // namespace

TEST_CASE("the samples import, and importing them again changes nothing", "[import]") {
  testing::TestDb test;
  schema::Database db = test.open();
  auto units = import_file(db, &registry::import_units, "units.csv");
  auto entities = import_file(db, &registry::import_entities, "entities.csv");
  auto systems = import_file(db, &registry::import_systems, "systems.csv");
  CHECK(units.created == 100);
  CHECK(entities.created == 67);
  CHECK(systems.created == 400);
  CHECK(registry::list_systems(db, {}).size() == 400);
  CHECK(schema::read_changes(db, {}).size() == 567);

  const std::string before = test.signature();
  for (auto [name, fn] : {std::pair{"units.csv", &registry::import_units},
                          {"entities.csv", &registry::import_entities}, {"systems.csv", &registry::import_systems}}) {
    const auto again = import_file(db, fn, name);
    CHECK(again.created == 0);
    CHECK(again.updated == 0);
    CHECK(again.unchanged == again.rows);
  }
  CHECK(test.signature() == before);
}

TEST_CASE("an update is recorded with its before and after", "[import]") {
  testing::TestDb test;
  schema::Database db = test.open();
  testing::load_sample_bodies(db);
  const std::string row = "T-1,Hệ thống thử,000.00.00.G03,,,a,1,none,,,public,,no,,on_premises,operating,2024-01-01,\n";
  CHECK(import_text(db, &registry::import_systems, kHeader + row).created == 1);
  const std::string changed = "T-1,Hệ thống thử,000.00.00.G03,,,a,2,proposed,,,public,,no,,on_premises,operating,2024-01-01,\n";
  const auto summary = import_text(db, &registry::import_systems, kHeader + changed);
  CHECK(summary.updated == 1);
  const auto log = schema::read_changes(db, {0, 0, "system", "T-1"});
  REQUIRE(log.size() == 2);
  CHECK(log[1].change.op == "update");
  CHECK(log[1].change.source == "t.csv");
  CHECK(log[1].change.source_row == 2);
  CHECK(log[1].change.before->find("\"level\":1") != std::string::npos);
  CHECK(log[1].change.after->find("\"level\":2") != std::string::npos);
  CHECK(registry::get_system(db, "T-1").version == 2);
  CHECK(registry::get_system(db, "T-1").record[4] == "01");  // province taken from the owner
}

TEST_CASE("a dry run reports the same summary and writes nothing", "[import]") {
  testing::TestDb test;
  schema::Database db = test.open();
  testing::load_sample_bodies(db);
  const std::string before = test.signature();
  std::ifstream in(testing::sample_path("systems.csv"), std::ios::binary);
  const auto summary = registry::import_systems(db, in, {"systems.csv", "test", true});
  CHECK(summary.dry_run);
  CHECK(summary.created == 400);
  CHECK(test.signature() == before);
}

TEST_CASE("text is stored NFC-normalised and found without diacritics", "[import]") {
  testing::TestDb test;
  schema::Database db = test.open();
  testing::load_sample_bodies(db);
  // "Quản lý" typed in decomposed form (NFD), semicolon-delimited with a BOM and CRLF.
  const std::string nfd_name = "Qua\xcc\x89n ly\xcc\x81 ho\xcc\x82\xcc\x80 so\xcc\x9b";
  std::string csv = "\xEF\xBB\xBF" "code;name;owner;category;dossier_status;internet_facing;lifecycle\r\n";
  csv += "T-2;" + nfd_name + ";000.00.00.G03;a;none;no;planned\r\n";
  CHECK(import_text(db, &registry::import_systems, csv).created == 1);
  const auto system = registry::get_system(db, "T-2");
  CHECK(*system.record[1] == "Quản lý hồ sơ");
  registry::SystemFilter filter;
  filter.search = "QUAN LY HO SO";
  CHECK(registry::list_systems(db, filter).size() == 1);
}

TEST_CASE("entities link to parents that come later in the file, over several levels", "[import]") {
  testing::TestDb test;
  schema::Database db = test.open();
  // Three levels written bottom-up: every child comes before its parent.
  std::string csv = "code,name,kind,parent\n";
  std::vector<std::pair<std::string, std::string>> expected;  // code, parent
  for (int d = 1; d <= 8; ++d) {
    const std::string dept = "Z01.T.D" + std::to_string(d);
    for (int s = 1; s <= 25; ++s) {
      const std::string school = dept + ".S" + std::to_string(s);
      csv += school + ",Trường " + std::to_string(d) + "-" + std::to_string(s) + ",school," + dept + "\n";
      expected.emplace_back(school, dept);
    }
  }
  for (int d = 1; d <= 8; ++d) {
    const std::string dept = "Z01.T.D" + std::to_string(d);
    csv += dept + ",Sở " + std::to_string(d) + ",department,Z01.T\n";
    expected.emplace_back(dept, "Z01.T");
  }
  csv += "Z01.T,Bộ thử nghiệm,ministry,\n";
  expected.emplace_back("Z01.T", "");

  CHECK(import_text(db, &registry::import_entities, csv).created == expected.size());
  for (const auto& [code, parent] : expected) {
    INFO(code);
    CHECK(registry::get_entity(db, code).record[3].value_or("") == parent);
  }
  registry::EntityFilter under;
  under.under = "Z01.T.D3";
  CHECK(registry::list_entities(db, under).size() == 26);
  under.under = "Z01.T";
  CHECK(registry::list_entities(db, under).size() == expected.size());
  const std::string before = test.signature();
  CHECK(import_text(db, &registry::import_entities, csv).unchanged == expected.size());
  CHECK(test.signature() == before);
}

TEST_CASE("an import tells its progress: rows read, then storing", "[import]") {
  testing::TestDb test;
  schema::Database db = test.open();
  testing::load_sample_bodies(db);
  std::vector<std::pair<std::string, std::uint64_t>> seen;
  std::uint64_t bytes = 0;
  const common::ProgressFn progress = [&](const common::Progress& p) {
    seen.emplace_back(p.stage, p.rows);
    bytes = p.bytes;
  };
  std::string csv = kHeader;
  for (int i = 1; i <= 2050; ++i)
    csv += "P-" + std::to_string(i) + ",Hệ thống " + std::to_string(i) +
           ",000.00.00.G03,,,a,1,none,,,public,,no,,on_premises,operating,2024-01-01,\n";
  std::istringstream dry(csv);
  registry::import_systems(db, dry, {"p.csv", "test", true, {}, progress});
  CHECK(seen == std::vector<std::pair<std::string, std::uint64_t>>{{"reading", 2048}});  // nothing stored
  seen.clear();
  std::istringstream in(csv);
  CHECK(registry::import_systems(db, in, {"p.csv", "test", false, {}, progress}).created == 2050);
  CHECK(seen == std::vector<std::pair<std::string, std::uint64_t>>{{"reading", 2048}, {"storing", 2050}});
  CHECK(bytes == csv.size());
}

TEST_CASE("backslashes, quotes and \\N in text are stored and logged byte-exact", "[import]") {
  testing::TestDb test;
  schema::Database db = test.open();
  testing::load_sample_bodies(db);
  const std::string name = R"(C:\Hệ thống\N "mới" \\ \t)";
  const std::string csv = std::string(kHeader) + "T-9,\"C:\\Hệ thống\\N \"\"mới\"\" \\\\ \\t\",000.00.00.G03,,,a,1,none,,,public,,no,,"
                                    "on_premises,operating,2024-01-01,\n";
  CHECK(import_text(db, &registry::import_systems, csv).created == 1);
  CHECK(*registry::get_system(db, "T-9").record[1] == name);
  const auto log = schema::read_changes(db, {0, 0, "system", "T-9"});
  REQUIRE(log.size() == 1);
  CHECK(nlohmann::json::parse(*log[0].change.after).at("name").get<std::string>() == name);
}

TEST_CASE("systems are written as they are read, and a problem after thousands of rows keeps none", "[import]") {
  testing::TestDb test;
  schema::Database db = test.open();
  testing::load_sample_bodies(db);
  const std::string first = "T-0,Hệ thống 0,000.00.00.G03,,,a,1,none,,,public,,no,,on_premises,operating,2024-01-01,\n";
  REQUIRE(import_text(db, &registry::import_systems, kHeader + first).created == 1);
  const std::string before = test.signature();
  // Three chunks of rows (5,000 each), with one update: systems and change-log entries were
  // written before the last row is read.
  std::string csv = std::string(kHeader) +
                    "T-0,Hệ thống 0,000.00.00.G03,,,a,2,proposed,,,public,,no,,on_premises,operating,2024-01-01,\n";
  for (int i = 1; i <= 10000; ++i)
    csv += "T-" + std::to_string(i) + ",Hệ thống số " + std::to_string(i) +
           " của một cơ quan nhà nước,000.00.00.G03,,,a,1,none,,,public,,no,,on_premises,operating,2024-01-01,\n";
  for (const auto& [last, column] :
       {std::pair<std::string, std::string>{"T-X,Hệ thống,000.00.00.G99,,,a,1,none,,,public,,no,,,operating,,\n", "owner"},
        {"T-17,Hệ thống,000.00.00.G03,,,a,1,none,,,public,,no,,,operating,,\n", "code"},
        {"T-Y,H\xE1,000.00.00.G03,,,a,1,none,,,public,,no,,,operating,,\n", "name"},
        {"T-Z,\"Hệ thống,000.00.00.G03\n", "name"}}) {  // found once the file has ended
    CAPTURE(column);
    try {
      import_text(db, &registry::import_systems, csv + last);
      FAIL("the file was imported");
    } catch (const common::InvalidInput& e) {
      REQUIRE(e.issues().size() == 1);
      CHECK(e.issues()[0].row == 10003);
      CHECK(e.issues()[0].column == column);
    }
    CHECK(test.signature() == before);
    CHECK(registry::list_systems(db, {}).size() == 1);
  }
  const auto summary = import_text(db, &registry::import_systems, csv);
  CHECK(summary.created == 10000);
  CHECK(summary.updated == 1);
  CHECK(registry::list_systems(db, {}).size() == 10001);
  CHECK(registry::get_system(db, "T-0").version == 2);
  CHECK(registry::get_system(db, "T-10000").record[4] == "01");
  CHECK(schema::read_changes(db, {0, 0, "system", ""}).size() == 10002);
  // Unchanged rows are counted and not written again; one change among them is.
  std::string again = csv;
  const std::string fifth = "T-5,Hệ thống số 5 ";
  again.replace(again.find(fifth), fifth.size(), "T-5,Hệ thống số 5 mới ");
  const auto second = import_text(db, &registry::import_systems, again);
  CHECK(second.updated == 1);
  CHECK(second.unchanged == 10000);
  CHECK(registry::get_system(db, "T-5").version == 2);
  CHECK(schema::read_changes(db, {0, 0, "system", ""}).size() == 10003);
}

TEST_CASE("a row outside the caller's province is reported, and the chunks after it are still checked", "[import]") {
  testing::TestDb test;
  schema::Database db = test.open();
  testing::load_sample_bodies(db);
  const std::string before = test.signature();
  // Row 4,001 is another province's, after 3,999 rows of the same chunk were written.
  std::string csv = kHeader;
  for (int i = 1; i <= 12000; ++i)
    csv += "T-" + std::to_string(i) + ",Hệ thống,000.00.00.G03,," + (i == 4000 ? "79" : "") +
           ",a,1,none,,,public,,no,,,operating,,\n";
  std::istringstream in(csv);
  try {
    registry::import_systems(db, in, {"t.csv", "test", false, registry::Scope{registry::Role::province, "01"}});
    FAIL("the file was imported");
  } catch (const common::InvalidInput& e) {
    REQUIRE(e.issues().size() == 1);
    CHECK(e.issues()[0].row == 4001);
    CHECK(e.issues()[0].code == "out_of_scope");
  }
  CHECK(test.signature() == before);
}
