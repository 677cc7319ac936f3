#pragma once
// The small family of failures every library throws, and the data-problem
// value (Issue) that imports and uploads collect instead of throwing.
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace syscensus::common {

/// One problem found in input data: where it is, what is wrong, how to fix it.
struct Issue {
  std::size_t row = 0;               ///< 1-based record number (header = 1); 0 = the whole file
  std::size_t col = 0;               ///< 1-based column number; 0 = the whole row
  std::string column;                ///< column (or field) name, empty when not known
  std::optional<std::string> value;  ///< the offending value, when there is one
  std::string code;                  ///< stable machine-readable code, e.g. "bad_enum"
  std::string message;               ///< what is wrong
  std::string hint;                  ///< how to fix it, may be empty
};

/// A value as messages show it: in quotes, cut after 80 bytes, with control
/// characters, invisible ones and bytes that are not UTF-8 escaped.
std::string quoted_value(const std::string& value);

/// Renders `file:row:col: column "value": message; hint`, leaving out the parts that are absent.
std::string format_issue(const std::string& file, const Issue& issue);

/// Checking a file stops after the row that brings the problems found to this
/// many: a file with a problem in every cell would otherwise hold millions of
/// them (1.1 GB for 3.1 million) and print them all. The problems of every row
/// up to there are reported. Uploads and registry imports alike.
inline constexpr std::size_t kMaxIssues = 1000;

/// The message of a refused file: `source: N problems; nothing was <outcome>`,
/// or, when checking stopped after row `stopped_after` (0: it did not),
/// `source: N problems up to row R, where checking stopped (it stops at 1000
/// problems); nothing was <outcome>`.
std::string refusal_message(const std::string& source, std::size_t problems, std::size_t stopped_after,
                            const std::string& outcome);

/// Base of the failures below; what() is meant for the user.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The input (arguments or data) is wrong; may carry every issue found.
class InvalidInput : public Error {
 public:
  explicit InvalidInput(const std::string& message, std::vector<Issue> issues = {})
      : Error(message), issues_(std::move(issues)) {}
  const std::vector<Issue>& issues() const { return issues_; }

 private:
  std::vector<Issue> issues_;
};

/// The object does not exist, or lies outside the caller's scope (the two look the same).
class NotFound : public Error {
 public:
  using Error::Error;
};

/// The caller's role may not perform the action.
class Forbidden : public Error {
 public:
  using Error::Error;
};

/// The action clashes with the current state (duplicate, stale version, immutable object).
class Conflict : public Error {
 public:
  using Error::Error;
};

/// A conditional write found a different version than the caller had (HTTP 412).
class StaleVersion : public Conflict {
 public:
  using Conflict::Conflict;
};

/// The database failed or could not be reached; details go to the log.
class StorageError : public Error {
 public:
  using Error::Error;
};

}  // namespace syscensus::common
