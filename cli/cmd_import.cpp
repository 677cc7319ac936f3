#include <CLI/CLI.hpp>
#include <fstream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "common/error.hpp"
#include "registry/import.hpp"

namespace syscensus::cli {
namespace {

const char* noun(ImportKind kind) {
  switch (kind) {
    case ImportKind::units: return "units";
    case ImportKind::entities: return "entities";
    case ImportKind::systems: return "systems";
  }
  return "";
}

registry::ImportSummary import(ImportKind kind, schema::Database& db, std::istream& in,
                               const registry::ImportOptions& options) {
  switch (kind) {
    case ImportKind::units: return registry::import_units(db, in, options);
    case ImportKind::entities: return registry::import_entities(db, in, options);
    case ImportKind::systems: return registry::import_systems(db, in, options);
  }
  throw common::InvalidInput("unknown import kind");
}

}  // namespace

void run_import(ImportKind kind, const ImportArgs& args, const Context& ctx, std::ostream& out) {
  std::ifstream file;
  if (args.file != "-") {
    file.open(args.file, std::ios::binary);
    if (!file) throw common::InvalidInput("cannot open " + args.file + ": no such file or not readable");
  }
  std::istream& in = args.file == "-" ? std::cin : file;
  if (kind != ImportKind::systems) ctx.require_admin(std::string("importing ") + noun(kind));
  schema::Database db = ctx.open();
  // Systems: a province or ministry imports only its own rows, a reader none.
  registry::ImportOptions options{args.file == "-" ? "<stdin>" : args.file, ctx.actor, args.dry_run, ctx.scope()};
  try {
    registry::ImportSummary s;
    {
      const ProgressLine progress(options.source, args.file == "-" ? 0 : file_size(args.file), ctx.show_progress());
      options.progress = progress.callback();
      s = import(kind, db, in, options);
    }  // the progress line is erased before the summary or the issues
    out << options.source << ": " << s.rows << " rows: " << s.created << " created, " << s.updated
        << " updated, " << s.unchanged << " unchanged" << (s.dry_run ? " (dry run: nothing written)" : "") << "\n";
  } catch (const common::InvalidInput& e) {
    for (const common::Issue& issue : e.issues()) *ctx.err << common::format_issue(options.source, issue) << "\n";
    throw;
  }
}

void setup_import(CLI::App& parent, ImportKind kind, Context& ctx) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "import", std::string("Create or update ") + noun(kind) +
                    " from a CSV file (UTF-8, comma or semicolon); every problem is reported and nothing is"
                    " written unless the whole file is valid");
  cmd->add_option("file", args->file, "CSV file, or - for standard input")->required();
  cmd->add_flag("--dry-run", args->dry_run, "Check the file and show what would change, write nothing");
  cmd->callback([kind, args, &ctx] { run_import(kind, *args, ctx, std::cout); });
}

}  // namespace syscensus::cli
