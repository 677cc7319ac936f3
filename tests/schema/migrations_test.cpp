#include <catch2/catch.hpp>
#include <soci/soci.h>

#include "schema/migrations.hpp"
#include "support/test_db.hpp"

using namespace syscensus;

TEST_CASE("migrations apply once and report their state", "[schema]") {
  testing::TestDb test;  // already migrated
  schema::Database db = test.open();
  const std::string before = test.signature();
  CHECK(schema::migrate(db) == 0);
  CHECK(test.signature() == before);
  const auto states = schema::migration_status(db);
  REQUIRE(!states.empty());
  CHECK(states.front().version == 1);
  CHECK(states.front().name == "create_registry");
  CHECK(states.front().applied_at);
  CHECK_NOTHROW(schema::require_current(db));
}

TEST_CASE("a database newer than the program is refused", "[schema]") {
  testing::TestDb test;
  schema::Database db = test.open();
  db.session() << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x')";
  CHECK_THROWS_WITH(schema::migration_status(db), Catch::Contains("newer than this program knows"));
}
