#include "common/csv.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

using namespace std::string_literals;
using syscensus::common::CsvLimits;
using syscensus::common::CsvReader;
using syscensus::common::CsvRecord;
using syscensus::common::CsvWriter;
using syscensus::common::format_issue;
using syscensus::common::looks_like_formula;

namespace {

using Rows = std::vector<std::vector<std::string>>;

struct Parsed {
  std::vector<std::string> header;
  std::vector<CsvRecord> records;
  std::vector<std::string> messages;  // format_issue("f.csv", ...) of each issue
  std::vector<std::string> codes;
  bool failed = false;
  char delimiter = 0;
  std::size_t bytes_read = 0;

  Rows rows() const {
    Rows out;
    for (const auto& r : records) out.push_back(r.fields);
    return out;
  }
};

Parsed read_all(std::istream& in, CsvLimits limits = {}) {
  Parsed p;
  CsvReader reader(in, limits);
  p.header = reader.header();
  p.delimiter = reader.delimiter();
  CsvRecord record;
  while (reader.next(record)) p.records.push_back(record);
  CHECK_FALSE(reader.next(record));
  for (const auto& issue : reader.issues()) {
    p.messages.push_back(format_issue("f.csv", issue));
    p.codes.push_back(issue.code);
  }
  p.failed = reader.failed();
  p.bytes_read = reader.bytes_read();
  return p;
}

Parsed parse(const std::string& text, CsvLimits limits = {}) {
  std::istringstream in(text);
  return read_all(in, limits);
}

Parsed parse_file(const std::string& name) {
  std::ifstream in(std::string(SYSCENSUS_TEST_DATA) + "/csv/" + name, std::ios::binary);
  REQUIRE(in);
  return read_all(in);
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("csv: reads header and records with row and line numbers") {
  const auto p = parse("name,level\nA,1\nB,2\n");
  CHECK(p.header == Strings{"name", "level"});
  CHECK(p.delimiter == ',');
  CHECK(p.rows() == Rows{{"A", "1"}, {"B", "2"}});
  REQUIRE(p.records.size() == 2);
  CHECK(p.records[1].row == 3);
  CHECK(p.records[1].line == 3);
  CHECK(p.messages.empty());
  CHECK_FALSE(p.failed);
  CHECK(p.bytes_read == std::string("name,level\nA,1\nB,2\n").size());
}

TEST_CASE("csv: a UTF-8 BOM is stripped but counted in bytes_read") {
  const std::string text = "\xEF\xBB\xBFtên,cấp\n1,2\n";
  const auto p = parse(text);
  CHECK(p.header == Strings{"tên", "cấp"});
  CHECK(p.rows() == Rows{{"1", "2"}});
  CHECK(p.bytes_read == text.size());
}

TEST_CASE("csv: CRLF, LF, lone CR and mixed endings all end records") {
  const Rows expected{{"1", "2"}, {"3", "4"}, {"5", "6"}};
  for (const std::string eol : {"\r\n", "\n", "\r"}) {
    const auto p = parse("a,b" + eol + "1,2" + eol + "3,4" + eol + "5,6" + eol);
    CHECK(p.rows() == expected);
    CHECK(p.messages.empty());
  }
  const auto mixed = parse("a,b\r\n1,2\n3,4\r5,6");
  CHECK(mixed.rows() == expected);
  REQUIRE(mixed.records.size() == 3);
  CHECK(mixed.records[2].line == 4);
}

TEST_CASE("csv: a final terminator adds no record, blank records are skipped but counted") {
  CHECK(parse("a\n1\n").records.size() == 1);
  CHECK(parse("a\n1").records.size() == 1);
  const auto p = parse("a;b;c\n1;2;3\n\n;;\n\"\";;\n4;5;6\n");
  CHECK(p.rows() == Rows{{"1", "2", "3"}, {"4", "5", "6"}});
  REQUIRE(p.records.size() == 2);
  CHECK(p.records[1].row == 6);
  CHECK(p.records[1].line == 6);
  CHECK(p.messages.empty());
}

TEST_CASE("csv: the delimiter is detected from the header") {
  const auto semi = parse("tên;cấp độ\n\"a,b\";3\n");
  CHECK(semi.delimiter == ';');
  CHECK(semi.rows() == Rows{{"a,b", "3"}});
  const auto single = parse("name\nx;y,z\n");
  CHECK(single.delimiter == ',');
  CHECK(single.header == Strings{"name"});
  const auto quoted = parse("\"a;b\",c\n1,2\n");
  CHECK(quoted.delimiter == ',');
  CHECK(quoted.header == Strings{"a;b", "c"});
}

TEST_CASE("csv: an Excel sep= line sets the delimiter and is not the header") {
  const auto p = parse("sep=;\r\na,b;c\r\n1,5;2\r\n");
  CHECK(p.delimiter == ';');
  CHECK(p.header == Strings{"a,b", "c"});
  REQUIRE(p.records.size() == 1);
  CHECK(p.records[0].fields == Strings{"1,5", "2"});
  CHECK(p.records[0].row == 2);
  CHECK(p.records[0].line == 3);
  CHECK(parse("sep=,\na;b,c\n").header == Strings{"a;b", "c"});
}

TEST_CASE("csv: a header with both commas and semicolons is fatal") {
  const auto p = parse("name,level;note\n1,2;3\n");
  CHECK(p.messages == Strings{"f.csv:1: the header has both commas and semicolons; use one "
                              "delimiter, or add a first line \"sep=;\""});
  CHECK(p.failed);
  CHECK(p.header.empty());
  CHECK(p.records.empty());
}

TEST_CASE("csv: quoted values keep delimiters, doubled quotes and newlines") {
  const auto p = parse("a,b\n\"x, \"\"y\"\"\",\"l1\r\nl2\nl3\rl4\"\n\"\",z\n");
  CHECK(p.rows() == Rows{{"x, \"y\"", "l1\r\nl2\nl3\rl4"}, {"", "z"}});
  REQUIRE(p.records.size() == 2);
  CHECK(p.records[1].row == 3);
  CHECK(p.records[1].line == 6);
  CHECK(p.messages.empty());
}

TEST_CASE("csv: an unclosed quote is fatal and says where it opened") {
  const auto p = parse("name,note\nA,ok\nB,\"abc\ndef\n");
  CHECK(p.rows() == Rows{{"A", "ok"}});
  CHECK(p.messages ==
        Strings{"f.csv:3:2: note: quoted value never closed (opened on line 3); add the "
                "closing double quote"});
  CHECK(p.failed);
}

TEST_CASE("csv: stray quotes are reported and kept as text") {
  const auto p = parse("name,note\nHệ thống \"A\",x\n\"ab\"cd,y\n");
  CHECK(p.rows() == Rows{{"Hệ thống \"A\"", "x"}, {"abcd", "y"}});
  CHECK(p.messages ==
        Strings{"f.csv:2:1: name \"Hệ thống \\\"A\\\"\": quote inside an unquoted value; "
                "enclose the whole value in double quotes and double the quotes inside",
                "f.csv:3:1: name \"abcd\": text after a closing quote; enclose the whole value "
                "in double quotes and double the quotes inside"});
  CHECK_FALSE(p.failed);
}

TEST_CASE("csv: ragged rows are reported, trailing empty values are dropped silently") {
  const auto p = parse("a,b,c\n1,2\n1,2,3,4\n1,2,3,,\n1\n");
  CHECK(p.rows() == Rows{{"1", "2"}, {"1", "2", "3", "4"}, {"1", "2", "3"}, {"1"}});
  CHECK(p.messages ==
        Strings{"f.csv:2: 2 values, but the header has 3 columns",
                "f.csv:3: 4 values, but the header has 3 columns; enclose values that contain "
                "the delimiter in double quotes",
                "f.csv:5: 1 value, but the header has 3 columns"});
  CHECK(p.codes == Strings{"ragged_row", "ragged_row", "ragged_row"});
  CHECK_FALSE(p.failed);
}

TEST_CASE("csv: an empty file is fatal") {
  for (const auto& text : {"", "\xEF\xBB\xBF", "\n\r\n", "  \r\n\t\n", "sep=;\r\n", "sep=;"}) {
    const auto p = parse(text);
    CHECK(p.messages == Strings{"f.csv: the file is empty"});
    CHECK(p.failed);
    CHECK(p.header.empty());
  }
}

TEST_CASE("csv: blank lines before the header are skipped") {
  const auto p = parse("\n  \na,b\n1,2\n");
  CHECK(p.header == Strings{"a", "b"});
  REQUIRE(p.records.size() == 1);
  CHECK(p.records[0].row == 2);
  CHECK(p.records[0].line == 4);
}

TEST_CASE("csv: a header without records is valid") {
  const auto p = parse("name;level\r\n");
  CHECK(p.header == Strings{"name", "level"});
  CHECK(p.records.empty());
  CHECK(p.messages.empty());
  CHECK_FALSE(p.failed);
}

TEST_CASE("csv: header names are trimmed, empty and duplicate names are reported") {
  const auto p = parse(" Tên , cấp ,,TÊN,tên\n1,2,3,4,5\n");
  CHECK(p.header == Strings{"Tên", "cấp", "", "TÊN", "tên"});
  CHECK(p.messages ==
        Strings{"f.csv:1:3: column 3 has no name; name the column, or delete it if it is not "
                "needed",
                "f.csv:1:4: \"TÊN\": column name used twice (columns 1 and 4); give each column "
                "a different name",
                "f.csv:1:5: \"tên\": column name used twice (columns 1 and 5); give each column "
                "a different name"});
  CHECK(p.codes == Strings{"empty_header", "duplicate_column", "duplicate_column"});
  CHECK_FALSE(p.failed);
  CHECK(p.records.size() == 1);
  CHECK(parse("Ten,Tên\n").messages.empty());
}

TEST_CASE("csv: a trailing delimiter in the header is an empty column name") {
  const auto p = parse("a;b;\n1;2;\n");
  CHECK(p.header == Strings{"a", "b", ""});
  CHECK(p.codes == Strings{"empty_header"});
  CHECK(p.rows() == Rows{{"1", "2", ""}});
}

TEST_CASE("csv: UTF-16 files are fatal") {
  const std::string expected =
      "f.csv: the file is UTF-16 (\"Unicode text\"); save it as \"CSV UTF-8 (comma delimited)\"";
  for (const auto& text : {"\xFF\xFEn\0a\0"s, "\xFE\xFF\0n\0a"s, "n\0a\0m\0e\0"s,
                                 "\0n\0a\0m\0e"s}) {
    const auto p = parse(text);
    CHECK(p.messages == Strings{expected});
    CHECK(p.codes == Strings{"utf16"});
    CHECK(p.failed);
    CHECK(p.header.empty());
  }
  CHECK(parse_file("utf16le_unicode_text.csv").messages == Strings{expected});
}

TEST_CASE("csv: invalid UTF-8 is reported with its byte offset in the file") {
  const std::string hint =
      "save the file as UTF-8; legacy Vietnamese encodings (TCVN3, VNI, Windows-1258) are not "
      "accepted";
  const auto p = parse_file("windows1258_legacy.csv");
  CHECK(p.messages == Strings{"f.csv:2:1: ten: invalid UTF-8 at byte 11; " + hint});
  CHECK(p.codes == Strings{"bad_utf8"});
  CHECK(p.records.size() == 1);

  // The offset counts the BOM and the quotes dropped from the value; one issue
  // per record; reading goes on.
  const auto q = parse("\xEF\xBB\xBF" "a,b\n\"\"\"x\"\"\xC3(\",\xFF\nok,\xE0\x80\x80\n");
  CHECK(q.messages == Strings{"f.csv:2:1: a: invalid UTF-8 at byte 13; " + hint,
                              "f.csv:3:2: b: invalid UTF-8 at byte 22; " + hint});
  CHECK(q.records.size() == 2);
  CHECK(q.records[0].fields[0] == "\"x\"\xC3(");
  CHECK_FALSE(q.failed);
}

TEST_CASE("csv: control characters and NUL are reported") {
  const auto p = parse("a,b\nx,1\x01" "2\ny,\"n\0l\"\nz,\"tab\tcr\rlf\n\"\n"s);
  CHECK(p.messages ==
        Strings{"f.csv:2:2: b \"1\\x012\": control character U+0001 in the value; remove the "
                "invisible character (often pasted from another program)",
                "f.csv:3:2: b \"n\\x00l\": control character U+0000 in the value; remove the "
                "invisible character (often pasted from another program)"});
  CHECK(p.codes == Strings{"control_char", "control_char"});
  CHECK(p.records.size() == 3);
  CHECK(p.records[1].fields[1] == "n\0l"s);
}

TEST_CASE("csv: the last value is checked when the file has no final line break") {
  const auto p = parse("a,b\nx,\x02");
  CHECK(p.codes == Strings{"control_char"});
  CHECK(p.rows() == Rows{{"x", "\x02"}});
}

TEST_CASE("csv: limits stop reading") {
  CsvLimits limits;
  limits.max_field_bytes = 5;
  auto p = parse("a,b\n12345,x\n123456,y\n1,2\n", limits);
  CHECK(p.rows() == Rows{{"12345", "x"}});
  CHECK(p.messages == Strings{"f.csv:3:1: a: value longer than 5 bytes"});
  CHECK(p.codes == Strings{"field_too_long"});
  CHECK(p.failed);

  p = parse("a,b\n1,\"never\nclosed\n", limits);
  CHECK(p.messages == Strings{"f.csv:2:2: b: value longer than 5 bytes; check that the quote "
                              "opened on line 2 is closed"});

  limits = CsvLimits{};
  limits.max_record_bytes = 8;
  p = parse("a,b\n123,567\n1234,6789\n", limits);
  CHECK(p.records.size() == 1);
  CHECK(p.messages == Strings{"f.csv:3: record longer than 8 bytes"});
  CHECK(p.codes == Strings{"record_too_long"});

  limits = CsvLimits{};
  limits.max_columns = 3;
  p = parse("a,b\n1,2,3,4\n", limits);
  CHECK(p.messages == Strings{"f.csv:2: more than 3 columns"});
  CHECK(p.codes == Strings{"too_many_columns"});
  CHECK(p.failed);
}

namespace {

// Produces a CSV on demand so the test can see how much the reader pulled.
class GeneratedCsv : public std::streambuf {
 public:
  explicit GeneratedCsv(std::size_t rows) : rows_(rows) {}
  std::size_t produced() const { return produced_; }

 protected:
  int_type underflow() override {
    if (next_ > rows_) return traits_type::eof();
    chunk_ = next_ == 0 ? "id;tên;cấp\r\n" : line(next_);
    ++next_;
    produced_ += chunk_.size();
    setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
    return traits_type::to_int_type(chunk_[0]);
  }

 private:
  static std::string line(std::size_t i) {
    return std::to_string(i) + ";\"Hệ thống \"\"số\"\"; dòng\r\n" + std::to_string(i) + "\";" +
           std::to_string(i % 5 + 1) + "\r\n";
  }

  std::size_t rows_;
  std::size_t next_ = 0;
  std::size_t produced_ = 0;
  std::string chunk_;
};

}  // namespace

TEST_CASE("csv: a large input is streamed, not read whole") {
  constexpr std::size_t kRows = 200000;
  GeneratedCsv source(kRows);
  std::istream in(&source);
  CsvReader reader(in);
  CHECK(source.produced() < 256 * 1024);
  CsvRecord record;
  std::size_t count = 0;
  bool all_match = true;
  while (reader.next(record)) {
    ++count;
    const auto& f = record.fields;
    all_match = all_match && record.row == count + 1 && record.line == 2 * count &&
                f.size() == 3 && f[0] == std::to_string(count) &&
                f[1] == "Hệ thống \"số\"; dòng\r\n" + std::to_string(count);
  }
  CHECK(count == kRows);
  CHECK(all_match);
  CHECK(reader.issues().empty());
  CHECK(reader.bytes_read() == source.produced());
  CHECK(source.produced() > 30 * kRows);
}

TEST_CASE("csv: an Excel export in a Vietnamese locale") {
  const auto p = parse_file("excel_vn_semicolon.csv");
  CHECK(p.delimiter == ';');
  CHECK(p.header == Strings{"Tên hệ thống", "Cấp độ", "Ghi chú"});
  CHECK(p.rows() ==
        Rows{{"Cổng thông tin; điện tử", "2", "dòng 1\r\ndòng 2"}, {"Quản lý văn bản", "3", ""}});
  CHECK(p.records[1].row == 3);
  CHECK(p.records[1].line == 5);
  CHECK(p.messages.empty());
}

TEST_CASE("csv: formulas are recognised") {
  for (const std::string cell : {"=SUM(A1)", "+1", "-1", "@x", "\tx", "\rx"}) {
    CHECK(looks_like_formula(cell));
  }
  for (const std::string cell : {"", "1", "a=b", " =1", "'=1"}) {
    CHECK_FALSE(looks_like_formula(cell));
  }
}

TEST_CASE("csv: the writer quotes when needed and neutralises formulas") {
  std::ostringstream out;
  CsvWriter writer(out);
  writer.write_row({"plain", "a,b", "say \"hi\"", "l1\nl2", "cr\r", " lead", "trail ", "a;b"});
  writer.write_row({"=1+1", "-5", "@cmd", "\tx", "=a,b", ""});
  CHECK(out.str() ==
        "plain,\"a,b\",\"say \"\"hi\"\"\",\"l1\nl2\",\"cr\r\",\" lead\",\"trail \",a;b\r\n"
        "'=1+1,'-5,'@cmd,'\tx,\"'=a,b\",\r\n");

  std::ostringstream semi;
  CsvWriter(semi, ';').write_row({"a;b", "c,d"});
  CHECK(semi.str() == "\"a;b\";c,d\r\n");
}

TEST_CASE("csv: what the writer writes, the reader reads back") {
  const Rows rows{{"tên", "ghi chú", "cấp"},
                  {"Hà Nội", "có \"ngoặc\", dấu; phẩy", "1"},
                  {" Đà Nẵng ", "dòng 1\r\ndòng 2\ndòng 3", "2"},
                  {"", "", "3"}};
  for (const char delimiter : {',', ';'}) {
    std::stringstream buf;
    CsvWriter writer(buf, delimiter);
    for (const auto& row : rows) writer.write_row(row);
    const auto p = read_all(buf);
    CHECK(p.delimiter == delimiter);
    CHECK(p.header == rows[0]);
    CHECK(p.rows() == Rows(rows.begin() + 1, rows.end()));
    CHECK(p.messages.empty());
  }
  std::stringstream buf;
  CsvWriter(buf).write_row({"=HYPERLINK(\"x\")"});
  CHECK(read_all(buf).header == Strings{"'=HYPERLINK(\"x\")"});
}
