// Migrations that reshape tables holding data: a database as an older release
// left it, with a round and an upload in it, upgraded in place.
#include <catch2/catch.hpp>
#include <fstream>
#include <soci/soci.h>

#include "schema/migrations.hpp"
#include "support/round_fixture.hpp"
#include "survey/upload.hpp"

using namespace syscensus;

namespace {

// A submission for a system of round R2026, filed under R2027, which froze nothing.
const char* kOutsideItsRound =
    "INSERT INTO submissions (campaign_id, system_id, upload_id, source_row, answers, answers_hash, group_scores,"
    " is_current, submitted_at) SELECT (SELECT id FROM campaigns WHERE code = 'R2027'),"
    " (SELECT min(system_id) FROM campaign_systems), (SELECT max(id) FROM uploads), 2, '', '', '', 1, 'x'";

testing::Signature without_versions(const testing::TestDb& test) {
  testing::Signature tables = test.tables();
  tables.erase("schema_migrations");
  return tables;
}

// Round R2026 open with province 79's answers, and R2027 (draft), which froze nothing.
void open_rounds_with_an_upload(schema::Database& db) {
  testing::open_sample_round(db);
  survey::create_campaign(db, {"R2027", "tt12-self-assessment@1", "Tự đánh giá 2027", "2027-11-01", "2027-12-25", {}},
                          "test");
  testing::upload_sample_79(db);
}

}  // namespace

TEST_CASE("migration 4 keeps every submission and ties each to a system of its round", "[schema]") {
  testing::TestDb test(3);
  schema::Database db = test.open();
  open_rounds_with_an_upload(db);
  {
    // Before: the foreign keys to campaigns and to systems let it through.
    soci::transaction tx(db.session());
    CHECK_NOTHROW(db.session() << kOutsideItsRound);
  }
  const testing::Signature before = without_versions(test);
  REQUIRE(before.at("submissions").size() == 25);

  CHECK(schema::migrate(db, 4) == 1);
  CHECK(without_versions(test) == before);
  CHECK_THROWS(db.session() << kOutsideItsRound);
  CHECK(without_versions(test) == before);
}

TEST_CASE("migration 6 keeps every row, and what the keys refused is still refused", "[schema]") {
  testing::TestDb test(5);
  schema::Database db = test.open();
  open_rounds_with_an_upload(db);
  const testing::Signature before = without_versions(test);

  CHECK(schema::migrate(db, 6) == 1);
  CHECK(without_versions(test) == before);
  CHECK_THROWS(db.session() << kOutsideItsRound);
  CHECK_THROWS(db.session() << "DELETE FROM uploads");
  CHECK_THROWS(db.session() << "UPDATE systems SET owner_id = (SELECT max(id) + 1 FROM entities)");
  CHECK(without_versions(test) == before);
}
