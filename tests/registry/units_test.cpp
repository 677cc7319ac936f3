#include <catch2/catch.hpp>

#include "registry/units.hpp"

using namespace syscensus::registry;

namespace {

// Bắc Giang (24) and Bắc Ninh (27) merged on 1 July 2025 into a new Bắc Ninh
// that took code 24; Hà Nội (01) did not change.
UnitIndex merger() {
  return UnitIndex({{"24", "Bắc Giang", "province", "", "2004-01-01", "2025-06-30", "24"},
                    {"27", "Bắc Ninh", "province", "", "2004-01-01", "2025-06-30", "24"},
                    {"24", "Bắc Ninh", "province", "", "2025-07-01", "", ""},
                    {"01", "Hà Nội", "city", "", "2004-01-01", "", ""}});
}

}  // namespace

TEST_CASE("a code means different units on different dates", "[units]") {
  const UnitIndex units = merger();
  CHECK(units.valid_on("24", "2024-12-31")->name == "Bắc Giang");
  CHECK(units.valid_on("24", "2025-07-01")->name == "Bắc Ninh");
  CHECK(units.valid_on("27", "2025-07-01") == nullptr);
  CHECK(units.resolve("27", "2026-01-01")->valid_to == "2025-06-30");  // merged away: the latest one
}

TEST_CASE("old units roll up into their successor", "[units]") {
  const UnitIndex units = merger();
  const Unit& now = units.successor(*units.resolve("27", "2026-01-01"));
  CHECK(now.key() == "24@2025-07-01");
  std::vector<std::string> keys;
  for (const Unit* u : units.rolled_into(now)) keys.push_back(u->key());
  CHECK(keys == std::vector<std::string>{"24@2004-01-01", "24@2025-07-01", "27@2004-01-01"});
  CHECK(&units.successor(*units.resolve("01", "2026-01-01")) == units.resolve("01", "2026-01-01"));
  // What a code stands for now, in one step: an old code its successor, an unknown code nothing.
  CHECK(units.stands_for("27", "2026-01-01") == &now);
  CHECK(units.stands_for("24", "2024-12-31") == &now);  // Bắc Giang of 2024 is in Bắc Ninh now
  CHECK(units.stands_for("01", "2026-01-01") == units.resolve("01", "2026-01-01"));
  CHECK(units.stands_for("99", "2026-01-01") == nullptr);
}
