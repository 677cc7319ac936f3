#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/text.hpp"

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

TEST_CASE("record JSON escapes text exactly as nlohmann::json does", "[record]") {
  const RecordSpec& spec = unit_spec();
  for (const std::string& name : {std::string("Sở \"Nội vụ\" \\ Hà Nội"), std::string("a\tb\nc\rd\be\ff"),
                                 std::string("x\x01y\x1fz\x7f"), std::string("ẠỹḀ đ", 12), std::string()}) {
    Record r = {"24", name, "province", std::nullopt, "2025-07-01", std::nullopt, std::nullopt};
    const auto parsed = nlohmann::json::parse(record_json(spec, r));
    CHECK(parsed.at("name").get<std::string>() == name);
    CHECK(record_json(spec, r).find(nlohmann::json(name).dump()) != std::string::npos);
  }
}

TEST_CASE("text already in NFC is kept, other text is composed", "[record]") {
  CHECK(*parse("name", "Hệ thống Ạ ỹ").value == "Hệ thống Ạ ỹ");
  CHECK(*parse("name", "He\xcc\xa3\xcc\x82 tho\xcc\x82\xcc\x81ng").value == "Hệ thống");  // NFD
  CHECK(*parse("name", "A\xcc\x80").value == "\xc3\x80");  // a base letter below U+0300 with a combining mark
}

TEST_CASE("the import's search key is exactly common::search_key", "[record]") {
  auto utf8 = [](char32_t cp) {
    std::string s;
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    } else {
      s += {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
            static_cast<char>(0x80 | (cp & 0x3F))};
    }
    return s;
  };
  std::vector<std::string> texts = {"Hệ thống Quản lý văn bản ĐIỀU HÀNH", "  Sở   Y tế\u00a0tỉnh  Đắk Lắk ", "ĐĐđđ",
                                    "Straße İstanbul ǅ", "He\xcc\xa3\xcc\x82 tho\xcc\x82\xcc\x81ng", "日本 Việt",
                                    "bad \xff utf8", "\xe1\xba", ""};
  for (char32_t cp = 0x20; cp < 0x300; ++cp) texts.push_back("A" + utf8(cp) + "b " + utf8(cp));
  for (char32_t cp = 0x1E00; cp < 0x1F00; ++cp) texts.push_back(utf8(cp) + "x" + utf8(cp) + " Ơ");
  for (const std::string& text : texts) {
    INFO(text);
    CHECK(search_key(text) == syscensus::common::search_key(text));
  }
}
