// Every import error a user can meet, with the exact message, and the proof
// that a failed import leaves the database as it was.
#include <catch2/catch.hpp>

#include "support/registry_fixture.hpp"

using namespace syscensus;
using testing::import_errors;
using Lines = std::vector<std::string>;

namespace {

const std::string kHeader =
    "code,name,owner,operator,province,category,level,dossier_status,decision_no,decision_date,info_types,"
    "personal_data_subjects,internet_facing,shared_scope,hosting,lifecycle,go_live,retired_on\n";
const std::string kGood = "T-1,Hệ thống thử,000.00.00.G03,,,a,1,none,,,public,,no,,on_premises,operating,2024-01-01,\n";

// Runs a systems import that must fail; checks nothing changed; returns the messages.
Lines failed_systems_import(const std::string& csv) {
  testing::TestDb test;
  schema::Database db = test.open();
  testing::load_sample_bodies(db);
  const std::string before = test.signature();
  Lines lines = import_errors(db, &registry::import_systems, csv);
  CHECK(test.signature() == before);
  return lines;
}

}  // namespace

TEST_CASE("unknown and missing columns", "[import][errors]") {
  const Lines lines = failed_systems_import("code,name,colour,owner,category,dossier_status,internet_facing\n"
                                            "T-1,X,red,000.00.00.G03,a,none,no\n");
  CHECK(lines == Lines{
      "t.csv: missing required column \"lifecycle\"",
      "t.csv:1:3: \"colour\": unknown column; expected columns: code, name, owner, operator, province, category, "
      "level, dossier_status, decision_no, decision_date, info_types, personal_data_subjects, internet_facing, "
      "shared_scope, hosting, lifecycle, go_live, retired_on"});
}

TEST_CASE("every bad value in the file is reported at once", "[import][errors]") {
  const Lines lines = failed_systems_import(
      kHeader + kGood +
      "T-1,Trùng mã,000.00.00.G03,,,a,1,none,,,,,no,,,operating,,\n"
      "T-3,Chủ quản lạ,000.00.00.G99,,,a,1,none,,,,,no,,,operating,,\n"
      "T-4,Sai loại,000.00.00.G03,,,f,7,approved,1/QĐ,31/02/2025,,,maybe,,,operating,12/31/2025,\n"
      "T-5,,000.00.00.G03,,99,a,,proposed,,,,10.000,no,,,retired,,\n");
  CHECK(lines == Lines{
      "t.csv:3:1: code \"T-1\": appears again (first on row 2); each system may appear once per file",
      "t.csv:4:3: owner \"000.00.00.G99\": no entity with this code; import entities first",
      "t.csv:5:6: category \"f\": not a valid category; use one of: a, b, c, d, e",
      "t.csv:5:7: level \"7\": level must be between 1 and 5",
      "t.csv:5:10: decision_date \"31/02/2025\": not a valid date; write YYYY-MM-DD or DD/MM/YYYY (day first)",
      "t.csv:5:13: internet_facing \"maybe\": not yes or no; use yes or no",
      "t.csv:5:17: go_live \"12/31/2025\": not a valid date; write YYYY-MM-DD or DD/MM/YYYY (day first)",
      "t.csv:6:2: name: a value is required",
      "t.csv:6:5: province \"99\": no such province; import units first",
      "t.csv:6:7: level: a level is required once a dossier is proposed",
      "t.csv:6:12: personal_data_subjects \"10.000\": not a whole number; write digits only, without separators or spaces",
      "t.csv:6:18: retired_on: a retired system needs its retirement date"});
}

TEST_CASE("an approved dossier needs its decision", "[import][errors]") {
  const Lines lines = failed_systems_import(kHeader +
                                            "T-1,X,000.00.00.G03,,,a,2,approved,,,,,no,,,operating,,\n");
  CHECK(lines == Lines{"t.csv:2:9: decision_no: an approved dossier needs its decision number",
                       "t.csv:2:10: decision_date: an approved dossier needs its decision date"});
}

TEST_CASE("invalid UTF-8 is reported with its byte offset", "[import][errors]") {
  // "Hệ thống" in Windows-1258-like bytes: not UTF-8.
  const std::string row = "T-1,H\xEA th\xF4ng,000.00.00.G03,,,a,1,none,,,,,no,,,operating,,\n";
  const Lines lines = failed_systems_import(kHeader + row);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "t.csv:2:2: name: invalid UTF-8 at byte " + std::to_string(kHeader.size() + 5) +
                        "; save the file as UTF-8; legacy Vietnamese encodings (TCVN3, VNI, Windows-1258) are not"
                        " accepted");
}

TEST_CASE("a file with both commas and semicolons in the header is refused", "[import][errors]") {
  const Lines lines = failed_systems_import("code;name,owner\nT-1;X,Y\n");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "t.csv:1: the header has both commas and semicolons; use one delimiter, or add a first line \"sep=;\"");
}

TEST_CASE("unit periods, links and entity hierarchy are checked", "[import][errors]") {
  testing::TestDb test;
  schema::Database db = test.open();
  testing::load_sample_bodies(db);
  const std::string before = test.signature();
  CHECK(import_errors(db, &registry::import_units,
                      "code,name,kind,parent,valid_from,valid_to,merged_into\n"
                      "24,Bắc Ninh mới,province,,2025-01-01,,\n"
                      "98,Tỉnh thử,province,,2004-01-01,2003-01-01,\n"
                      "97,Tỉnh gộp,province,,2004-01-01,,01\n"
                      "96,Tỉnh gộp 2,province,,2004-01-01,2025-06-30,55\n") ==
        Lines{"t.csv:2:5: valid_from \"2025-01-01\": overlaps unit 24 valid from 2004-01-01; end the earlier unit "
              "(valid_to) before the later one starts",
              "t.csv:3:6: valid_to \"2003-01-01\": ends before valid_from 2004-01-01",
              "t.csv:4:7: merged_into \"01\": a merged unit needs valid_to; give the last day before the merger in "
              "valid_to",
              "t.csv:5:7: merged_into \"55\": no unit with this code on 2025-07-01; import the successor unit too"});
  CHECK(import_errors(db, &registry::import_entities,
                      "code,name,kind,parent,province,contact_email\n"
                      "000.00.01.G03,Cục A,department,000.00.02.G03,01,\n"
                      "000.00.02.G03,Cục B,department,000.00.01.G03,01,a@b\n"
                      "000.00.03.G03,Cục C,department,000.00.09.G03,27x,\n") ==
        Lines{"t.csv:2:4: parent \"000.00.02.G03\": an entity cannot be under itself",
              "t.csv:3:4: parent \"000.00.01.G03\": an entity cannot be under itself",
              "t.csv:3:6: contact_email \"a@b\": not an email address",
              "t.csv:4:4: parent \"000.00.09.G03\": no entity with this code; add the parent entity to this file or "
              "import it first",
              "t.csv:4:5: province \"27x\": not a unit code (2 digits for a province, 5 for a commune; keep leading "
              "zeros)"});
  CHECK(test.signature() == before);
}

TEST_CASE("an enterprise is identified by its tax code, other kinds keep the agency-code rules", "[import][errors]") {
  testing::TestDb test;
  schema::Database db = test.open();
  const std::string header = "code,name,kind,parent\n";
  CHECK(import_errors(db, &registry::import_entities,
                      header + "101234567,Công ty A,enterprise,\n01012345670,Chi nhánh A,enterprise,\n"
                               "000.00.18.G12,Công ty B,enterprise,\n") ==
        Lines{"t.csv:2:1: code \"101234567\": not a tax code (10 digits, or 10-3 digits for a branch; keep leading zeros)",
              "t.csv:3:1: code \"01012345670\": not a tax code (10 digits, or 10-3 digits for a branch; keep leading "
              "zeros)",
              "t.csv:4:1: code \"000.00.18.G12\": not a tax code (10 digits, or 10-3 digits for a branch; keep leading "
              "zeros)"});
  CHECK(testing::import_text(db, &registry::import_entities,
                    header + "0101234567,Công ty A,enterprise,\n0101234567-001,Chi nhánh A,enterprise,0101234567\n"
                             "101234567,Cơ quan C,agency,\n")
            .created == 3);
}

TEST_CASE("checking a registry file stops at 1,000 problems, with every problem of the rows checked",
          "[import][errors]") {
  testing::TestDb test;
  schema::Database db = test.open();
  testing::load_sample_bodies(db);
  const std::string before = test.signature();
  // A file of 1,500 systems, each at level 7; row 1,001 also says "maybe" for internet_facing.
  auto file = [](int rows, int also_bad_row) {
    std::string csv = kHeader;
    for (int i = 0; i < rows; ++i)
      csv += "T-" + std::to_string(i) + ",Hệ thống,000.00.00.G03,,,a,7,none,,,public,," +
             (i + 2 == also_bad_row ? "maybe" : "no") + ",,on_premises,operating,2024-01-01,\n";
    return csv;
  };
  auto refusal = [&](const std::string& csv) {
    try {
      testing::import_text(db, &registry::import_systems, csv);
    } catch (const common::InvalidInput& e) {
      return e;
    }
    FAIL("the file was imported");
    return common::InvalidInput("");
  };
  // The 1,000th problem is on row 1,001, which is reported whole; the rows after it are not read.
  const common::InvalidInput stopped = refusal(file(1500, 1001));
  CHECK(std::string(stopped.what()) ==
        "t.csv: 1001 problems up to row 1001, where checking stopped (it stops at 1000 problems); nothing was imported");
  REQUIRE(stopped.issues().size() == 1001);
  CHECK(stopped.issues()[998].row == 1000);
  CHECK(stopped.issues()[999].column == "level");
  CHECK(stopped.issues().back().row == 1001);
  CHECK(stopped.issues().back().column == "internet_facing");
  // 999 problems, or the 1,000th on the last row: every row is checked, the usual message.
  const common::InvalidInput fewer = refusal(file(999, 0) + "T-X,Hệ thống,000.00.00.G03,,,a,1,none,,,public,,no,,,operating,,\n");
  CHECK(std::string(fewer.what()) == "t.csv: 999 problems; nothing was imported");
  const common::InvalidInput exactly = refusal(file(1000, 0));
  CHECK(std::string(exactly.what()) == "t.csv: 1000 problems; nothing was imported");
  CHECK(exactly.issues().size() == 1000);
  // Problems found after reading count too: an owner nobody imported, on every row.
  std::string unknown_owners = kHeader;
  for (int i = 0; i < 1500; ++i)
    unknown_owners += "T-" + std::to_string(i) + ",Hệ thống,000.00.00.G99,,,a,1,none,,,public,,no,,,operating,,\n";
  const common::InvalidInput owners = refusal(unknown_owners);
  CHECK(std::string(owners.what()) ==
        "t.csv: 1000 problems up to row 1001, where checking stopped (it stops at 1000 problems); nothing was imported");
  CHECK(owners.issues().size() == 1000);
  CHECK(owners.issues().back().row == 1001);
  CHECK(test.signature() == before);
}
