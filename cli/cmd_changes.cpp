#include <CLI/CLI.hpp>
#include <memory>

#include "cli/commands.hpp"
#include "cli/tables.hpp"
#include "common/error.hpp"

namespace syscensus::cli {

void run_changes(const ChangesArgs& args, const Context& ctx, std::ostream& out) {
  // As in the API: the log spans every province, so only national roles read it.
  const registry::Role role = ctx.scope().role;
  if (role != registry::Role::admin && role != registry::Role::reader)
    throw common::Forbidden("the change log covers every province; it needs --as admin or reader");
  schema::Database db = ctx.open();
  TableWriter writer(change_columns(), ctx.output_format(), out, ctx.width);
  schema::for_each_change(db, {args.since, args.limit, args.kind, args.code},
                          [&writer](const schema::ChangeEntry& e) { writer.row(change_row(e)); });
  writer.finish();
}

void setup_changes(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ChangesArgs>();
  CLI::App* cmd = app.add_subcommand(
      "changes", "The change log: every write, in order (resume a feed with --since the last seq you read)");
  cmd->add_option("--since", args->since, "Only changes after this sequence number")->capture_default_str();
  cmd->add_option("--limit", args->limit, "At most N changes");
  cmd->add_option("--kind", args->kind, "unit, entity or system");
  cmd->add_option("--code", args->code, "Only changes of this object");
  cmd->callback([args, &ctx] { run_changes(*args, ctx, std::cout); });
}

}  // namespace syscensus::cli
