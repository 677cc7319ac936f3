// Survey rounds end to end on each backend: campaigns, uploads (every error,
// exact messages, nothing written), supersede, identical re-uploads, frozen
// scope, the three answer states and a hand-checked score.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "registry/import.hpp"
#include "schema/query.hpp"
#include "support/registry_fixture.hpp"
#include "survey/campaign.hpp"
#include "survey/catalog.hpp"
#include "survey/reports.hpp"
#include "survey/results.hpp"
#include "survey/upload.hpp"

using namespace syscensus;
using Lines = std::vector<std::string>;

namespace {

const registry::Scope kAdmin{registry::Role::admin, ""};
const registry::Scope k79{registry::Role::province, "79"};

// T79-C is recorded under Bình Dương (74), which rolls up into 79; T79-P is planned (outside the round).
const char* kSystems =
    "code,name,owner,province,category,level,dossier_status,internet_facing,lifecycle\n"
    "T79-A,Hệ thống A,000.00.00.H29,,b,3,proposed,yes,operating\n"
    "T79-B,Hệ thống B,000.00.00.H29,,a,1,proposed,no,operating\n"
    "T79-C,Hệ thống C,000.00.00.H29,74,a,2,proposed,no,operating\n"
    "T79-P,Hệ thống dự kiến,000.00.00.H29,,a,1,proposed,no,planned\n"
    "T01-A,Hệ thống Hà Nội,000.00.00.H26,,a,2,proposed,no,operating\n";

const std::string kHeader = "system,system_name,POL.01,POL.02,POL.03,NET.01,NET.02,NET.03\n";

struct Round {
  testing::TestDb test;
  schema::Database db = test.open();

  explicit Round(bool open = true, const std::string& more_systems = "") {
    testing::load_sample_bodies(db);
    testing::import_text(db, &registry::import_systems, kSystems + more_systems);
    std::ifstream in(testing::data_path("questionnaires/mini.json"));
    std::stringstream json;
    json << in.rdbuf();
    survey::import_questionnaire(db, survey::parse_questionnaire(json.str()), "test");
    survey::create_campaign(db, {"R1", "mini@1", "Vòng thử", "2026-11-01", "2026-12-25", {}}, "test");
    if (open) survey::open_campaign(db, "R1", "test");
  }

  survey::UploadReceipt upload(const std::string& csv, const registry::Scope& scope = k79, bool dry_run = false) {
    std::istringstream in(csv);
    return survey::upload_survey(db, "R1", in, {"u.csv", "test", scope, dry_run});
  }

  // The failure of an upload that must fail; checks nothing was written.
  common::InvalidInput refusal(const std::string& csv, const registry::Scope& scope = k79) {
    const std::string before = test.signature();
    try {
      upload(csv, scope);
    } catch (const common::InvalidInput& e) {
      CHECK(test.signature() == before);
      return e;
    }
    FAIL("the upload was accepted");
    return common::InvalidInput("");
  }

  // The formatted problems of an upload that must fail; checks nothing was written.
  Lines errors(const std::string& csv, const registry::Scope& scope = k79) {
    const common::InvalidInput e = refusal(csv, scope);
    Lines lines;
    for (const auto& issue : e.issues()) lines.push_back(common::format_issue("u.csv", issue));
    return lines;
  }
};

}  // namespace

TEST_CASE("a hand-checked submission scores as computed by hand", "[survey]") {
  Round round;
  // POL.01 yes (weight 2), POL.02 partial, NET.01 no, NET.02 na (excluded):
  // (2 + 0.5 + 0) / (2 + 1 + 1) = 62.5%; POL 2.5/3 = 83.3%; NET 0/1 = 0%.
  const auto receipt = round.upload(kHeader + "T79-A,,yes,partial,3,no,na,daily\n");
  CHECK(receipt.created == 1);
  CHECK(receipt.upload_id > 0);
  CHECK(receipt.content_hash.size() == 64);
  const auto view = survey::current_submission(round.db, "R1", "T79-A", k79);
  REQUIRE(view.info.score);
  CHECK(*view.info.score == Approx(62.5));
  REQUIRE(view.groups.size() == 2);
  CHECK(*view.groups[0] == Approx(250.0 / 3.0));
  CHECK(*view.groups[1] == Approx(0.0));
}

TEST_CASE("answered, unanswered and not applicable stay three states", "[survey]") {
  Round round;
  round.upload(kHeader + "T79-B,,no,,,—,,weekly\n");
  const auto view = survey::current_submission(round.db, "R1", "T79-B", k79);
  using State = survey::AnswerCell::State;
  CHECK(view.answers[0].state == State::answered);        // POL.01
  CHECK(view.answers[1].state == State::unanswered);      // POL.02, optional, left blank
  CHECK(view.answers[3].state == State::not_applicable);  // NET.01 applies from level 3
  CHECK(view.answers[4].state == State::not_applicable);  // NET.02 only internet-facing
  CHECK(*view.info.score == Approx(0.0));
}

TEST_CASE("every upload problem is reported and nothing is written", "[survey][errors]") {
  Round round;
  const Lines lines = round.errors(
      "system,system_name,POL.01,POL.02,POL.03,NET.01,NET.02,NET.03,NET.09\n"
      "T79-A,,maybe,yes,1.200,yes,yes,hourly,\n"
      "T79-A,,yes,yes,,yes,yes,daily,\n"
      "T79-B,,,yes,,yes,,daily,\n"
      "T01-A,,yes,,,,,daily,\n"
      "T79-P,,yes,,,,,daily,\n"
      "NOPE-1,,yes,,,,,daily,\n");
  CHECK(lines == Lines{
      "u.csv:1:9: \"NET.09\": not a question of mini@1; question columns are named by question id, e.g. POL.01",
      "u.csv:2:3: POL.01 \"maybe\": not an answer to POL.01; use yes, partial, no or na",
      "u.csv:2:5: POL.03 \"1.200\": not a whole number; write digits only, without separators",
      "u.csv:2:8: NET.03 \"hourly\": not an answer to NET.03; use one of: daily, weekly, none",
      "u.csv:3:1: system \"T79-A\": appears again (first on row 2)",
      "u.csv:4:3: POL.01: a required answer is missing",
      "u.csv:4:6: NET.01 \"yes\": question does not apply to T79-B: applies from level 3; the system is level 1; "
      "leave the cell empty (or —, as the template has it)",
      "u.csv:5:1: system \"T01-A\": belongs to province 01, not to province:79; a province answers only for its own "
      "systems",
      "u.csv:6:1: system \"T79-P\": not in the scope of campaign R1; the round froze its systems when it opened",
      "u.csv:7:1: system \"NOPE-1\": no system with this code"});
}

TEST_CASE("an upload tells its progress: rows read, then storing", "[survey]") {
  Round round;
  std::vector<std::pair<std::string, std::uint64_t>> seen;
  const common::ProgressFn progress = [&](const common::Progress& p) { seen.emplace_back(p.stage, p.rows); };
  std::istringstream in(kHeader + "T79-A,,yes,yes,,yes,yes,daily\nT79-B,,yes,,,,,daily\n");
  survey::upload_survey(round.db, "R1", in, {"u.csv", "test", k79, false, progress});
  CHECK(seen == std::vector<std::pair<std::string, std::uint64_t>>{{"storing", 2}});
}

TEST_CASE("uploads are refused while a campaign is not open", "[survey][errors]") {
  Round round(false);
  CHECK(round.errors(kHeader + "T79-A,,yes,,,yes,yes,daily\n") ==
        Lines{"u.csv: campaign R1 is draft; uploads are accepted only while it is open",
              "u.csv:2:1: system \"T79-A\": not in the scope of campaign R1; the round froze its systems when it opened"});
}

TEST_CASE("a re-upload supersedes, an identical one changes nothing", "[survey]") {
  Round round;
  const std::string first = kHeader + "T79-A,,yes,,,yes,yes,daily\nT79-B,,no,,,,,daily\n";
  CHECK(round.upload(first).created == 2);
  const std::string before = round.test.signature();
  const auto again = round.upload(first);
  CHECK(again.unchanged == 2);
  CHECK(again.upload_id == 0);
  CHECK(round.test.signature() == before);

  const auto changed = round.upload(kHeader + "T79-A,,no,,,yes,yes,daily\nT79-B,,no,,,,,daily\n");
  CHECK(changed.replaced == 1);
  CHECK(changed.unchanged == 1);
  const auto history = survey::submission_history(round.db, "R1", "T79-A", k79);
  REQUIRE(history.size() == 2);
  CHECK_FALSE(history[0].current);
  CHECK(history[1].current);
  CHECK(*history[1].score == Approx(50.0));  // yes on NET.01 and NET.02, no on POL.01 (weight 2): 2/4
}

// `count` systems of province 79 (T79-X1000 on), a file answering all of them and one that
// changes every answer: uploads go through in chunks of 1,000 rows.
struct ManySystems {
  std::string systems;
  std::string answers = kHeader;
  std::string changed = kHeader;
  explicit ManySystems(int count) {
    for (int i = 0; i < count; ++i) {
      const std::string code = "T79-X" + std::to_string(1000 + i);
      systems += code + ",Hệ thống " + code + ",000.00.00.H29,,a,1,proposed,no,operating\n";
      answers += code + ",,yes,,,,,daily\n";
      changed += code + ",,no,,,,,weekly\n";
    }
  }
};

TEST_CASE("a repeated system is found across chunks, and reported alone", "[survey][errors]") {
  // Rows go through in chunks of 1,000: rows 1,202 and 1,203 repeat rows 2 and 3 from
  // another chunk, and only the repeat is reported, not row 1,202's bad answer.
  const ManySystems many(1200);
  Round round(true, many.systems);
  CHECK(round.errors(many.answers + "T79-X1000,,maybe,,,,,daily\n" + "T79-X1001,,yes,,,,,daily\n") ==
        Lines{"u.csv:1202:1: system \"T79-X1000\": appears again (first on row 2)",
              "u.csv:1203:1: system \"T79-X1001\": appears again (first on row 3)"});
}

TEST_CASE("a large upload stores chunk by chunk, and a late problem undoes the earlier chunks", "[survey][errors]") {
  // Chunks are stored as each passes: 1,500 systems span two.
  const ManySystems many(1500);
  const std::string& changed = many.changed;
  Round round(true, many.systems);
  CHECK(round.upload(many.answers).created == 1500);

  // Row 1,402 (the second chunk) is bad: the replacements of the first chunk, already
  // written, are rolled back with it.
  std::string bad = changed;
  bad.replace(bad.find("T79-X2400,,no,,,,,weekly"), 24, "T79-X2400,,no,,,,,hourly");
  CHECK(round.errors(bad) == Lines{"u.csv:1402:8: NET.03 \"hourly\": not an answer to NET.03; use one of: daily, "
                                   "weekly, none"});
  // A system repeated in the second chunk, whose first row is already stored, is a
  // repeat, not a clash with its current submission.
  CHECK(round.errors(changed + "T79-X1000,,no,,,,,weekly\n") ==
        Lines{"u.csv:1502:1: system \"T79-X1000\": appears again (first on row 2)"});

  const auto receipt = round.upload(changed);
  CHECK(receipt.replaced == 1500);
  CHECK(receipt.created + receipt.unchanged == 0);
  const auto history = survey::submission_history(round.db, "R1", "T79-X2499", k79);
  REQUIRE(history.size() == 2);
  CHECK_FALSE(history[0].current);
  CHECK(history[1].current);
  CHECK(round.upload(changed).unchanged == 1500);
}

TEST_CASE("chunks are checked while the one before is stored: each row once, in file order", "[survey]") {
  // 2,500 systems span three chunks: the second is looked up before the first is stored, the
  // third before the second.
  const ManySystems many(2500);
  const std::string& changed = many.changed;
  Round round(true, many.systems);
  const auto first = round.upload(many.answers);
  CHECK(first.created == 2500);
  REQUIRE(first.upload_id != 0);
  const auto stored = [&](const std::string& sql) { return *schema::fetch_rows(round.db.session(), sql, 1)[0][0]; };
  CHECK(stored("SELECT COUNT(*) FROM submissions WHERE upload_id = " + std::to_string(first.upload_id)) == "2500");
  CHECK(stored("SELECT COUNT(*) FROM submissions") == "2500");
  // The change log follows the file: row numbers in order of sequence.
  const auto entries = schema::fetch_rows(round.db.session(),
                                          "SELECT source_row FROM changes WHERE kind = 'submission' ORDER BY seq", 1);
  REQUIRE(entries.size() == 2500);
  for (std::size_t i = 0; i < entries.size(); ++i) CHECK(entries[i][0] == std::to_string(i + 2));

  // A system of the second chunk named again in the third, whose lookup saw the second
  // chunk's rows not yet stored: a repeat, and nothing stored.
  CHECK(round.errors(changed + "T79-X2200,,no,,,,,weekly\n") ==
        Lines{"u.csv:2502:1: system \"T79-X2200\": appears again (first on row 1202)"});
  const auto second = round.upload(changed);
  CHECK(second.replaced == 2500);
  CHECK(stored("SELECT COUNT(*) FROM submissions WHERE is_current = 1 AND upload_id = " +
               std::to_string(second.upload_id)) == "2500");
  CHECK(stored("SELECT COUNT(*) FROM submissions WHERE is_current = 1") == "2500");
}

TEST_CASE("checking stops at 1,000 problems, with every problem of the rows checked", "[survey][errors]") {
  // One bad answer on each of 1,500 rows, two on row 1,001: the 1,000th problem is on that
  // row, which is reported whole; the rows after it are not checked (row 1,200 would add
  // another kind of problem).
  const ManySystems many(1500);
  Round round(true, many.systems);
  std::string bad = kHeader;
  for (int i = 0; i < 1500; ++i) {
    const std::string code = "T79-X" + std::to_string(1000 + i);
    const int row = i + 2;
    bad += code + (row == 1001 ? ",,maybe,,,,,hourly\n" : row == 1200 ? ",,yes,x,,,,daily\n" : ",,yes,,,,,hourly\n");
  }
  const common::InvalidInput e = round.refusal(bad);
  CHECK(std::string(e.what()) ==
        "u.csv: 1001 problems up to row 1001, where checking stopped (it stops at 1000 problems); nothing was stored");
  REQUIRE(e.issues().size() == 1001);
  CHECK(e.issues().front().row == 2);
  CHECK(e.issues()[998].row == 1000);
  CHECK(e.issues()[999].row == 1001);
  CHECK(e.issues()[999].column == "POL.01");
  CHECK(e.issues().back().row == 1001);
  CHECK(e.issues().back().column == "NET.03");
  CHECK(common::kMaxIssues == 1000);
  // Below the limit nothing stops: 999 problems are all reported, with the usual message.
  std::string fewer = kHeader;
  for (int i = 0; i < 1500; ++i)
    fewer += "T79-X" + std::to_string(1000 + i) + (i < 999 ? ",,yes,,,,,hourly\n" : ",,yes,,,,,daily\n");
  const common::InvalidInput all = round.refusal(fewer);
  CHECK(std::string(all.what()) == "u.csv: 999 problems; nothing was stored");
  CHECK(all.issues().size() == 999);
  // The 1,000th problem on the file's last row: every row was checked, nothing stopped.
  std::string exactly = kHeader;
  for (int i = 0; i < 1000; ++i) exactly += "T79-X" + std::to_string(1000 + i) + ",,yes,,,,,hourly\n";
  const common::InvalidInput whole = round.refusal(exactly);
  CHECK(std::string(whole.what()) == "u.csv: 1000 problems; nothing was stored");
  CHECK(whole.issues().size() == 1000);
}

TEST_CASE("reader problems count towards the limit; rows stored before roll back", "[survey][errors]") {
  // The first 1,000 rows are good (their chunk is stored while later ones are checked), then
  // 1,500 rows with a value too many: the reader's problems stop checking at row 2,001.
  const ManySystems many(2500);
  Round round(true, many.systems);
  std::string ragged = kHeader;
  for (int i = 0; i < 2500; ++i)
    ragged += "T79-X" + std::to_string(1000 + i) + (i < 1000 ? ",,yes,,,,,daily\n" : ",,yes,,,,,daily,extra\n");
  const common::InvalidInput e = round.refusal(ragged);
  CHECK(std::string(e.what()) ==
        "u.csv: 1000 problems up to row 2001, where checking stopped (it stops at 1000 problems); nothing was stored");
  REQUIRE(e.issues().size() == 1000);
  CHECK(e.issues().front().row == 1002);
  CHECK(e.issues().front().code == "ragged_row");
  CHECK(e.issues().back().row == 2001);
}

TEST_CASE("a dry run writes nothing", "[survey]") {
  Round round;
  const std::string before = round.test.signature();
  const auto receipt = round.upload(kHeader + "T79-A,,yes,,,yes,yes,daily\n", k79, true);
  CHECK(receipt.created == 1);
  CHECK(receipt.dry_run);
  CHECK(round.test.signature() == before);
}

TEST_CASE("opening freezes the systems asked, and old provinces roll up", "[survey]") {
  Round round;
  CHECK(survey::get_campaign(round.db, "R1").expected == 4);  // T79-A/B/C and T01-A: operating systems only
  testing::import_text(round.db, &registry::import_systems,
                       "code,name,owner,category,level,dossier_status,internet_facing,lifecycle\n"
                       "T79-NEW,Hệ thống mới,000.00.00.H29,a,1,proposed,no,operating\n");
  CHECK(round.errors(kHeader + "T79-NEW,,yes,,,,,daily\n") ==
        Lines{"u.csv:2:1: system \"T79-NEW\": not in the scope of campaign R1; the round froze its systems when it "
              "opened"});
  round.upload(kHeader + "T79-C,,yes,,,,,daily\n");  // stored under 74, answered by 79
  for (const auto& row : survey::coverage(round.db, "R1", "province", kAdmin)) {
    if (row.group != "79") continue;
    CHECK(row.received == 1);
    CHECK(row.expected == 3);
  }
  const auto mine = survey::coverage(round.db, "R1", "", k79);
  REQUIRE(mine.size() == 1);
  CHECK(mine[0].expected == 3);  // a province sees only its own systems
}

TEST_CASE("a column given twice is refused", "[survey][errors]") {
  Round round;
  CHECK(round.errors("system,POL.01,NET.03,POL.01\nT79-B,yes,daily,no\n") ==
        Lines{"u.csv: missing column \"NET.01\" (a required question)",
              "u.csv: missing column \"NET.02\" (a required question)",
              "u.csv:1:4: \"POL.01\": column name used twice (columns 2 and 4); give each column a different name"});
}

TEST_CASE("reports: coverage, compliance and gaps of a hand-checked round", "[survey][reports]") {
  Round round;
  round.upload(kHeader + "T79-A,,yes,partial,3,no,na,daily\nT79-B,,no,,,—,,weekly\n");
  const auto compliance = survey::compliance(round.db, "R1", "province", kAdmin);
  REQUIRE(compliance.size() == 2);  // 01 (nothing received) and 79
  CHECK(compliance[0].group == "01");
  CHECK(compliance[0].scored == 0);
  CHECK_FALSE(compliance[0].mean);
  CHECK(compliance[1].group == "79");
  CHECK(compliance[1].scored == 2);
  CHECK(*compliance[1].mean == Approx((62.5 + 0) / 2));
  CHECK(*compliance[1].median == Approx(31.25));
  CHECK(compliance[1].distribution == std::array<long long, 5>{1, 0, 0, 1, 0});

  const auto gaps = survey::gaps(round.db, "R1", "", kAdmin);
  REQUIRE(!gaps.empty());
  CHECK(gaps[0].question == "NET.01");  // answered once, no: 100% failing
  CHECK(gaps[1].question == "POL.02");  // answered once, partial: 100% failing, but no outright "no"
  CHECK(gaps[0].failing == Approx(100.0));
  const auto failing = survey::failing(round.db, "R1", "POL.01", "74", kAdmin);  // 74 rolls up into 79
  REQUIRE(failing.size() == 1);
  CHECK(failing[0].code == "T79-B");

  const auto missing = survey::missing(round.db, "R1", kAdmin);
  REQUIRE(missing.size() == 2);
  CHECK(missing[0].code == "T01-A");
  CHECK(missing[1].code == "T79-C");
  CHECK(survey::missing(round.db, "R1", k79).size() == 1);  // the province sees only its own

  // By requirement group: POL 250/3 % (A) and 0 % (B: POL.01 no); NET 0 % (A: NET.01 no), none for B
  // (neither NET question applies to it).
  const auto groups = survey::compliance(round.db, "R1", "group", kAdmin);
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].group == "POL");
  CHECK(groups[0].scored == 2);
  CHECK(*groups[0].mean == Approx(125.0 / 3.0));
  CHECK(groups[0].distribution == std::array<long long, 5>{1, 0, 0, 0, 1});
  CHECK(groups[1].group == "NET");
  CHECK(groups[1].scored == 1);
  CHECK(*groups[1].mean == Approx(0.0));
  CHECK(survey::compliance(round.db, "R1", "group", {registry::Role::province, "01"})[0].scored == 0);

  // A round against itself: the same on both sides.
  const auto compared = survey::compare(round.db, "R1", "R1", "province", kAdmin);
  REQUIRE(compared.size() == 2);
  CHECK(compared[0].group == "01");
  CHECK(compared[0].expected_a == 1);
  CHECK(compared[0].received_b == 0);
  CHECK_FALSE(compared[0].mean_b);
  CHECK(compared[1].group == "79");
  CHECK(compared[1].expected_a == 3);
  CHECK(compared[1].expected_b == 3);
  CHECK(compared[1].received_a == 2);
  CHECK(*compared[1].mean_a == Approx(31.25));
  CHECK(*compared[1].mean_b == Approx(31.25));
}
