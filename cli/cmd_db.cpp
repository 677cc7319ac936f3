#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "schema/migrations.hpp"

namespace syscensus::cli {

void run_init(const Context& ctx, std::ostream& out) {
  schema::Database db(schema::resolve_url(ctx.db_url), true);
  const int applied = schema::migrate(db);
  const auto states = schema::migration_status(db);
  out << db.display_url() << ": schema version " << (states.empty() ? 0 : states.back().version) << " ("
      << applied << (applied == 1 ? " migration" : " migrations") << " applied)\n";
}

void run_db_status(const Context& ctx, std::ostream& out) {
  schema::Database db(schema::resolve_url(ctx.db_url));
  Table table{{{"version", Column::Type::integer}, {"name"}, {"applied_at"}}, {}};
  for (const auto& state : schema::migration_status(db))
    table.rows.push_back({std::to_string(state.version), state.name, state.applied_at.value_or("pending")});
  render(table, ctx.output_format(), out, ctx.width);
}

void setup_db(CLI::App& app, Context& ctx) {
  app.add_subcommand("init", "Create the database if needed and apply every migration (idempotent)")
      ->callback([&ctx] { run_init(ctx, std::cout); });
  CLI::App* db = app.add_subcommand("db", "Database schema: migrate, status");
  db->require_subcommand(1);
  db->add_subcommand("migrate", "Apply pending migrations (idempotent)")->callback([&ctx] { run_init(ctx, std::cout); });
  db->add_subcommand("status", "List migrations and when they were applied")
      ->callback([&ctx] { run_db_status(ctx, std::cout); });
}

}  // namespace syscensus::cli
