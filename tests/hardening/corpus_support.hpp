#pragma once
// The bad-input corpus (tests/data/bad) as a user meets it: the real program
// run on each file against a database holding samples/ and an open round, its
// exit code and messages checked, and a signature of every table proving that
// a refused file wrote nothing.
#include <map>
#include <string>
#include <vector>

#include "schema/database.hpp"
#include "schema/query.hpp"
#include "support/test_db.hpp"

namespace syscensus::hardening {

using Lines = std::vector<std::string>;

/// What a corpus file is given to: `units|entities|systems import FILE`, or
/// `--as province:79 survey upload R2026 FILE`.
enum class Command { units, entities, systems, survey };

/// The exit code and output of one run of the program.
struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

/// Every row of every table, as text: table name -> its rows, sorted.
using Signature = testing::Signature;

/// A fresh database with samples/ loaded (100 units, 67 entities, 400 systems)
/// and round R2026 of samples/questionnaire.json open, as scripts/demo.sh builds it.
class Corpus {
 public:
  Corpus();

  /// Runs syscensus from tests/data/bad on `file`, so messages name the file as given.
  Run run(Command command, const std::string& file) const;
  /// Runs syscensus from tests/data/bad with `args` (after `--db URL`).
  Run cli(const std::string& args) const;
  /// Every row of every table (the catalog's list, not a fixed one).
  Signature signature() const;
  /// The rows added (+) and removed (-) since `before`, table by table, at most 10; empty when nothing changed.
  Lines changes_since(const Signature& before) const;
  /// The first column of the first row of `sql`: "NULL" for NULL, "(no row)" without one.
  std::string stored(const std::string& sql, const std::vector<schema::Param>& params = {}) const;
  /// A new connection to the database.
  schema::Database open() const { return test_.open(); }

 private:
  testing::TestDb test_;
};

/// A file that must be refused, with every message it must give, in order,
/// each written as printed after the file name (":3:2: name: ...").
struct Refusal {
  std::string file;
  Command command;
  Lines messages;
};

/// Checks that the program exits 1, prints nothing on stdout, prints exactly
/// the messages and the summary line on stderr, and leaves every table as it was.
void check_refused(const Corpus& corpus, const Refusal& refusal);
/// check_refused for each, one after the other on one database.
void check_refused(const std::vector<Refusal>& refusals);

/// Checks that the program exits 0 with nothing on stderr and returns what it printed.
std::string accepted(const Corpus& corpus, Command command, const std::string& file);

/// The bytes of tests/data/bad/NAME.
std::string corpus_bytes(const std::string& name);

/// The hint every invalid UTF-8 message carries.
inline const std::string kUtf8Hint =
    "save the file as UTF-8; legacy Vietnamese encodings (TCVN3, VNI, Windows-1258) are not accepted";
/// The hint of a control-character message.
inline const std::string kControlHint = "remove the invisible character (often pasted from another program)";
/// The message of a UTF-16 file.
inline const std::string kUtf16 = ": the file is UTF-16 (\"Unicode text\"); save it as \"CSV UTF-8 (comma delimited)\"";

}  // namespace syscensus::hardening
