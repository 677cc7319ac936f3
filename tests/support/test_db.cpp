#include "support/test_db.hpp"

#include <catch2/catch.hpp>
#include <soci/soci.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "schema/migrations.hpp"
#include "schema/query.hpp"

namespace syscensus::testing {
namespace {

std::string backend() {
  const char* env = std::getenv("SYSCENSUS_TEST_DB");
  return env == nullptr || *env == '\0' ? "sqlite" : env;
}

std::string unique_name() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(random() % 100000);
}

std::string cell_text(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return "NULL";
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_string: return row.get<std::string>(i);
    case soci::dt_integer: return std::to_string(row.get<int>(i));
    case soci::dt_long_long: return std::to_string(row.get<long long>(i));
    case soci::dt_unsigned_long_long: return std::to_string(row.get<unsigned long long>(i));
    case soci::dt_double: return std::to_string(row.get<double>(i));
    case soci::dt_date: {
      std::tm tm = row.get<std::tm>(i);
      char buffer[32];
      std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &tm);
      return buffer;
    }
    default: return "?";
  }
}

}  // namespace

TestDb::TestDb(int up_to) {
  const std::string b = backend();
  if (b == "sqlite") {
    sqlite_path_ = (std::filesystem::temp_directory_path() / ("syscensus_test_" + unique_name() + ".db")).string();
    url_ = "sqlite:" + sqlite_path_;
  } else {
    pg_base_url_ = b;
    pg_schema_ = "t_" + unique_name();
    schema::Database admin(pg_base_url_);
    admin.session() << "CREATE SCHEMA " + pg_schema_;
    url_ = b + (b.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + pg_schema_;
  }
  schema::Database db(url_, true);
  schema::migrate(db, up_to);
}

TestDb::~TestDb() {
  try {
    if (!sqlite_path_.empty()) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(sqlite_path_ + suffix);
    } else {
      schema::Database admin(pg_base_url_);
      admin.session() << "DROP SCHEMA " + pg_schema_ + " CASCADE";
    }
  } catch (...) {
    // Cleanup must not mask the test's own result.
  }
}

Signature TestDb::tables() const {
  schema::Database db = open();
  const char* list = db.dialect() == schema::Dialect::sqlite
                         ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                         : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                           "ORDER BY table_name";
  std::vector<std::string> names;
  {
    soci::rowset<std::string> rows = (db.session().prepare << list);
    names.assign(rows.begin(), rows.end());
  }
  Signature out;
  for (const std::string& table : names) {
    std::vector<std::string>& lines = out[table];
    soci::rowset<soci::row> rows = (db.session().prepare << "SELECT * FROM " + table);
    for (const soci::row& row : rows) {
      std::string line;
      for (std::size_t i = 0; i < row.size(); ++i) line += cell_text(row, i) + "\t";
      lines.push_back(std::move(line));
    }
    std::sort(lines.begin(), lines.end());  // SELECT * has no order of its own
  }
  return out;
}

std::string TestDb::signature() const {
  std::string out;
  for (const auto& [table, rows] : tables()) {
    out += "== " + table + "\n";
    for (const std::string& row : rows) out += row + "\n";
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string data_path(const std::string& name) { return std::string(SYSCENSUS_TEST_DATA) + "/" + name; }
std::string sample_path(const std::string& name) { return std::string(SYSCENSUS_SAMPLES) + "/" + name; }

}  // namespace syscensus::testing
