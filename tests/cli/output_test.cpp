#include "cli/output.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

using syscensus::cli::Column;
using syscensus::cli::Format;
using syscensus::cli::Table;
using syscensus::cli::TableWriter;

namespace {

// Every kind of column, a derived one (not in CSV), a hidden one (not in the table).
Table sample() {
  Table t{{{"code"},
           {"count", Column::Type::integer},
           {"open", Column::Type::boolean},
           {"tags", Column::Type::list},
           {"doc", Column::Type::json, false},
           {"derived", Column::Type::text, true, false}},
          {}};
  t.rows.push_back({"HCM-0001", "12", "1", "a|b", R"({"x":[1,{"y":"z"}],"empty":[]})", "Sở Y tế"});
  t.rows.push_back({"HNI-0002", std::nullopt, "0", std::nullopt, std::nullopt, "dòng một\ndòng hai"});
  t.rows.push_back({"=SUM(A1)", "-3", "1", "c", "[]", std::nullopt});
  return t;
}

std::string written(const Table& table, Format format, bool finish = true) {
  std::ostringstream out;
  TableWriter writer(table.columns, format, out, 80);
  for (const auto& row : table.rows) writer.row(row);
  if (finish) writer.finish();
  return out.str();
}

}  // namespace

TEST_CASE("output: JSON written a row at a time is laid out as one array dumped whole", "[output]") {
  for (const bool empty : {false, true}) {
    INFO(empty);
    Table table = sample();
    if (empty) table.rows.clear();
    const std::string text = written(table, Format::json);
    const auto parsed = nlohmann::ordered_json::parse(text);
    CHECK(text == parsed.dump(2) + "\n");
    REQUIRE(parsed.size() == table.rows.size());
    if (empty) continue;
    CHECK(parsed[0]["count"] == 12);
    CHECK(parsed[0]["open"] == true);
    CHECK(parsed[0]["tags"] == nlohmann::json::array({"a", "b"}));
    CHECK(parsed[0]["doc"]["x"][1]["y"] == "z");
    CHECK(parsed[1]["count"].is_null());
    CHECK(parsed[1]["tags"] == nlohmann::json::array());
    CHECK(parsed[1]["derived"] == "dòng một\ndòng hai");
  }
}

TEST_CASE("output: a writer and render() write the same bytes in every format", "[output]") {
  const Table table = sample();
  for (const Format format : {Format::table, Format::csv, Format::json}) {
    std::ostringstream whole;
    render(table, format, whole, 80);
    CHECK(written(table, format) == whole.str());
  }
  // CSV: derived columns left out, formulas defused, the header once.
  const std::string csv = written(table, Format::csv);
  CHECK(csv.rfind("code,count,open,tags,doc\r\n", 0) == 0);
  CHECK(csv.find("Sở Y tế") == std::string::npos);
  CHECK(csv.find("\n=SUM") == std::string::npos);
  // Table: the hidden column is not shown, though its cells were given.
  const std::string shown = written(table, Format::table);
  CHECK(shown.find("doc") == std::string::npos);
  CHECK(shown.find("HNI-0002") != std::string::npos);
}

TEST_CASE("output: nothing is written before the first row, so a command failing early leaves no header",
          "[output]") {
  Table table = sample();
  table.rows.clear();
  for (const Format format : {Format::table, Format::csv, Format::json})
    CHECK(written(table, format, false).empty());
  CHECK(written(table, Format::csv) == "code,count,open,tags,doc\r\n");  // finished with no rows: the header alone
  CHECK(written(table, Format::json) == "[]\n");
}
