#include <catch2/catch.hpp>

#include "registry/record.hpp"
#include "registry/specs.hpp"

using namespace syscensus::registry;

namespace {

CellResult parse(const char* field, const char* raw) {
  const RecordSpec& spec = system_spec();
  return parse_cell(spec.fields[spec.index(field)], raw);
}

}  // namespace

TEST_CASE("cells parse into canonical values", "[record]") {
  CHECK(*parse("level", " 3 ").value == "3");
  CHECK(*parse("decision_date", "05/03/2024").value == "2024-03-05");
  CHECK(*parse("decision_date", "2024-03-05").value == "2024-03-05");
  CHECK(*parse("hosting", "On-Premises").value == "on_premises");
  CHECK(*parse("internet_facing", "Có").value == "1");
  CHECK(*parse("internet_facing", "không").value == "0");
  CHECK(*parse("info_types", "personal; PUBLIC").value == "public|personal");
  CHECK_FALSE(parse("level", "").value);
  CHECK_FALSE(parse("level", "").issue);
}

TEST_CASE("bad cells say what is wrong and how to fix it", "[record]") {
  auto level = parse("level", "7");
  REQUIRE(level.issue);
  CHECK(level.issue->code == "out_of_range");
  CHECK(level.issue->message == "level must be between 1 and 5");
  CHECK(parse("level", "2.5").issue->code == "bad_integer");
  CHECK(parse("personal_data_subjects", "10.000").issue->hint == "write digits only, without separators or spaces");
  auto date = parse("decision_date", "12/31/2025");  // month first is never guessed
  REQUIRE(date.issue);
  CHECK(date.issue->hint == "write YYYY-MM-DD or DD/MM/YYYY (day first)");
  CHECK(parse("decision_date", "31/02/2025").issue->code == "bad_date");
  auto category = parse("category", "f");
  CHECK(category.issue->hint == "use one of: a, b, c, d, e");
  CHECK(parse("info_types", "public|secret").issue->message == "\"secret\" is not a valid info_types");
}

TEST_CASE("records render as typed JSON in field order", "[record]") {
  const RecordSpec& spec = unit_spec();
  Record r = {"24", "Bắc Ninh", "province", std::nullopt, "2025-07-01", std::nullopt, std::nullopt};
  CHECK(record_json(spec, r) ==
        R"({"code":"24","name":"Bắc Ninh","kind":"province","parent":null,"valid_from":"2025-07-01",)"
        R"("valid_to":null,"merged_into":null})");
  CHECK(spec.key(r) == "24@2025-07-01");
}
