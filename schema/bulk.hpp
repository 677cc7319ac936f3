#pragma once
// Set-based loading of many rows: PostgreSQL COPY, or one prepared SQLite
// statement stepped per row. Runs inside the caller's transaction.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "schema/database.hpp"

namespace syscensus::schema {

class BulkWriter {
 public:
  /// Starts loading into `table` (columns in the order rows will give them).
  BulkWriter(Database& db, std::string table, std::vector<std::string> columns);
  ~BulkWriter();
  BulkWriter(const BulkWriter&) = delete;
  BulkWriter& operator=(const BulkWriter&) = delete;

  /// Adds one row, one value per column; nullopt is NULL. Throws StorageError.
  void add(const std::vector<std::optional<std::string>>& row);
  /// Ends the load; returns the number of rows loaded. Throws StorageError.
  std::size_t finish();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace syscensus::schema
