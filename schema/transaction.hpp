#pragma once
// The one way to write: a transaction that takes the write lock up front, so
// writers queue instead of failing, and change-log sequence numbers commit
// in order (the change feed never skips a number a reader already passed).
#include "schema/database.hpp"

namespace syscensus::schema {

class WriteTransaction {
 public:
  enum class Lock { changes, migrations };

  /// Begins; SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN and a lock that
  /// serialises writers. Throws StorageError when the lock cannot be had.
  explicit WriteTransaction(Database& db, Lock lock = Lock::changes);
  /// Rolls back unless committed.
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  void commit();
  void rollback();

 private:
  Database& db_;
  bool open_ = false;
};

}  // namespace syscensus::schema
