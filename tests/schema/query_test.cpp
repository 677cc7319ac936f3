#include <catch2/catch.hpp>
#include <soci/soci.h>

#include "schema/query.hpp"
#include "schema/transaction.hpp"
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

namespace {

// 1..n in order, in SQL both dialects read.
const std::string kCounting =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < CAST(:max AS INTEGER)) SELECT i FROM n";

std::vector<long long> batched(schema::Database& db, long long max) {
  std::vector<long long> seen;
  schema::for_each_row_batched(db, kCounting, 1, {{"max", max}},
                               [&seen](const schema::Row& r) { seen.push_back(std::stoll(*r[0])); });
  return seen;
}

// Cursors open on this connection (PostgreSQL).
long long open_cursors(schema::Database& db) {
  return std::stoll(*schema::fetch_rows(db.session(), "SELECT count(*) FROM pg_cursors", 1)[0][0]);
}

// Whether a transaction was left open on this connection (PostgreSQL): only the first statement
// of a transaction starts when it does.
bool in_transaction(schema::Database& db) {
  return *schema::fetch_rows(db.session(), "SELECT CASE WHEN now() = statement_timestamp() THEN 0 ELSE 1 END", 1)[0][0] ==
         "1";
}

}  // namespace

TEST_CASE("a batched query yields every row in order, across batches, and leaves nothing open", "[schema]") {
  testing::TestDb test;
  schema::Database db = test.open();
  const bool pg = db.dialect() == schema::Dialect::postgresql;
  for (const long long max : {1LL, 999LL, 1000LL, 2000LL, 2500LL}) {
    INFO(max);
    const auto seen = batched(db, max);
    REQUIRE(seen.size() == static_cast<std::size_t>(max));
    for (long long i = 0; i < max; ++i) CHECK(seen[static_cast<std::size_t>(i)] == i + 1);
    if (pg) CHECK(open_cursors(db) == 0);
    if (pg) CHECK_FALSE(in_transaction(db));
  }
  // A row handler may read through a cursor of its own on the same connection.
  long long inner = 0;
  schema::for_each_row_batched(db, kCounting, 1, {{"max", 3LL}},
                               [&](const schema::Row&) { inner += static_cast<long long>(batched(db, 1500).size()); });
  CHECK(inner == 4500);
  if (pg) CHECK(open_cursors(db) == 0);
}

TEST_CASE("a batched query that fails part-way leaves the connection as it found it", "[schema]") {
  testing::TestDb test;
  schema::Database db = test.open();
  const bool pg = db.dialect() == schema::Dialect::postgresql;
  // The handler gives up in the second batch (as an HTTP client that leaves an export does).
  long long read = 0;
  CHECK_THROWS_AS(schema::for_each_row_batched(db, kCounting, 1, {{"max", 5000LL}},
                                               [&read](const schema::Row&) {
                                                 if (++read == 1500) throw std::runtime_error("client gone");
                                               }),
                  std::runtime_error);
  if (pg) CHECK(open_cursors(db) == 0);
  if (pg) CHECK_FALSE(in_transaction(db));
  CHECK(batched(db, 1200).size() == 1200);
  // A query the database refuses.
  CHECK_THROWS(schema::for_each_row_batched(db, "SELECT no_such_column FROM units", 1, {}, [](const schema::Row&) {}));
  CHECK(batched(db, 10).size() == 10);
  if (pg) CHECK_FALSE(in_transaction(db));
  // Still no transaction left open: a write commits and another connection sees it.
  {
    schema::WriteTransaction tx(db);
    schema::execute(db.session(),
                    "INSERT INTO units (code, name, search_key, kind, valid_from) VALUES ('99', 'X', 'x', 'province', "
                    "'2025-07-01')");
    tx.commit();
  }
  schema::Database other = test.open();
  CHECK(schema::fetch_rows(other.session(), "SELECT count(*) FROM units WHERE code = '99'", 1)[0][0] == "1");
}

TEST_CASE("a batched query inside a transaction reads it and leaves it to its owner", "[schema]") {
  testing::TestDb test;
  schema::Database db = test.open();
  const auto count_units = [&db] {
    long long n = 0;
    schema::for_each_row_batched(db, "SELECT code FROM units WHERE name = 'batched'", 1, {},
                                 [&n](const schema::Row&) { ++n; });
    return n;
  };
  {
    schema::WriteTransaction tx(db);
    for (int i = 0; i < 1500; ++i)
      schema::execute(db.session(),
                      "INSERT INTO units (code, name, search_key, kind, valid_from) VALUES (:c, 'batched', 'b', "
                      "'province', '2025-07-01')",
                      {{"c", "B" + std::to_string(i)}});
    CHECK(count_units() == 1500);  // its own uncommitted rows
    CHECK(count_units() == 1500);  // and the transaction is still open: not committed by the scan
    if (db.dialect() == schema::Dialect::postgresql) CHECK(in_transaction(db));
    tx.rollback();
  }
  CHECK(count_units() == 0);
}

TEST_CASE("a batched query bounded by one fetch runs plainly, without a cursor or transaction", "[schema]") {
  testing::TestDb test;
  schema::Database db = test.open();
  if (db.dialect() != schema::Dialect::postgresql) return;  // SQLite has no cursors to open
  // A plain query's rows are all read before the first reaches the handler: no cursor is open then.
  const auto cursors_seen = [&](long long limit) {
    long long seen = -1;
    schema::for_each_row_batched(
        db, kCounting + " LIMIT 5", 1, {{"max", 10LL}},
        [&](const schema::Row&) {
          if (seen < 0) seen = open_cursors(db);
        },
        limit);
    return seen;
  };
  CHECK(cursors_seen(5) == 0);
  CHECK(cursors_seen(1000) == 0);
  CHECK(cursors_seen(1001) == 1);
  CHECK(cursors_seen(0) == 1);
  CHECK_FALSE(in_transaction(db));
}
