#pragma once
// Every subcommand: a setup function binds its options into a struct on the
// CLI11 app; a run function takes the struct and an output stream, so tests
// call it directly. Run functions throw the common error family; main maps
// errors to exit codes.
#include <optional>
#include <ostream>
#include <string>

#include "cli/context.hpp"
#include "registry/entities.hpp"
#include "registry/systems.hpp"

namespace CLI {
class App;
}

namespace syscensus::cli {

// init, db migrate, db status
void setup_db(CLI::App& app, Context& ctx);
void run_init(const Context& ctx, std::ostream& out);
void run_db_status(const Context& ctx, std::ostream& out);

// units|entities|systems import FILE [--dry-run]
struct ImportArgs {
  std::string file;
  bool dry_run = false;
};
enum class ImportKind { units, entities, systems };
void setup_import(CLI::App& parent, ImportKind kind, Context& ctx);
void run_import(ImportKind kind, const ImportArgs& args, const Context& ctx, std::ostream& out);

// systems list|show|retire|check|count
struct SystemsShowArgs {
  std::string code;
  bool history = false;
};
struct SystemsRetireArgs {
  std::string code;
  std::string reason;
  std::string date;
};
struct SystemsCountArgs {
  registry::SystemFilter filter;
  std::string by = "level";
  std::string across;
};
void setup_systems(CLI::App& app, Context& ctx);
void run_systems_list(const registry::SystemFilter& filter, const Context& ctx, std::ostream& out);
void run_systems_show(const SystemsShowArgs& args, const Context& ctx, std::ostream& out);
void run_systems_retire(const SystemsRetireArgs& args, const Context& ctx, std::ostream& out);
struct SystemsCheckArgs {
  registry::SystemFilter filter;
  std::string finding;  ///< only this kind of finding
};
void run_systems_check(const SystemsCheckArgs& args, const Context& ctx, std::ostream& out);
void run_systems_count(const SystemsCountArgs& args, const Context& ctx, std::ostream& out);

// entities list|show
void setup_entities(CLI::App& app, Context& ctx);
void run_entities_list(const registry::EntityFilter& filter, const Context& ctx, std::ostream& out);
void run_entities_show(const std::string& code, const Context& ctx, std::ostream& out);

// units list
struct UnitsListArgs {
  bool all = false;
  std::string kind;
};
void setup_units(CLI::App& app, Context& ctx);
void run_units_list(const UnitsListArgs& args, const Context& ctx, std::ostream& out);

// changes --since SEQ
struct ChangesArgs {
  long long since = 0;
  long long limit = 0;
  std::string kind;
  std::string code;
};
void setup_changes(CLI::App& app, Context& ctx);
void run_changes(const ChangesArgs& args, const Context& ctx, std::ostream& out);

// questionnaire import|list|show, campaign create|open|close|list|show,
// survey template|upload|history|show
void setup_survey(CLI::App& app, Context& ctx);
struct UploadArgs {
  std::string campaign;
  std::string file;
  bool dry_run = false;
  std::string errors;  ///< write the problems as CSV here
};
void run_survey_upload(const UploadArgs& args, const Context& ctx, std::ostream& out);

// token create|list|revoke
void setup_token(CLI::App& app, Context& ctx);

// serve: the HTTP API
void setup_serve(CLI::App& app, Context& ctx);

// report coverage|compliance|gaps|compare
void setup_reports(CLI::App& app, Context& ctx);

}  // namespace syscensus::cli
