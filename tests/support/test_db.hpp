#pragma once
// A fresh, migrated database per test, on the backend SYSCENSUS_TEST_DB names:
// "sqlite" (a temporary file) or a PostgreSQL URL (a new schema in that
// database). Storage tests are written once and run on both.
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "schema/database.hpp"

namespace syscensus::testing {

/// Every table (the catalog's list) -> its rows as text, sorted.
using Signature = std::map<std::string, std::vector<std::string>>;

class TestDb {
 public:
  /// Migrated to the latest version, or only up to `up_to`.
  explicit TestDb(int up_to = std::numeric_limits<int>::max());
  ~TestDb();
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;

  /// The URL of this test's database (what --db would be given).
  const std::string& url() const { return url_; }
  /// A new connection to it.
  schema::Database open() const { return schema::Database(url_); }
  /// Every row of every table as text: equal signatures mean nothing changed.
  std::string signature() const;
  /// The same, table by table, for tests that report what changed.
  Signature tables() const;

 private:
  std::string url_;
  std::string sqlite_path_;
  std::string pg_schema_;
  std::string pg_base_url_;
};

/// A whole file's bytes (REQUIREs that it opens).
std::string read_file(const std::string& path);

/// Path of a file under tests/data or samples/.
std::string data_path(const std::string& name);
std::string sample_path(const std::string& name);

}  // namespace syscensus::testing
