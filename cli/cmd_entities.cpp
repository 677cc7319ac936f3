#include <CLI/CLI.hpp>
#include <memory>

#include "cli/commands.hpp"
#include "cli/tables.hpp"

namespace syscensus::cli {

void run_entities_list(const registry::EntityFilter& filter, const Context& ctx, std::ostream& out) {
  schema::Database db = ctx.open();
  render(entities_table(registry::list_entities(db, filter)), ctx.output_format(), out, ctx.width);
}

void run_entities_show(const std::string& code, const Context& ctx, std::ostream& out) {
  schema::Database db = ctx.open();
  const Table table = entities_table({registry::get_entity(db, code)});
  const Format format = ctx.output_format();
  render(format == Format::table ? vertical(table) : table, format, out, ctx.width);
}

void setup_entities(CLI::App& app, Context& ctx) {
  CLI::App* entities = app.add_subcommand("entities", "Owners and operators of systems: import, list, show");
  entities->require_subcommand(1);
  setup_import(*entities, ImportKind::entities, ctx);

  auto filter = std::make_shared<registry::EntityFilter>();
  CLI::App* list = entities->add_subcommand("list", "List entities");
  list->add_option("--under", filter->under, "Only this entity and everything below it (e.g. a ministry)");
  list->add_option("--kind", filter->kind,
                   "ministry, province_committee, department, agency, school, hospital, enterprise or other");
  list->add_option("--province", filter->province, "Province code; an old code rolls up into its successor");
  list->add_option("--search", filter->search, "Part of the name or code, with or without diacritics");
  list->add_option("--limit", filter->limit, "At most N entities");
  list->callback([filter, &ctx] { run_entities_list(*filter, ctx, std::cout); });

  auto code = std::make_shared<std::string>();
  CLI::App* show = entities->add_subcommand("show", "Show one entity");
  show->add_option("code", *code, "Agency code")->required();
  show->callback([code, &ctx] { run_entities_show(*code, ctx, std::cout); });
}

}  // namespace syscensus::cli
