#include <catch2/catch.hpp>

#include "registry/codes.hpp"

using namespace syscensus::registry;

TEST_CASE("agency codes", "[codes]") {
  CHECK_FALSE(check_agency_code("000.00.00.G12"));
  CHECK_FALSE(check_agency_code("000.00.18.G12"));
  CHECK_FALSE(check_agency_code("000.01.05.H29"));
  CHECK_FALSE(check_agency_code("0100109106"));
  CHECK_FALSE(check_agency_code("0100109106-001"));
  CHECK_FALSE(check_agency_code("Z01.12345"));
  CHECK(*check_agency_code("00.00.18.G12") ==
        "e-document exchange codes have the form 000.00.18.G12 (3, 2, 2 digits, then G or H and 2 digits)");
  CHECK(check_agency_code("000.00.18.g12"));
  CHECK(check_agency_code("000..18.G12"));
  CHECK(check_agency_code(".000"));
  CHECK(*check_agency_code(std::string(36, '1')) == "agency codes have at most 35 characters");
}

TEST_CASE("unit and system codes", "[codes]") {
  CHECK_FALSE(check_unit_code("01"));
  CHECK_FALSE(check_unit_code("00004"));
  CHECK(check_unit_code("1"));
  CHECK(check_unit_code("001"));
  CHECK_FALSE(check_system_code("HNI-STC-0012"));
  CHECK(check_system_code("hni-1"));
  CHECK(check_system_code("-X"));
  CHECK(check_system_code(std::string(65, 'A')));
}

TEST_CASE("agency code edge cases", "[codes]") {
  CHECK(check_agency_code("0100109106-01"));   // a branch suffix has 3 digits
  CHECK_FALSE(check_agency_code("01001091060"));  // not a tax code, but a valid single-group code
  CHECK_FALSE(check_agency_code("H29.01"));    // Decision 20/2020 style
  CHECK(check_agency_code("000.00.18.X12") == std::nullopt);  // not an e-document form: general rules apply
  CHECK(check_agency_code("00.000.18.H12"));
  CHECK(check_agency_code("A B"));
  CHECK(check_agency_code(""));
}
