#include <catch2/catch.hpp>
#include <soci/soci.h>

#include "schema/query.hpp"
#include "support/test_db.hpp"

using namespace syscensus;

namespace {

const std::string kSql = "SELECT CAST(:n AS BIGINT) * 2, :s";

std::vector<schema::Row> run(schema::Database& db, long long n, const std::string& s, const std::string& sql = kSql) {
  std::vector<schema::Row> rows;
  schema::for_each_row_prepared(db, sql, 2, {{"n", n}, {"s", s}}, [&](const schema::Row& r) { rows.push_back(r); });
  return rows;
}

// Statements this connection holds prepared on the server (PostgreSQL).
long long server_prepared(schema::Database& db) {
  return std::stoll(*schema::fetch_rows(db.session(), "SELECT count(*) FROM pg_prepared_statements", 1)[0][0]);
}

}  // namespace

TEST_CASE("a prepared query runs again with new values", "[schema]") {
  testing::TestDb test;
  schema::Database db = test.open();
  for (long long n : {1, 2, 21}) {
    const auto rows = run(db, n, "x" + std::to_string(n));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0][0] == std::to_string(2 * n));
    CHECK(rows[0][1] == "x" + std::to_string(n));
  }
  if (db.dialect() == schema::Dialect::postgresql) CHECK(server_prepared(db) == 1);

  // Another connection took its place: the statements of the first go with it.
  db = test.open();
  CHECK(run(db, 4, "y")[0][0] == "8");
  if (db.dialect() == schema::Dialect::postgresql) CHECK(server_prepared(db) == 1);
}

TEST_CASE("a kept statement reads what other connections committed since, and holds no snapshot", "[schema]") {
  // SQLite: a statement left unreset would keep its read transaction, so it would go on reading
  // the old snapshot and the write-ahead log could not be checkpointed past it.
  testing::TestDb test;
  schema::Database db = test.open();
  const auto count = [&db] {
    std::string n;
    schema::for_each_row_prepared(db, "SELECT count(*) FROM units WHERE code = :c", 1, {{"c", std::string("99")}},
                                  [&n](const schema::Row& r) { n = *r[0]; });
    return n;
  };
  CHECK(count() == "0");
  schema::Database other = test.open();
  schema::execute(other.session(),
                  "INSERT INTO units (code, name, search_key, kind, valid_from) VALUES ('99', 'X', 'x', 'province', "
                  "'2025-07-01')");
  CHECK(count() == "1");
  if (db.dialect() == schema::Dialect::sqlite) {
    // busy, log pages, pages checkpointed: a reader still on an old snapshot leaves busy at 1.
    const auto checkpoint = schema::fetch_rows(other.session(), "PRAGMA wal_checkpoint(TRUNCATE)", 3);
    REQUIRE(checkpoint.size() == 1);
    CHECK(checkpoint[0][0] == "0");
  }
}

TEST_CASE("a prepared query that failed is prepared afresh", "[schema]") {
  testing::TestDb test;
  schema::Database db = test.open();
  // SQLite casts any text to a number: nothing fails here.
  if (db.dialect() != schema::Dialect::postgresql) return;
  const std::string sql = "SELECT CAST(:s AS INTEGER) + :n, :s";
  CHECK(run(db, 1, "2", sql)[0][0] == "3");
  CHECK_THROWS(run(db, 1, "not a number", sql));
  CHECK(run(db, 1, "5", sql)[0][0] == "6");
  {
    // Failing inside a transaction leaves it aborted; the statement is dropped all the same.
    soci::transaction tx(db.session());  // rolled back when it goes
    CHECK_THROWS(run(db, 1, "not a number", sql));
  }
  CHECK(run(db, 2, "5", sql)[0][0] == "7");
}
