// Bad registry files (tests/data/bad/units_*, entities_*, systems_*) given to
// the real program: each refused file with its exact messages and every table
// unchanged; each file that spreadsheets legitimately write, with what it stored.
#include <catch2/catch.hpp>

#include "hardening/corpus_support.hpp"

using namespace syscensus;
using namespace syscensus::hardening;

namespace {

const std::string kSystemColumns =
    "expected columns: code, name, owner, operator, province, category, level, dossier_status, decision_no, "
    "decision_date, info_types, personal_data_subjects, internet_facing, shared_scope, hosting, lifecycle, go_live, "
    "retired_on";
const std::string kBadDate = "not a valid date; write YYYY-MM-DD or DD/MM/YYYY (day first)";
const std::string kQuoteHint = "enclose the whole value in double quotes and double the quotes inside";
const std::string kUnitCode = "not a unit code (2 digits for a province, 5 for a commune; keep leading zeros)";

// A stored column of one system.
std::string system_field(const Corpus& corpus, const std::string& field, const std::string& code) {
  return corpus.stored("SELECT " + field + " FROM systems WHERE code = :code", {{"code", code}});
}

std::string system_name(const Corpus& corpus, const std::string& code) { return system_field(corpus, "name", code); }

}  // namespace

TEST_CASE("corpus: RFC 4180 mistakes are refused with their row and column", "[corpus][csv]") {
  check_refused({
      {"systems_unterminated_quote.csv", Command::systems,
       {":3:2: name: quoted value never closed (opened on line 3); add the closing double quote"}},
      {"systems_stray_quote.csv", Command::systems,
       {":2:2: name \"Ứng dụng \\\"Công dân số\\\"\": quote inside an unquoted value; " + kQuoteHint}},
      {"systems_text_after_closing_quote.csv", Command::systems,
       {":2:2: name \"Cổng dịch vụ công tỉnh\": text after a closing quote; " + kQuoteHint}},
      {"systems_ragged_short_row.csv", Command::systems, {":2: 5 values, but the header has 7 columns"}},
      // The values after the unquoted comma are checked one column to the left of where they belong.
      {"systems_ragged_unquoted_comma.csv", Command::systems,
       {":2: 8 values, but the header has 7 columns; enclose values that contain the delimiter in double quotes",
        ":2:3: owner \"công chức\": not an agency code (digits, capital letters and single dots, e.g. 000.00.18.G12)",
        ":2:4: category \"000.00.00.H29\": not a valid category; use one of: a, b, c, d, e",
        ":2:5: dossier_status \"a\": not a valid dossier_status; use one of: none, proposed, appraised, approved",
        ":2:6: internet_facing \"none\": not yes or no; use yes or no",
        ":2:7: lifecycle \"no\": not a valid lifecycle; use one of: planned, operating, retired"}},
      {"systems_empty_file.csv", Command::systems, {": the file is empty"}},
      {"systems_bom_only.csv", Command::systems, {": the file is empty"}},
      {"systems_blank_lines_only.csv", Command::systems, {": the file is empty"}},
      {"systems_duplicate_header.csv", Command::systems,
       {":1:8: \"Name\": column name used twice (columns 2 and 8); give each column a different name"}},
      {"systems_empty_header.csv", Command::systems,
       {":1:3: column 3 has no name; name the column, or delete it if it is not needed"}},
      {"systems_trailing_delimiter_header.csv", Command::systems,
       {":1:8: column 8 has no name; name the column, or delete it if it is not needed"}},
      // Rows are records, as a spreadsheet numbers them: a value over three lines is one row ...
      {"systems_quoted_newline_row_numbers.csv", Command::systems,
       {":3:4: category \"f\": not a valid category; use one of: a, b, c, d, e"}},
      // ... and blank lines are rows too.
      {"systems_blank_lines_between_rows.csv", Command::systems,
       {":6:4: category \"z\": not a valid category; use one of: a, b, c, d, e"}},
  });
}

TEST_CASE("corpus: valid RFC 4180 quoting is stored as written", "[corpus][csv]") {
  const Corpus corpus;
  CHECK(accepted(corpus, Command::systems, "systems_doubled_quotes.csv") ==
        "systems_doubled_quotes.csv: 1 rows: 1 created, 0 updated, 0 unchanged\n");
  CHECK(system_name(corpus, "HCM-9001") == "Ứng dụng \"Công dân số\", phiên bản 2");

  CHECK(accepted(corpus, Command::systems, "systems_quoted_newline.csv") ==
        "systems_quoted_newline.csv: 2 rows: 1 created, 1 updated, 0 unchanged\n");
  CHECK(system_name(corpus, "HCM-9001") == "Cổng thông tin\r\nđiện tử");
  CHECK(system_name(corpus, "HCM-9002") == "Hệ thống hai");

  CHECK(accepted(corpus, Command::systems, "systems_trailing_delimiter_rows.csv") ==
        "systems_trailing_delimiter_rows.csv: 2 rows: 0 created, 2 updated, 0 unchanged\n");
  CHECK(system_name(corpus, "HCM-9002") == "Hệ thống thử nghiệm");

  const Signature before = corpus.signature();
  CHECK(accepted(corpus, Command::systems, "systems_header_only.csv") ==
        "systems_header_only.csv: 0 rows: 0 created, 0 updated, 0 unchanged\n");
  CHECK(corpus.changes_since(before) == Lines{});
}

TEST_CASE("corpus: UTF-16 and a header with two delimiters are refused", "[corpus][spreadsheet]") {
  check_refused({
      {"systems_utf16le.csv", Command::systems, {kUtf16}},
      {"systems_utf16be.csv", Command::systems, {kUtf16}},
      {"systems_utf16le_no_bom.csv", Command::systems, {kUtf16}},
      {"systems_mixed_delimiters.csv", Command::systems,
       {":1: the header has both commas and semicolons; use one delimiter, or add a first line \"sep=;\""}},
      // Old Mac line ends still split rows: the error is on the third record.
      {"systems_cr_only.csv", Command::systems,
       {":3:4: category \"f\": not a valid category; use one of: a, b, c, d, e"}},
  });
}

TEST_CASE("corpus: BOM, CRLF, mixed line ends, semicolons and sep= are read", "[corpus][spreadsheet]") {
  const Corpus corpus;
  const std::string name = "Hệ thống thử nghiệm";
  CHECK(accepted(corpus, Command::systems, "systems_bom_crlf.csv") ==
        "systems_bom_crlf.csv: 1 rows: 1 created, 0 updated, 0 unchanged\n");
  CHECK(system_name(corpus, "HCM-9001") == name);
  CHECK(accepted(corpus, Command::systems, "systems_mixed_line_endings.csv") ==
        "systems_mixed_line_endings.csv: 3 rows: 2 created, 0 updated, 1 unchanged\n");
  CHECK(system_name(corpus, "HCM-9003") == name);
  CHECK(accepted(corpus, Command::systems, "systems_semicolon.csv") ==
        "systems_semicolon.csv: 1 rows: 0 created, 1 updated, 0 unchanged\n");
  CHECK(system_name(corpus, "HCM-9001") == "Cổng thông tin; điện tử");
  CHECK(accepted(corpus, Command::systems, "systems_sep_line.csv") ==
        "systems_sep_line.csv: 1 rows: 0 created, 1 updated, 0 unchanged\n");
  CHECK(system_name(corpus, "HCM-9001") == "Cơ sở dữ liệu cán bộ, công chức");
  CHECK(accepted(corpus, Command::systems, "systems_sep_line_bom.csv") ==
        "systems_sep_line_bom.csv: 1 rows: 0 created, 1 updated, 0 unchanged\n");
  CHECK(system_name(corpus, "HCM-9001") == "Hệ thống; một cửa");
}

TEST_CASE("corpus: invalid UTF-8 and legacy Vietnamese encodings are refused with the byte offset",
          "[corpus][encoding]") {
  check_refused({
      {"systems_invalid_utf8.csv", Command::systems, {":2:2: name: invalid UTF-8 at byte 76; " + kUtf8Hint}},
      {"systems_overlong_utf8.csv", Command::systems, {":2:2: name: invalid UTF-8 at byte 78; " + kUtf8Hint}},
      {"systems_surrogate_utf8.csv", Command::systems, {":2:2: name: invalid UTF-8 at byte 76; " + kUtf8Hint}},
      // "Cổng thông tin điện tử", "Hệ thống", "Hệ thống quản lý văn bản" in TCVN3, VNI and Windows-1258.
      {"systems_tcvn3.csv", Command::systems, {":2:2: name: invalid UTF-8 at byte 76; " + kUtf8Hint}},
      {"systems_vni.csv", Command::systems, {":2:2: name: invalid UTF-8 at byte 77; " + kUtf8Hint}},
      {"systems_windows1258.csv", Command::systems, {":2:2: name: invalid UTF-8 at byte 76; " + kUtf8Hint}},
      {"entities_tcvn3.csv", Command::entities, {":2:2: name: invalid UTF-8 at byte 46; " + kUtf8Hint}},
      {"units_windows1258.csv", Command::units, {":2:2: name: invalid UTF-8 at byte 41; " + kUtf8Hint}},
      {"units_header_windows1258.csv", Command::units,
       {": missing required column \"name\"", ":1:2: invalid UTF-8 at byte 6; " + kUtf8Hint,
        ":1:2: \"t\\xEAn\": unknown column; expected columns: code, name, kind, parent, valid_from, valid_to, "
        "merged_into"}},
  });
}

TEST_CASE("corpus: NFD text is stored NFC, and NFC and NFD names of a column collide", "[corpus][encoding]") {
  const std::string nfc = "ghi ch\xC3\xBA";   // ú as one code point
  const std::string nfd = "ghi chu\xCC\x81";  // u + combining acute
  check_refused({{"systems_header_nfc_nfd_duplicate.csv", Command::systems,
                  {":1:8: \"" + nfc + "\": unknown column; " + kSystemColumns,
                   ":1:9: \"" + nfd + "\": column name used twice (columns 8 and 9); give each column a different name",
                   ":1:9: \"" + nfd + "\": unknown column; " + kSystemColumns}}});

  const Corpus corpus;
  const std::string file = corpus_bytes("systems_nfd_name.csv");
  CHECK(file.find("e\xCC\xA3\xCC\x82") != std::string::npos);  // ệ as e + dot below + circumflex
  CHECK(accepted(corpus, Command::systems, "systems_nfd_name.csv") ==
        "systems_nfd_name.csv: 1 rows: 1 created, 0 updated, 0 unchanged\n");
  CHECK(system_name(corpus, "HCM-9001") ==
        "H\xE1\xBB\x87 th\xE1\xBB\x91ng qu\xE1\xBA\xA3n l\xC3\xBD v\xC4\x83n b\xE1\xBA\xA3n v\xC3\xA0 "
        "\xC4\x91i\xE1\xBB\x81u h\xC3\xA0nh");  // "Hệ thống quản lý văn bản và điều hành", NFC
}

TEST_CASE("corpus: control characters and NUL are refused and shown escaped", "[corpus][control]") {
  check_refused({
      {"systems_nul_in_name.csv", Command::systems,
       {":2:2: name \"Hệ thống\\x00\": control character U+0000 in the value; " + kControlHint}},
      {"systems_escape_sequence.csv", Command::systems,
       {":2:2: name \"Hệ thống \\x1B[31mđỏ\\x1B[0m\": control character U+001B in the value; " + kControlHint}},
  });
  const Corpus corpus;  // a tab is text, not a control character
  CHECK(accepted(corpus, Command::systems, "systems_tab_in_name.csv") ==
        "systems_tab_in_name.csv: 1 rows: 1 created, 0 updated, 0 unchanged\n");
  CHECK(system_name(corpus, "HCM-9001") == "Hệ thống\tthử nghiệm");
}

TEST_CASE("corpus: DEL is a control character", "[corpus][control]") {
  check_refused({{"systems_del_char.csv", Command::systems,
                  {":2:2: name \"Hệ thống\\x7F thử\": control character U+007F in the value; " + kControlHint}}});
}

TEST_CASE("corpus: C1 control characters are refused and shown escaped", "[corpus][control]") {
  check_refused({{"systems_c1_control.csv", Command::systems,
                  {":2:2: name \"Hệ thống\\u0085thử\": control character U+0085 in the value; " + kControlHint}}});
}

TEST_CASE("corpus: invisible characters in a refused value are shown escaped", "[corpus][control]") {
  check_refused({
      {"systems_nbsp_in_code.csv", Command::systems,
       {":2:1: code \"HCM-9001\\u00A0\": not a system code (1-64 capital letters, digits, '.', '_' or '-')"}},
      {"systems_double_bom.csv", Command::systems,
       {": missing required column \"code\"", ":1:1: \"\\uFEFFcode\": unknown column; " + kSystemColumns}},
  });
}

TEST_CASE("corpus: over-long values and too many columns are refused", "[corpus][limits]") {
  check_refused({
      {"systems_name_too_long.csv", Command::systems,
       {":2:2: name \"Hệ thống " + std::string(67, 'a') + "…\": name is longer than 500 bytes"}},
      {"systems_code_too_long.csv", Command::systems,
       {":2:1: code \"HCM-" + std::string(61, '9') + "\": code is longer than 64 bytes"}},
      {"systems_too_many_columns.csv", Command::systems, {":1: more than 4096 columns"}},
  });
}

TEST_CASE("corpus: numbers and dates are never guessed", "[corpus][numbers]") {
  const std::string whole = "not a whole number; write digits only, without separators or spaces";
  check_refused({
      {"systems_level_decimal_comma.csv", Command::systems, {":2:5: level \"2,0\": " + whole}},
      {"systems_subjects_thousands.csv", Command::systems,
       {":2:8: personal_data_subjects \"1.500.000\": " + whole,
        ":3:8: personal_data_subjects \"1,500,000\": " + whole}},
      {"systems_scientific_subjects.csv", Command::systems, {":2:8: personal_data_subjects \"1.5E+06\": " + whole}},
      {"systems_scientific_code.csv", Command::systems,
       {":2:1: code \"1.23457E+15\": not a system code (1-64 capital letters, digits, '.', '_' or '-')"}},
      {"entities_scientific_tax_code.csv", Command::entities,
       {":2:1: code \"1.01235E+09\": not an agency code (digits, capital letters and single dots, e.g. "
        "000.00.18.G12)"}},
      {"systems_lowercase_code.csv", Command::systems,
       {":2:1: code \"hcm-9001\": not a system code (1-64 capital letters, digits, '.', '_' or '-')"}},
      {"systems_date_31_02.csv", Command::systems, {":2:8: go_live \"31/02/2025\": " + kBadDate}},
      {"systems_date_month_first.csv", Command::systems, {":2:8: go_live \"12/31/2025\": " + kBadDate}},
      {"systems_date_excel_serial.csv", Command::systems, {":2:8: go_live \"45658\": " + kBadDate}},
      {"systems_date_two_digit_year.csv", Command::systems, {":2:8: go_live \"03/04/25\": " + kBadDate}},
      {"systems_date_with_time.csv", Command::systems, {":2:8: go_live \"2025-04-03 00:00:00\": " + kBadDate}},
      {"units_date_31_02.csv", Command::units,
       {":2:5: valid_from \"31/02/2025\": " + kBadDate, ":3:6: valid_to \"2025-13-01\": " + kBadDate}},
  });
}

TEST_CASE("corpus: an ambiguous date is read day first", "[corpus][numbers]") {
  const Corpus corpus;
  CHECK(accepted(corpus, Command::systems, "systems_date_day_first.csv") ==
        "systems_date_day_first.csv: 2 rows: 2 created, 0 updated, 0 unchanged\n");
  CHECK(system_field(corpus, "go_live", "HCM-9001") == "2025-04-03");
  CHECK(system_field(corpus, "go_live", "HCM-9002") == "2025-04-03");
}

TEST_CASE("corpus: codes keep their leading zeros", "[corpus][codes]") {
  const Corpus corpus;
  CHECK(accepted(corpus, Command::units, "units_leading_zeros.csv") ==
        "units_leading_zeros.csv: 2 rows: 1 created, 0 updated, 1 unchanged\n");  // 00004 is in samples/
  CHECK(corpus.stored("SELECT name FROM units WHERE code = '00008'") == "Phường Quán Thánh");
  CHECK(corpus.stored("SELECT p.code FROM units u JOIN units p ON p.id = u.parent_id WHERE u.code = '00008'") == "01");
  CHECK(accepted(corpus, Command::entities, "entities_tax_code_leading_zero.csv") ==
        "entities_tax_code_leading_zero.csv: 1 rows: 1 created, 0 updated, 0 unchanged\n");
  CHECK(corpus.stored("SELECT name FROM entities WHERE code = '0101234567'") == "Công ty Cổ phần Thử nghiệm");
  CHECK(accepted(corpus, Command::systems, "systems_province_leading_zero.csv") ==
        "systems_province_leading_zero.csv: 1 rows: 1 created, 0 updated, 0 unchanged\n");
  CHECK(corpus.stored("SELECT u.code FROM systems s JOIN units u ON u.id = s.unit_id WHERE s.code = 'HNI-9001'") ==
        "01");

  check_refused(corpus, {"units_code_zero_dropped.csv", Command::units,
                         {":2:1: code \"4\": " + kUnitCode, ":2:4: parent \"1\": " + kUnitCode}});
  check_refused(corpus,
                {"systems_province_zero_dropped.csv", Command::systems, {":2:4: province \"1\": " + kUnitCode}});
}

TEST_CASE("corpus: a tax code that lost its leading zero is refused", "[corpus][codes]") {
  check_refused({{"entities_tax_code_zero_dropped.csv", Command::entities,
                  {":2:1: code \"101234567\": not a tax code (10 digits, or 10-3 digits for a branch; keep leading "
                   "zeros)",
                   ":2:5: province \"1\": " + kUnitCode}}});
}
