#include "schema/bulk.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "common/error.hpp"

namespace syscensus::schema {

struct BulkWriter::Impl {
  virtual ~Impl() = default;
  virtual void add(const std::vector<std::optional<std::string>>& row) = 0;
  virtual void finish() = 0;
  std::size_t columns = 0;
  std::size_t rows = 0;
};

namespace {

std::string column_list(const std::vector<std::string>& columns) {
  std::string list;
  for (const std::string& c : columns) list += (list.empty() ? "" : ", ") + c;
  return list;
}

class SqliteBulk final : public BulkWriter::Impl {
 public:
  SqliteBulk(Database& db, const std::string& table, const std::vector<std::string>& cols) {
    conn_ = static_cast<soci::sqlite3_session_backend*>(db.session().get_backend())->conn_;
    std::string sql = "INSERT INTO " + table + " (" + column_list(cols) + ") VALUES (";
    for (std::size_t i = 0; i < cols.size(); ++i) sql += i == 0 ? "?" : ", ?";
    sql += ")";
    check(sqlite_api::sqlite3_prepare_v2(conn_, sql.c_str(), -1, &stmt_, nullptr));
  }
  ~SqliteBulk() override { sqlite_api::sqlite3_finalize(stmt_); }

  void add(const std::vector<std::optional<std::string>>& row) override {
    for (std::size_t i = 0; i < row.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      if (row[i]) {
        // SQLITE_STATIC: the row outlives the step below.
        check(sqlite_api::sqlite3_bind_text(stmt_, index, row[i]->data(), static_cast<int>(row[i]->size()),
                                            SQLITE_STATIC));
      } else {
        check(sqlite_api::sqlite3_bind_null(stmt_, index));
      }
    }
    if (sqlite_api::sqlite3_step(stmt_) != SQLITE_DONE) fail();
    sqlite_api::sqlite3_reset(stmt_);
  }
  void finish() override {}

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail();
  }
  [[noreturn]] void fail() {
    const std::string message = sqlite_api::sqlite3_errmsg(conn_);
    sqlite_api::sqlite3_reset(stmt_);
    throw common::StorageError("bulk load failed: " + message);
  }
  sqlite_api::sqlite3* conn_ = nullptr;
  sqlite_api::sqlite3_stmt* stmt_ = nullptr;
};

class PostgresBulk final : public BulkWriter::Impl {
 public:
  PostgresBulk(Database& db, const std::string& table, const std::vector<std::string>& cols) {
    conn_ = static_cast<soci::postgresql_session_backend*>(db.session().get_backend())->conn_;
    const std::string sql = "COPY " + table + " (" + column_list(cols) + ") FROM STDIN";
    PGresult* result = PQexec(conn_, sql.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COPY_IN;
    PQclear(result);
    if (!ok) fail("COPY did not start");
    buffer_.reserve(kFlushBytes + 4096);
  }
  ~PostgresBulk() override {
    if (!done_) PQputCopyEnd(conn_, "aborted");
    if (!done_) drain();
  }

  void add(const std::vector<std::optional<std::string>>& row) override {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) buffer_ += '\t';
      if (row[i]) {
        escape(*row[i]);
      } else {
        buffer_ += "\\N";
      }
    }
    buffer_ += '\n';
    if (buffer_.size() >= kFlushBytes) flush();
  }

  void finish() override {
    flush();
    done_ = true;
    if (PQputCopyEnd(conn_, nullptr) != 1) fail("COPY end failed");
    if (!drain()) fail("COPY failed");
  }

 private:
  static constexpr std::size_t kFlushBytes = 1 << 20;

  // Copies runs of ordinary bytes at once: values are mostly free of the four
  // characters COPY's text format escapes.
  void escape(const std::string& value) {
    std::size_t run = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const char c = value[i];
      if (c != '\\' && c != '\t' && c != '\n' && c != '\r') continue;
      buffer_.append(value, run, i - run);
      run = i + 1;
      switch (c) {
        case '\\': buffer_ += "\\\\"; break;
        case '\t': buffer_ += "\\t"; break;
        case '\n': buffer_ += "\\n"; break;
        default: buffer_ += "\\r";
      }
    }
    buffer_.append(value, run, std::string::npos);
  }
  void flush() {
    if (buffer_.empty()) return;
    if (PQputCopyData(conn_, buffer_.data(), static_cast<int>(buffer_.size())) != 1) fail("COPY data failed");
    buffer_.clear();
  }
  // Reads the results that follow COPY; returns false if any failed.
  bool drain() {
    bool ok = true;
    while (PGresult* result = PQgetResult(conn_)) {
      if (PQresultStatus(result) != PGRES_COMMAND_OK) {
        ok = false;
        error_ = PQresultErrorMessage(result);
      }
      PQclear(result);
    }
    return ok;
  }
  [[noreturn]] void fail(const std::string& what) {
    std::string detail = error_.empty() ? PQerrorMessage(conn_) : error_;
    throw common::StorageError("bulk load failed: " + what + ": " + detail);
  }

  PGconn* conn_ = nullptr;
  std::string buffer_;
  std::string error_;
  bool done_ = false;
};

}  // namespace

BulkWriter::BulkWriter(Database& db, std::string table, std::vector<std::string> columns) {
  if (db.dialect() == Dialect::sqlite) {
    impl_ = std::make_unique<SqliteBulk>(db, table, columns);
  } else {
    impl_ = std::make_unique<PostgresBulk>(db, table, columns);
  }
  impl_->columns = columns.size();
}

BulkWriter::~BulkWriter() = default;

void BulkWriter::add(const std::vector<std::optional<std::string>>& row) {
  if (row.size() != impl_->columns) throw common::StorageError("bulk load: row has the wrong number of values");
  impl_->add(row);
  ++impl_->rows;
}

std::size_t BulkWriter::finish() {
  impl_->finish();
  return impl_->rows;
}

}  // namespace syscensus::schema
