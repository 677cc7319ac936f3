#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>
#include <memory>

#include "cli/commands.hpp"
#include "cli/tables.hpp"
#include "common/error.hpp"
#include "registry/check.hpp"
#include "registry/specs.hpp"
#include "registry/units.hpp"

namespace syscensus::cli {

void run_systems_list(const registry::SystemFilter& filter, const Context& ctx, std::ostream& out) {
  schema::Database db = ctx.open();
  registry::SystemFilter scoped = filter;
  scoped.scope = ctx.scope();
  TableWriter writer(system_columns(), ctx.output_format(), out, ctx.width);
  registry::for_each_system(db, scoped, [&writer](const registry::SystemView& s) { writer.row(system_row(s)); });
  writer.finish();
}

void run_systems_show(const SystemsShowArgs& args, const Context& ctx, std::ostream& out) {
  schema::Database db = ctx.open();
  const Format format = ctx.output_format();
  if (args.history) {
    render(changes_table(registry::system_history(db, args.code, ctx.scope())), format, out, ctx.width);
    return;
  }
  const Table table = systems_table({registry::get_system(db, args.code, ctx.scope())}, true);
  render(format == Format::table ? vertical(table) : table, format, out, ctx.width);
}

void run_systems_retire(const SystemsRetireArgs& args, const Context& ctx, std::ostream& out) {
  schema::Database db = ctx.open();
  const auto view = registry::retire_system(db, args.code, args.reason, args.date, ctx.actor, ctx.scope());
  const auto& spec = registry::system_spec();
  out << "retired " << args.code << " on " << view.record[spec.index("retired_on")].value_or("") << "\n";
}

void run_systems_check(const SystemsCheckArgs& args, const Context& ctx, std::ostream& out) {
  static const std::vector<std::string> kinds = {"level_below_criteria", "no_level", "not_approved"};
  if (!args.finding.empty() && std::find(kinds.begin(), kinds.end(), args.finding) == kinds.end())
    throw common::InvalidInput("unknown finding \"" + args.finding +
                               "\"; use level_below_criteria, no_level or not_approved");
  schema::Database db = ctx.open();
  registry::SystemFilter scoped = args.filter;
  scoped.scope = ctx.scope();
  const auto& spec = registry::system_spec();
  TableWriter findings({{"code"}, {"name"}, {"province"}, {"owner"}, {"level", Column::Type::integer},
                        {"implied", Column::Type::integer}, {"finding"}, {"reason"}},
                       ctx.output_format(), out, ctx.width);
  std::map<std::string, std::size_t> per_kind;
  std::size_t checked = 0;
  registry::for_each_system(db, scoped, [&](const registry::SystemView& s) {
    ++checked;
    for (const auto& f : registry::check_system(s.record)) {
      ++per_kind[f.kind];
      if (!args.finding.empty() && f.kind != args.finding) continue;
      findings.row({f.code, s.record[spec.index("name")], s.current_province, s.record[spec.index("owner")],
                    f.recorded ? std::optional(std::to_string(f.recorded)) : std::nullopt,
                    f.implied ? std::optional(std::to_string(f.implied)) : std::nullopt, f.kind, f.reason});
    }
  });
  findings.finish();
  out.flush();  // keep the summary after the table when both go to one terminal
  *ctx.err << checked << " systems checked:";
  for (const std::string& kind : kinds) *ctx.err << " " << per_kind[kind] << " " << kind;
  *ctx.err << "\n";
}

void run_systems_count(const SystemsCountArgs& args, const Context& ctx, std::ostream& out) {
  schema::Database db = ctx.open();
  registry::SystemFilter scoped = args.filter;
  scoped.scope = ctx.scope();
  SystemCounts counts(args.by, args.across);
  registry::for_each_system(db, scoped, [&counts](const registry::SystemView& s) { counts.add(s); });
  render(counts.table(db), ctx.output_format(), out, ctx.width);
}

namespace {

void add_filter_options(CLI::App* cmd, registry::SystemFilter& f) {
  cmd->add_option("--province", f.province, "Province code; an old (pre-2025) code rolls up into its successor");
  cmd->add_option("--owner", f.owner, "Owner entity code; systems of its sub-entities are included");
  cmd->add_option("--level", f.level, "Security level 1-5");
  cmd->add_option("--category", f.category, "Category a-e");
  cmd->add_option("--status", f.status,
                  "Dossier status (none, proposed, appraised, approved) or lifecycle (planned, operating, retired)");
  cmd->add_option("--search", f.search, "Part of the name or code, with or without diacritics");
}

}  // namespace

void setup_systems(CLI::App& app, Context& ctx) {
  CLI::App* systems = app.add_subcommand("systems", "Information systems: import, list, show, retire, check, count");
  systems->require_subcommand(1);
  setup_import(*systems, ImportKind::systems, ctx);

  auto list = std::make_shared<registry::SystemFilter>();
  CLI::App* list_cmd = systems->add_subcommand("list", "List systems matching filters");
  add_filter_options(list_cmd, *list);
  list_cmd->add_option("--sort", list->sort, "code, name, level, province, owner, category or status; -FIELD descends")
      ->capture_default_str();
  list_cmd->add_option("--limit", list->limit, "At most N systems");
  list_cmd->callback([list, &ctx] { run_systems_list(*list, ctx, std::cout); });

  auto show = std::make_shared<SystemsShowArgs>();
  CLI::App* show_cmd = systems->add_subcommand("show", "Show one system, or its change history");
  show_cmd->add_option("code", show->code, "System code")->required();
  show_cmd->add_flag("--history", show->history, "Show every recorded change of the system");
  show_cmd->callback([show, &ctx] { run_systems_show(*show, ctx, std::cout); });

  auto retire = std::make_shared<SystemsRetireArgs>();
  CLI::App* retire_cmd = systems->add_subcommand("retire", "Mark a system retired (it stays in the registry)");
  retire_cmd->add_option("code", retire->code, "System code")->required();
  retire_cmd->add_option("--reason", retire->reason, "Why it is retired")->required();
  retire_cmd->add_option("--date", retire->date, "Retirement date (default: today)");
  retire_cmd->callback([retire, &ctx] { run_systems_retire(*retire, ctx, std::cout); });

  auto check = std::make_shared<SystemsCheckArgs>();
  CLI::App* check_cmd = systems->add_subcommand(
      "check", "Systems whose level is below what their attributes imply, and operating systems without an approved level");
  add_filter_options(check_cmd, check->filter);
  check_cmd->add_option("--finding", check->finding, "Only level_below_criteria, no_level or not_approved");
  check_cmd->callback([check, &ctx] { run_systems_check(*check, ctx, std::cout); });

  auto count = std::make_shared<SystemsCountArgs>();
  CLI::App* count_cmd = systems->add_subcommand("count", "Count systems by a field, optionally across a second one");
  add_filter_options(count_cmd, count->filter);
  count_cmd->add_option("--by", count->by, "province, level, category, dossier_status, lifecycle, hosting, owner")
      ->capture_default_str();
  count_cmd->add_option("--across", count->across, "A second field: one column per value");
  count_cmd->callback([count, &ctx] { run_systems_count(*count, ctx, std::cout); });
}

}  // namespace syscensus::cli
