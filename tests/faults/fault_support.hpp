#pragma once
// What the fault tests share: the real program run as a child process with
// SYSCENSUS_FAULT set (common/fault.hpp), a database holding samples/ and an
// open round, a signature of every table, and an integrity check per backend.
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

#include "schema/database.hpp"
#include "support/test_db.hpp"

namespace syscensus::faults {

using Lines = std::vector<std::string>;

/// How a child process ended and what it printed.
struct Run {
  int code = -1;    ///< exit code, -1 when killed
  int signal = 0;   ///< the signal that killed it, 0 when it exited
  std::string out;  ///< standard output (empty when it went to `stdout_path`)
  std::string err;
};

/// Runs syscensus with `args`; `env` adds NAME=VALUE entries to its environment;
/// standard output goes to `stdout_path` when given, else it is captured.
Run run_program(const Lines& args, const Lines& env = {}, const std::string& stdout_path = "");

/// The fault environment entry, e.g. fault("upload.row:81").
inline std::string fault(const std::string& point) { return "SYSCENSUS_FAULT=" + point; }

/// Every row of every table (the catalog's list), table name -> sorted rows.
using Signature = testing::Signature;

/// The signature with every timestamp replaced by "<time>", for comparing two
/// databases built the same way at different moments.
Signature without_times(Signature signature);

/// What the fixture holds beyond a migrated, empty database.
enum class Setup {
  bodies,  ///< samples/units.csv and entities.csv
  round,   ///< also samples/systems.csv, the questionnaire and round R2026 open
};

/// A fresh database per test, on the backend SYSCENSUS_TEST_DB names.
class Census {
 public:
  explicit Census(Setup setup = Setup::round);

  const std::string& url() const { return test_.url(); }
  schema::Database open() const { return test_.open(); }
  /// Runs syscensus on this database (`--db URL` first).
  Run cli(const Lines& args, const Lines& env = {}, const std::string& stdout_path = "") const;
  Signature signature() const;
  /// Problems the backend's own checks find: SQLite `PRAGMA integrity_check` and
  /// `foreign_key_check`; on PostgreSQL every index rebuilt (REINDEX fails on a
  /// duplicate key), every foreign key and check constraint re-validated and every
  /// table read, in a transaction rolled back afterwards. Empty when sound.
  Lines integrity_problems() const;
  /// The first column of the first row of `sql`.
  std::string stored(const std::string& sql) const;
  /// A bearer token for `scope` (e.g. "province:01"), made with kTokenKey.
  std::string token(const std::string& scope) const;

 private:
  testing::TestDb test_;
};

/// The token key the server is started with.
inline const std::string kTokenKey = "fault-test-key";

/// `syscensus serve` on a free loopback port as a child process, its log in a file.
class Server {
 public:
  /// Starts it and waits until it listens (REQUIREs that it does).
  Server(const Census& census, const Lines& env = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  /// Waits for the process to end; returns the signal that killed it (0 if it exited).
  int wait();
  /// POSTs `body` as text/csv; returns the status, -1 when the connection dropped.
  int post(const std::string& path, const std::string& token, const std::string& body, std::string* response = nullptr) const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_;
};

using testing::read_file;

}  // namespace syscensus::faults
