#include <catch2/catch.hpp>
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "common/error.hpp"
#include "registry/check.hpp"
#include "registry/entities.hpp"
#include "registry/import.hpp"
#include "registry/specs.hpp"
#include "registry/systems.hpp"
#include "support/registry_fixture.hpp"

using namespace syscensus;

namespace {

void load_samples(schema::Database& db) {
  testing::load_sample_bodies(db);
  std::ifstream in(testing::sample_path("systems.csv"), std::ios::binary);
  registry::import_systems(db, in, {"systems.csv", "test", false});
}

std::set<std::string> field_values(const std::vector<registry::SystemView>& systems, const char* field) {
  std::set<std::string> values;
  for (const auto& s : systems) values.insert(s.record[registry::system_spec().index(field)].value_or(""));
  return values;
}

}  // namespace

TEST_CASE("an old province code rolls up into its successor", "[queries]") {
  testing::TestDb test;
  schema::Database db = test.open();
  load_samples(db);
  registry::SystemFilter old_code;
  old_code.province = "74";  // Bình Dương, merged into Hồ Chí Minh City (79)
  registry::SystemFilter new_code;
  new_code.province = "79";
  const auto by_old = registry::list_systems(db, old_code);
  CHECK(by_old.size() == registry::list_systems(db, new_code).size());
  CHECK(field_values(by_old, "province") == std::set<std::string>{"74", "77", "79"});
  for (const auto& s : by_old) CHECK(s.current_province == "79");
  registry::SystemFilter unknown;
  unknown.province = "63";
  CHECK_THROWS_AS(registry::list_systems(db, unknown), common::InvalidInput);
}

// A lookup takes its unit from the unit index kept in memory by id, a list joins units: both
// must show the same, also right after a unit changed.
TEST_CASE("a lookup shows what the list shows, and a unit's change at once", "[queries]") {
  testing::TestDb test;
  schema::Database db = test.open();
  load_samples(db);
  auto same = [](const registry::SystemView& a, const registry::SystemView& b) {
    CHECK(a.record == b.record);
    CHECK(a.owner_name == b.owner_name);
    CHECK(a.province_name == b.province_name);
    CHECK(a.current_province == b.current_province);
    CHECK(a.retire_reason == b.retire_reason);
    CHECK(a.version == b.version);
  };
  const auto all = registry::list_systems(db, {});
  REQUIRE(all.size() > 100);
  for (const auto& listed : all) same(registry::get_system(db, *listed.record[0]), listed);

  registry::SystemFilter hcm;
  hcm.scope = registry::parse_scope("province:79");
  const auto in_scope = registry::list_systems(db, hcm);
  REQUIRE(in_scope.size() > 3);
  for (const auto& listed : in_scope) same(registry::get_system(db, *listed.record[0], hcm.scope), listed);
  CHECK_THROWS_AS(registry::get_system(db, "BTC-0001", hcm.scope), common::NotFound);

  // Bình Dương (74) merged into 79: its systems show 74's name and roll up into 79. Renamed
  // through another connection, the next lookup on this one shows the new name.
  const auto old_74 =
      std::find_if(all.begin(), all.end(), [](const registry::SystemView& v) { return v.record[4] == "74"; });
  REQUIRE(old_74 != all.end());
  CHECK(old_74->province_name == "Bình Dương");
  CHECK(old_74->current_province == "79");
  {
    schema::Database other = test.open();
    std::istringstream renamed(
        "code,name,kind,parent,valid_from,valid_to,merged_into\n"
        "74,Tỉnh Bình Dương,province,,2004-01-01,2025-06-30,79\n");
    registry::import_units(other, renamed, {"units.csv", "test", false});
  }
  const auto after = registry::get_system(db, *old_74->record[0]);
  CHECK(after.province_name == "Tỉnh Bình Dương");
  CHECK(after.current_province == "79");
}

TEST_CASE("an owner filter includes its sub-entities", "[queries]") {
  testing::TestDb test;
  schema::Database db = test.open();
  load_samples(db);
  const auto children = registry::list_entities(db, {"000.00.00.G04", "", "", "", 0});  // Bộ Tài chính
  REQUIRE(children.size() > 1);
  long long owned = 0;
  for (const auto& e : children) owned += e.systems;
  registry::SystemFilter filter;
  filter.owner = "000.00.00.G04";
  const auto systems = registry::list_systems(db, filter);
  CHECK(static_cast<long long>(systems.size()) == owned);
  CHECK(field_values(systems, "owner").size() > 1);
}

TEST_CASE("filters, sorting and limits", "[queries]") {
  testing::TestDb test;
  schema::Database db = test.open();
  load_samples(db);
  registry::SystemFilter filter;
  filter.level = 3;
  filter.sort = "-name";
  filter.limit = 5;
  const auto systems = registry::list_systems(db, filter);
  CHECK(systems.size() == 5);
  CHECK(field_values(systems, "level") == std::set<std::string>{"3"});
  filter.sort = "colour";
  CHECK_THROWS_WITH(registry::list_systems(db, filter),
                    "cannot sort by \"colour\"; use code, name, level, province, owner, category or status");
  registry::SystemFilter status;
  status.status = "retired";
  CHECK(field_values(registry::list_systems(db, status), "lifecycle") == std::set<std::string>{"retired"});
}

TEST_CASE("retiring keeps the system and records why", "[queries]") {
  testing::TestDb test;
  schema::Database db = test.open();
  load_samples(db);
  registry::SystemFilter operating;
  operating.status = "operating";
  operating.limit = 1;
  const std::string code = *registry::list_systems(db, operating).front().record[0];
  const auto retired = registry::retire_system(db, code, "Thay bằng nền tảng dùng chung", "15/06/2026", "test");
  CHECK(retired.record[registry::system_spec().index("lifecycle")] == "retired");
  CHECK(retired.record[registry::system_spec().index("retired_on")] == "2026-06-15");
  CHECK(retired.retire_reason == "Thay bằng nền tảng dùng chung");
  CHECK_THROWS_AS(registry::retire_system(db, code, "again", "", "test"), common::Conflict);
  CHECK_THROWS_AS(registry::retire_system(db, "NO-SUCH", "x", "", "test"), common::NotFound);
  const auto history = registry::system_history(db, code);
  REQUIRE(history.size() == 2);
  CHECK(history[0].change.op == "create");
  CHECK(history[1].change.op == "retire");
  CHECK(history[1].actor == "test");
}

TEST_CASE("the level check finds the sample's planted inconsistencies", "[queries][check]") {
  testing::TestDb test;
  schema::Database db = test.open();
  load_samples(db);
  std::size_t below = 0;
  for (const auto& s : registry::list_systems(db, {}))
    for (const auto& f : registry::check_system(s.record)) below += f.kind == "level_below_criteria";
  CHECK(below == 31);  // scripts/gen_samples.py plants exactly 31
}
