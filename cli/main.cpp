// syscensus: the national census of State information systems.
#include <soci/soci.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "schema/database.hpp"
#include "common/error.hpp"

namespace {

constexpr int kOk = 0;
constexpr int kInvalid = 1;  // invalid input or data
constexpr int kFailure = 2;  // anything else (database, system)

constexpr const char* kFooter = R"(Exit codes: 0 ok; 1 invalid input or data (nothing was written); 2 other failure.
Database: --db URL or SYSCENSUS_DB; sqlite:PATH (default sqlite:syscensus.db) or postgresql://user@host:port/db.)";

int run(int argc, char** argv) {
  using namespace syscensus;
  cli::capture_standard_output();
  cli::Context ctx;
  ctx.width = cli::terminal_width();
  ctx.actor = cli::default_actor();
  CLI::App app{"syscensus: the registry of State information systems and their security self-assessment rounds"};
  app.footer(kFooter);
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand: `systems list --format json`
  app.set_version_flag("--version", "syscensus 0.1.0");
  app.add_option("--db", ctx.db_url, "Database URL (default: SYSCENSUS_DB, else sqlite:syscensus.db)");
  app.add_option("--format", ctx.format, "Output: table, csv or json")->capture_default_str();
  app.add_option("--as", ctx.as, "Act as admin, reader, province:CODE or ministry:AGENCY-CODE (survey commands)")
      ->capture_default_str();
  app.add_flag("!--no-progress", ctx.progress, "Do not draw progress on long imports and uploads (drawn only on a terminal)");
  cli::setup_db(app, ctx);
  cli::setup_units(app, ctx);
  cli::setup_entities(app, ctx);
  cli::setup_systems(app, ctx);
  cli::setup_changes(app, ctx);
  cli::setup_survey(app, ctx);
  cli::setup_reports(app, ctx);
  cli::setup_token(app, ctx);
  cli::setup_serve(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (app.exit(e) != 0) return kInvalid;  // else --help or --version, printed
  }
  cli::finish_standard_output();  // output lost to a full disk is a failure, not a success
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace syscensus::common;
  try {
    return run(argc, argv);
  } catch (const StorageError& e) {
    std::cerr << "syscensus: " << e.what() << "\n";
    return kFailure;
  } catch (const Error& e) {  // invalid input, not found, conflict, forbidden
    std::cerr << "syscensus: " << e.what() << "\n";
    return kInvalid;
  } catch (const soci::soci_error& e) {
    std::cerr << "syscensus: database error: " << syscensus::schema::error_text(e) << "\n";
    return kFailure;
  } catch (const std::exception& e) {
    std::cerr << "syscensus: " << e.what() << "\n";
    return kFailure;
  }
}
