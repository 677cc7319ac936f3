#include "schema/transaction.hpp"

#include <soci/soci.h>

#include "common/error.hpp"

namespace syscensus::schema {
namespace {

// Arbitrary constant naming the migration lock among advisory locks.
constexpr long long kMigrationLockKey = 0x5359534345;

}  // namespace

WriteTransaction::WriteTransaction(Database& db, Lock lock) : db_(db) {
  try {
    if (db.dialect() == Dialect::sqlite) {
      db.session() << "BEGIN IMMEDIATE";
      open_ = true;
      return;
    }
    db.session() << "BEGIN";
    open_ = true;
    if (lock == Lock::migrations) {
      db.session() << "SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")";
    } else {
      db.session() << "LOCK TABLE changes IN SHARE ROW EXCLUSIVE MODE";
    }
  } catch (const soci::soci_error& e) {
    if (open_) rollback();
    throw common::StorageError("cannot start a write transaction on " + db.display_url() + ": " +
                               error_text(e));
  }
}

WriteTransaction::~WriteTransaction() {
  if (!open_) return;
  try {
    rollback();
  } catch (...) {
    // A destructor must not throw; the connection drops the transaction anyway.
  }
}

void WriteTransaction::commit() {
  db_.session() << "COMMIT";
  open_ = false;
}

void WriteTransaction::rollback() {
  open_ = false;
  db_.session() << "ROLLBACK";
}

}  // namespace syscensus::schema
