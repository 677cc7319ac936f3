// Bad survey uploads (tests/data/bad/survey_*), made from the rows of
// samples/uploads/R2026_79.csv and uploaded as province:79 to round R2026:
// each refused file with its exact messages and every table unchanged; each
// file a spreadsheet legitimately writes, with the answers it stored.
#include <catch2/catch.hpp>

#include "common/digest.hpp"
#include "hardening/corpus_support.hpp"
#include "registry/scope.hpp"
#include "survey/results.hpp"

using namespace syscensus;
using namespace syscensus::hardening;

namespace {

const std::string kBadDate = "not a valid date; write YYYY-MM-DD or DD/MM/YYYY (day first)";
const std::string kWhole = "not a whole number; write digits only, without separators";

// The current answer of `system` to `question`, empty when it has none.
std::string answer(const Corpus& corpus, const std::string& system, const std::string& question) {
  schema::Database db = corpus.open();
  const auto view = survey::current_submission(db, "R2026", system, {registry::Role::province, "79"});
  for (std::size_t i = 0; i < view.questionnaire.questions.size(); ++i) {
    if (view.questionnaire.questions[i].id == question) return view.answers[i].value;
  }
  FAIL("no question " << question);
  return {};
}

// What the program prints for an upload that stored one new or replaced submission.
std::string receipt(const std::string& file, const char* counts, int upload) {
  return file + ": campaign R2026 (province:79): 1 rows: " + counts + "; upload #" + std::to_string(upload) +
         "; sha256 " + common::sha256_hex(corpus_bytes(file)) + "\n";
}

}  // namespace

TEST_CASE("corpus: survey files with CSV mistakes are refused with their place", "[corpus][survey][csv]") {
  check_refused({
      {"survey_unterminated_quote.csv", Command::survey,
       {":3:57: APP.08: quoted value never closed (opened on line 3); add the closing double quote"}},
      {"survey_stray_quote.csv", Command::survey,
       {":2:2: system_name \"Hệ thống \\\"báo cáo\\\" Thành phố\": quote inside an unquoted value; enclose the whole "
        "value in double quotes and double the quotes inside"}},
      {"survey_ragged_row.csv", Command::survey,
       {":2: 67 values, but the header has 65 columns; enclose values that contain the delimiter in double quotes"}},
      {"survey_empty_file.csv", Command::survey, {": the file is empty"}},
      {"survey_header_only.csv", Command::survey, {": the file has no rows; add one row per system"}},
      {"survey_duplicate_header.csv", Command::survey,
       {":1:66: \"POL.01\": column name used twice (columns 3 and 66); give each column a different name"}},
      {"survey_empty_header.csv", Command::survey,
       {":1:66: column 66 has no name; name the column, or delete it if it is not needed"}},
      {"survey_mixed_delimiters.csv", Command::survey,
       {":1: the header has both commas and semicolons; use one delimiter, or add a first line \"sep=;\""}},
      {"survey_utf16.csv", Command::survey, {kUtf16}},
  });
}

TEST_CASE("corpus: survey files with bad bytes or bad values are refused", "[corpus][survey]") {
  check_refused({
      {"survey_tcvn3.csv", Command::survey, {":2:2: system_name: invalid UTF-8 at byte 471; " + kUtf8Hint}},
      {"survey_nul.csv", Command::survey,
       {":2:57: APP.08 \"ghi\\x00chú\": control character U+0000 in the value; " + kControlHint}},
      {"survey_text_too_long.csv", Command::survey,
       {":2:57: APP.08 \"Mô tả " + std::string(71, 'x') + "…\": longer than 2000 bytes; shorten the answer"}},
      {"survey_decimal_thousands.csv", Command::survey,
       {":2:63: DAT.06 \"1.234,5\": not a number; write digits with one decimal mark, e.g. 12.5 or 12,5, without "
        "separators"}},
      {"survey_integer_decimal_comma.csv", Command::survey, {":2:10: ORG.02 \"1,5\": " + kWhole}},
      {"survey_scientific_integer.csv", Command::survey, {":2:10: ORG.02 \"1.00E+03\": " + kWhole}},
      {"survey_formula_in_number.csv", Command::survey, {":2:10: ORG.02 \"=1+1\": " + kWhole}},
      {"survey_date_31_02.csv", Command::survey, {":2:29: RSK.01 \"31/02/2025\": " + kBadDate}},
      {"survey_date_month_first.csv", Command::survey, {":2:29: RSK.01 \"12/31/2025\": " + kBadDate}},
      {"survey_date_excel_serial.csv", Command::survey, {":2:29: RSK.01 \"45658\": " + kBadDate}},
  });
}

TEST_CASE("corpus: a legacy-encoded answer is reported once, as an encoding problem",
          "[corpus][survey][encoding]") {
  check_refused({{"survey_windows1258.csv", Command::survey,
                  {":2:11: ORG.03: invalid UTF-8 at byte 564; " + kUtf8Hint}}});
}

TEST_CASE("corpus: an invisible character in a system code is shown escaped", "[corpus][survey]") {
  check_refused({{"survey_nbsp_in_code.csv", Command::survey,
                  {":2:1: system \"HCM-0009\\u00A0\": no system with this code"}}});
}

TEST_CASE("corpus: what Excel saves in a Vietnamese locale is read, decimal comma included", "[corpus][survey]") {
  const Corpus corpus;
  // BOM, semicolons, CRLF, DAT.06 written 2,5; then the same answers with a comma delimiter.
  CHECK(accepted(corpus, Command::survey, "survey_excel_vn.csv") ==
        receipt("survey_excel_vn.csv", "1 new, 0 replaced, 0 unchanged", 1));
  CHECK(answer(corpus, "HCM-0005", "DAT.06") == "2.5");
  const Signature before = corpus.signature();
  CHECK(accepted(corpus, Command::survey, "survey_decimal_comma.csv") ==
        "survey_decimal_comma.csv: campaign R2026 (province:79): 1 rows: 0 new, 0 replaced, 1 unchanged (identical "
        "to what is stored: nothing written); sha256 " +
            common::sha256_hex(corpus_bytes("survey_decimal_comma.csv")) + "\n");
  CHECK(corpus.changes_since(before) == Lines{});

  CHECK(accepted(corpus, Command::survey, "survey_sep_line.csv") ==
        receipt("survey_sep_line.csv", "1 new, 0 replaced, 0 unchanged", 2));
  CHECK(answer(corpus, "HCM-0009", "POL.01") == "yes");
  CHECK(answer(corpus, "HCM-0009", "RSK.01") == "2024-10-10");
}

TEST_CASE("corpus: survey text is stored as written: newlines, NFD, SQL-like and formula text",
          "[corpus][survey]") {
  const Corpus corpus;
  CHECK(accepted(corpus, Command::survey, "survey_quoted_newline.csv") ==
        receipt("survey_quoted_newline.csv", "1 new, 0 replaced, 0 unchanged", 1));
  CHECK(answer(corpus, "HCM-0009", "APP.08") == "Dòng 1\r\nDòng 2, có dấu phẩy");

  // "Có", "Không áp dụng" and "Đã triển khai" decomposed: read as yes and na, stored NFC.
  CHECK(accepted(corpus, Command::survey, "survey_nfd_answers.csv") ==
        receipt("survey_nfd_answers.csv", "0 new, 1 replaced, 0 unchanged", 2));
  CHECK(answer(corpus, "HCM-0009", "POL.01") == "yes");
  CHECK(answer(corpus, "HCM-0009", "ORG.03") == "na");
  CHECK(answer(corpus, "HCM-0009", "APP.08") == "\xC4\x90\xC3\xA3 tri\xE1\xBB\x83n khai");

  CHECK(accepted(corpus, Command::survey, "survey_sql_like_text.csv") ==
        receipt("survey_sql_like_text.csv", "0 new, 1 replaced, 0 unchanged", 3));
  CHECK(answer(corpus, "HCM-0009", "APP.08") == "'); DELETE FROM submissions; --");
  CHECK(corpus.stored("SELECT COUNT(*) FROM submissions") == "3");  // the two superseded ones are kept

  CHECK(accepted(corpus, Command::survey, "survey_formula_text.csv") ==
        receipt("survey_formula_text.csv", "0 new, 1 replaced, 0 unchanged", 4));
  CHECK(answer(corpus, "HCM-0009", "APP.08") == "=HYPERLINK(\"http://example.invalid\",\"Bấm\")");
}
