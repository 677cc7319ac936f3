#include "common/text.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "common/error.hpp"

using namespace std::string_literals;
using syscensus::common::display_width;
using syscensus::common::fit_width;
using syscensus::common::format_issue;
using syscensus::common::invalid_utf8_offset;
using syscensus::common::Issue;
using syscensus::common::nfc;
using syscensus::common::search_key;
using syscensus::common::trim;

namespace {

// "Hà Nội" with the accents as separate combining marks (NFD).
const std::string kHaNoiDecomposed = "Ha\xCC\x80 No\xCC\x82\xCC\xA3i";
const std::string kHaNoi = "Hà Nội";

}  // namespace

TEST_CASE("text: valid UTF-8 has no invalid offset") {
  CHECK_FALSE(invalid_utf8_offset(""));
  CHECK_FALSE(invalid_utf8_offset("Hệ thống thông tin"));
  CHECK_FALSE(invalid_utf8_offset("a\0b"s));
  CHECK_FALSE(invalid_utf8_offset("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  CHECK_FALSE(invalid_utf8_offset("\xED\x9F\xBF"));      // U+D7FF
  CHECK_FALSE(invalid_utf8_offset("😀"));
}

TEST_CASE("text: invalid UTF-8 is found at its first byte") {
  CHECK(invalid_utf8_offset("ab\xFF") == 2u);
  CHECK(invalid_utf8_offset("H\xE0 N") == 1u);              // Windows-1258 "à"
  CHECK(invalid_utf8_offset("x\xC3") == 1u);                // truncated
  CHECK(invalid_utf8_offset("xy\xE1\xBB") == 2u);           // truncated 3-byte
  CHECK(invalid_utf8_offset("\x80") == 0u);                 // lone continuation
  CHECK(invalid_utf8_offset("\xC0\xAF") == 0u);             // overlong "/"
  CHECK(invalid_utf8_offset("\xC1\xBF") == 0u);             // overlong
  CHECK(invalid_utf8_offset("\xE0\x80\xAF") == 0u);         // overlong 3-byte
  CHECK(invalid_utf8_offset("\xF0\x80\x80\xAF") == 0u);     // overlong 4-byte
  CHECK(invalid_utf8_offset("ok\xED\xA0\x80") == 2u);       // surrogate U+D800
  CHECK(invalid_utf8_offset("\xF4\x90\x80\x80") == 0u);     // U+110000
  CHECK(invalid_utf8_offset("\xF5\x80\x80\x80") == 0u);
  CHECK(invalid_utf8_offset("é\xC3\x28") == 2u);            // bad continuation
}

TEST_CASE("text: nfc composes decomposed Vietnamese") {
  CHECK(kHaNoiDecomposed != kHaNoi);
  CHECK(nfc(kHaNoiDecomposed) == kHaNoi);
  CHECK(nfc(kHaNoi) == kHaNoi);
  CHECK(nfc("plain ascii") == "plain ascii");
  CHECK(nfc("a\0b"s) == "a\0b"s);
  CHECK(nfc("bad \xFF") == "bad \xFF");
}

TEST_CASE("text: search keys ignore accents, case, đ and spacing") {
  CHECK(search_key("Hệ thống Quản lý Văn bản ĐIỀU HÀNH") == "he thong quan ly van ban dieu hanh");
  CHECK(search_key(kHaNoi) == "ha noi");
  CHECK(search_key(kHaNoiDecomposed) == "ha noi");
  CHECK(search_key("HA NOI") == "ha noi");
  CHECK(search_key("  Đà   Nẵng\t\n") == "da nang");
  CHECK(search_key("đường\xC2\xA0" "dây") == "duong day");  // no-break space
  CHECK(search_key("") == "");
  CHECK(search_key("ABC \xFF") == "abc \xFF");
}

TEST_CASE("text: trim removes ASCII whitespace only at the ends") {
  CHECK(trim("  a b \t\r\n") == "a b");
  CHECK(trim("") == "");
  CHECK(trim(" \t ") == "");
  CHECK(trim("\xC2\xA0x") == "\xC2\xA0x");
}

TEST_CASE("text: display width counts columns, not bytes") {
  CHECK(display_width("") == 0);
  CHECK(display_width("abc") == 3);
  CHECK(display_width(kHaNoi) == 6);
  CHECK(display_width(kHaNoiDecomposed) == 6);
  CHECK(display_width("Hệ thống") == 8);
  CHECK(display_width("中文") == 4);
  CHECK(display_width("a\xFF" "b") == 3);
}

TEST_CASE("text: fit_width cuts at code points and ends in an ellipsis") {
  CHECK(fit_width("Hệ thống thông tin", 18) == "Hệ thống thông tin");
  CHECK(fit_width("Hệ thống thông tin", 30) == "Hệ thống thông tin");
  CHECK(fit_width("Hệ thống thông tin", 8) == "Hệ thốn…");
  CHECK(display_width(fit_width("Hệ thống thông tin", 8)) == 8);
  CHECK(fit_width(kHaNoiDecomposed, 3) == "Ha\xCC\x80…");
  CHECK(fit_width("中文字", 4) == "中…");
  CHECK(fit_width("abc", 1) == "…");
  CHECK(fit_width("abc", 0) == "");
}

TEST_CASE("format_issue: every part present") {
  Issue issue{17, 6, "level", "7", "bad_level", "must be a security level from 1 to 5",
              "use 1, 2, 3, 4 or 5"};
  CHECK(format_issue("systems.csv", issue) ==
        "systems.csv:17:6: level \"7\": must be a security level from 1 to 5; use 1, 2, 3, 4 or 5");
  issue.hint.clear();
  CHECK(format_issue("systems.csv", issue) ==
        "systems.csv:17:6: level \"7\": must be a security level from 1 to 5");
}

TEST_CASE("format_issue: absent parts are left out") {
  const Issue whole_file{0, 0, {}, std::nullopt, "missing_column",
                         "missing required column \"name\"", {}};
  CHECK(format_issue("systems.csv", whole_file) == "systems.csv: missing required column \"name\"");
  const Issue no_column{3, 2, {}, "x", "c", "message", {}};
  CHECK(format_issue("systems.csv", no_column) == "systems.csv:3:2: \"x\": message");
  const Issue no_value{3, 2, "name", std::nullopt, "c", "is required", {}};
  CHECK(format_issue("systems.csv", no_value) == "systems.csv:3:2: name: is required");
  const Issue whole_row{4, 0, {}, std::nullopt, "c", "message", {}};
  CHECK(format_issue("f.csv", whole_row) == "f.csv:4: message");
  const Issue col_without_row{0, 3, {}, std::nullopt, "c", "message", {}};
  CHECK(format_issue("f.csv", col_without_row) == "f.csv: message");
  const Issue empty_value{2, 1, {}, "", "c", "is empty", {}};
  CHECK(format_issue("f.csv", empty_value) == "f.csv:2:1: \"\": is empty");
}

TEST_CASE("format_issue: values are escaped and cut") {
  Issue issue{2, 1, {}, "say \"hi\"\n\r\t\x01\x7F\xFF", "c", "m", {}};
  CHECK(format_issue("f", issue) == "f:2:1: \"say \\\"hi\\\"\\n\\r\\t\\x01\\x7F\\xFF\": m");

  issue.value = std::string(79, 'a') + "ệ";  // the cut at byte 80 falls inside "ệ"
  CHECK(format_issue("f", issue) == "f:2:1: \"" + std::string(79, 'a') + "…\": m");
  issue.value = std::string(80, 'a');
  CHECK(format_issue("f", issue) == "f:2:1: \"" + std::string(80, 'a') + "\": m");
  issue.value = std::string(81, 'b');
  CHECK(format_issue("f", issue) == "f:2:1: \"" + std::string(80, 'b') + "…\": m");
  issue.value = std::string(78, 'a') + "Đà";
  CHECK(format_issue("f", issue) == "f:2:1: \"" + std::string(78, 'a') + "Đ…\": m");
}
