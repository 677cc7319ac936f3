// A full disk, on SQLite: the database capped by `?max_page_count=N` in its URL
// during an upload and an import (a clear error, nothing written, and the same
// run works once the cap is raised), and output written to /dev/full or failing
// half-way (an error, and no partial file left where the output was meant to go).
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "faults/fault_support.hpp"
#include "schema/query.hpp"

using namespace syscensus;
using namespace syscensus::faults;

namespace {

const std::string kUploadFile = testing::sample_path("uploads/R2026_01.csv");  // 162 systems of Hà Nội
const std::string kNoSpace = "No space left on device";

// The database's URL capped at its present size: it may not grow by one page.
std::string full_url(const Census& census) {
  schema::Database db = census.open();
  const std::string pages = *schema::fetch_rows(db.session(), "PRAGMA page_count", 1)[0][0];
  return census.url() + "?max_page_count=" + pages;
}

// A fresh folder, removed with its contents at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string name = (std::filesystem::temp_directory_path() / "syscensus_fault_dir_XXXXXX").string();
    REQUIRE(mkdtemp(name.data()) != nullptr);
    path = name;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path)) names.push_back(entry.path().filename());
    return names;
  }
};

void check_full(const Run& run, const Census& census, const Signature& before) {
  CHECK(run.code == 2);
  CHECK(run.out.empty());
  CHECK_THAT(run.err, Catch::StartsWith("syscensus: ") && Catch::Contains("database or disk is full"));
  CHECK_THAT(run.err, !Catch::Contains("::"));  // no driver's function name
  CHECK(census.signature() == before);
  CHECK(census.integrity_problems() == Lines{});
}

}  // namespace

TEST_CASE("faults: a survey upload into a full SQLite database fails whole and reruns once there is room",
          "[faults][disk]") {
  const Census census;
  const Signature before = census.signature();
  const std::string url = full_url(census);
  const Lines upload{"--as", "province:01", "survey", "upload", "R2026", kUploadFile};
  Lines args{"--db", url};
  args.insert(args.end(), upload.begin(), upload.end());
  check_full(run_program(args), census, before);

  args[1] = census.url() + "?max_page_count=1000000";
  const Run rerun = run_program(args);
  CHECK(rerun.code == 0);
  CHECK_THAT(rerun.out, Catch::Contains(": 162 rows: 162 new, 0 replaced, 0 unchanged; upload #"));
  CHECK(census.stored("SELECT count(*) FROM submissions WHERE is_current = 1") == "162");
}

TEST_CASE("faults: a systems import into a full SQLite database fails whole and reruns once there is room",
          "[faults][disk]") {
  const Census census(Setup::bodies);
  const Signature before = census.signature();
  Lines args{"--db", full_url(census), "systems", "import", testing::sample_path("systems.csv")};
  check_full(run_program(args), census, before);

  args[1] = census.url() + "?max_page_count=1000000";
  const Run rerun = run_program(args);
  CHECK(rerun.code == 0);
  CHECK_THAT(rerun.out, Catch::Contains(": 400 rows: 400 created, 0 updated, 0 unchanged"));
  CHECK(census.stored("SELECT count(*) FROM systems") == "400");
}

TEST_CASE("faults: opening a round in a full SQLite database says so in the database's words", "[faults][disk]") {
  const Census census;
  REQUIRE(census.cli({"campaign", "create", "R2027", "--questionnaire", "tt12-self-assessment@1", "--title", "T",
                      "--opens", "2027-11-01", "--closes", "2027-12-25"})
              .code == 0);
  const Signature before = census.signature();
  const Run run = run_program({"--db", full_url(census), "campaign", "open", "R2027"});
  CHECK(run.err == "syscensus: database error: database or disk is full\n");
  check_full(run, census, before);
}

TEST_CASE("faults: a SQLite URL takes max_page_count and nothing else", "[faults][disk]") {
  const Census census(Setup::bodies);
  const Run run = census.cli({"systems", "list"});
  REQUIRE(run.code == 0);
  const Run bad = run_program({"--db", census.url() + "?cache=shared", "systems", "list"});
  CHECK(bad.code == 1);
  CHECK(bad.err == "syscensus: database URL \"" + census.url() +
                       "?cache=shared\": unknown option \"cache=shared\"; a SQLite URL takes only ?max_page_count=N\n");
}

TEST_CASE("faults: an export to a full device exits 2 and says so", "[faults][disk]") {
  const Census census;
  const Run listed = census.cli({"systems", "list", "--format", "csv"}, {}, "/dev/full");
  CHECK(listed.code == 2);
  CHECK(listed.err == "syscensus: cannot write standard output: " + kNoSpace + "\n");

  const Run templated = census.cli({"survey", "template", "R2026", "--province", "01", "--out", "/dev/full"});
  CHECK(templated.code == 2);
  CHECK(templated.err == "syscensus: cannot write /dev/full: " + kNoSpace + "\n");
  struct stat device {};
  REQUIRE(stat("/dev/full", &device) == 0);
  CHECK(S_ISCHR(device.st_mode));  // written to, not replaced by a regular file

  for (const char* flag : {"--version", "--help"}) {
    const Run shown = census.cli({flag}, {}, "/dev/full");
    CHECK(shown.code == 2);
    CHECK(shown.err == "syscensus: cannot write standard output: " + kNoSpace + "\n");
  }

  // The same output to a device with room: the failure above was the device's.
  const Run to_null = census.cli({"systems", "list", "--format", "csv"}, {}, "/dev/null");
  CHECK(to_null.code == 0);
  CHECK(to_null.err.empty());
}

TEST_CASE("faults: an output file that cannot be written whole is not left behind", "[faults][disk]") {
  const Census census;
  const TempDir dir;
  const std::string target = (dir.path / "R2026_01.csv").string();
  const Lines args{"survey", "template", "R2026", "--province", "01", "--out", target};
  const Run expected = census.cli({"survey", "template", "R2026", "--province", "01"});
  REQUIRE(expected.code == 0);

  SECTION("the disk fills after the first block: an error, and no file at all") {
    const Run run = census.cli(args, {fault("export.write")});
    CHECK(run.code == 2);
    CHECK(run.err == "syscensus: cannot write " + target + ": " + kNoSpace + "\n");
    CHECK(dir.entries().empty());  // neither the target nor the temporary file
  }
  SECTION("the disk fills while replacing a file: the old file stays whole") {
    std::ofstream(target) << "the previous export\n";
    const Run run = census.cli(args, {fault("export.write")});
    CHECK(run.code == 2);
    CHECK(read_file(target) == "the previous export\n");
    CHECK(dir.entries() == std::vector<std::string>{"R2026_01.csv"});
  }
  SECTION("killed with the file written but not yet in place: no file under the target name") {
    const Run run = census.cli(args, {fault("export.rename")});
    CHECK(run.signal == SIGKILL);
    CHECK(!std::filesystem::exists(target));
  }
  const Run written = census.cli(args);  // and with room, the whole file
  CHECK(written.code == 0);
  CHECK(read_file(target) == expected.out);
}
