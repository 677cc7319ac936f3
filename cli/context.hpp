#pragma once
// What every command receives: the global options and where messages go.
#include <iostream>
#include <string>

#include "cli/output.hpp"
#include "registry/scope.hpp"
#include "schema/database.hpp"

namespace syscensus::cli {

struct Context {
  std::string db_url;            ///< --db; empty: SYSCENSUS_DB or the default
  std::string format = "table";  ///< --format
  std::size_t width = 0;         ///< terminal width for tables, 0: unlimited
  std::string actor;             ///< who acts, for the change log
  std::string as = "admin";      ///< --as: the scope the user acts in
  bool progress = true;          ///< --no-progress clears it; drawn only on a terminal anyway
  std::ostream* err = &std::cerr;

  /// Opens the database and checks its schema is current (StorageError otherwise).
  schema::Database open() const;
  Format output_format() const { return parse_format(format); }
  /// The parsed --as scope; throws InvalidInput.
  registry::Scope scope() const { return registry::parse_scope(as); }
  /// Whether long work should draw a progress line (standard error is a terminal).
  bool show_progress() const;
  /// Throws Forbidden unless --as is admin: for national operations (units,
  /// entities, questionnaires, rounds, tokens) whose use cases take no scope.
  void require_admin(const std::string& action) const;
};

/// The actor a CLI user is recorded as: "cli:" and the login name.
std::string default_actor();

}  // namespace syscensus::cli
