#include <CLI/CLI.hpp>
#include <memory>

#include "cli/commands.hpp"
#include "common/date.hpp"
#include "common/error.hpp"
#include "registry/units.hpp"

namespace syscensus::cli {

void run_units_list(const UnitsListArgs& args, const Context& ctx, std::ostream& out) {
  static const std::vector<std::string> kinds = {"province", "city", "commune", "ward", "special_zone"};
  if (!args.kind.empty() && std::find(kinds.begin(), kinds.end(), args.kind) == kinds.end())
    throw common::InvalidInput("unknown unit kind \"" + args.kind + "\"; use province, city, commune, ward or special_zone");
  schema::Database db = ctx.open();
  const registry::UnitIndex units = registry::load_units(db);
  const std::string today = common::today();
  Table table{{{"code"}, {"name"}, {"kind"}, {"parent"}, {"valid_from"}, {"valid_to"}, {"merged_into"}, {"now_part_of"}},
              {}};
  auto cell = [](const std::string& text) { return text.empty() ? std::nullopt : std::optional(text); };
  for (const registry::Unit& u : units.all()) {
    if (!args.all && !u.valid_on(today)) continue;
    if (!args.kind.empty() && u.kind != args.kind) continue;
    const registry::Unit& now = units.successor(u);
    table.rows.push_back({u.code, u.name, u.kind, cell(u.parent), u.valid_from, cell(u.valid_to), cell(u.merged_into),
                          &now == &u ? std::nullopt : cell(now.code + " " + now.name)});
  }
  render(table, ctx.output_format(), out, ctx.width);
}

void setup_units(CLI::App& app, Context& ctx) {
  CLI::App* units = app.add_subcommand("units", "Administrative units over time: import, list");
  units->require_subcommand(1);
  setup_import(*units, ImportKind::units, ctx);
  auto args = std::make_shared<UnitsListArgs>();
  CLI::App* list = units->add_subcommand("list", "List the units valid today (--all: with their history)");
  list->add_flag("--all", args->all, "Include units no longer valid, with what they became part of");
  list->add_option("--kind", args->kind, "province, city, commune, ward or special_zone");
  list->callback([args, &ctx] { run_units_list(*args, ctx, std::cout); });
}

}  // namespace syscensus::cli
