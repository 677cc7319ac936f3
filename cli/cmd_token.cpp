#include <CLI/CLI.hpp>
#include <memory>

#include "cli/commands.hpp"
#include "common/error.hpp"
#include "registry/tokens.hpp"

namespace syscensus::cli {
namespace {

struct TokenArgs {
  std::string name, role, unit, entity, expires;
};

registry::Scope scope_of(const TokenArgs& a) {
  if (a.role == "province") {
    if (a.unit.empty()) throw common::InvalidInput("a province token needs --unit PROVINCE-CODE");
    return registry::parse_scope("province:" + a.unit);
  }
  if (a.role == "ministry") {
    if (a.entity.empty()) throw common::InvalidInput("a ministry token needs --entity AGENCY-CODE");
    return registry::parse_scope("ministry:" + a.entity);
  }
  if (!a.unit.empty() || !a.entity.empty())
    throw common::InvalidInput("--unit and --entity go with the province and ministry roles only");
  return registry::parse_scope(a.role);
}

}  // namespace

void setup_token(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("token", "API tokens: create (the secret is shown once), list, revoke");
  cmd->require_subcommand(1);
  auto a = std::make_shared<TokenArgs>();
  CLI::App* create = cmd->add_subcommand("create", "Create a token and print it once");
  create->add_option("--name", a->name, "A name to tell tokens apart")->required();
  create->add_option("--role", a->role, "admin, province, ministry or reader")
      ->required()
      ->check(CLI::IsMember({"admin", "province", "ministry", "reader"}));
  create->add_option("--unit", a->unit, "Province code (province role)");
  create->add_option("--entity", a->entity, "Agency code (ministry role)");
  create->add_option("--expires", a->expires, "Last day the token works");
  create->callback([a, &ctx] {
    ctx.require_admin("creating a token");
    schema::Database db = ctx.open();
    const auto created = registry::create_token(db, a->name, scope_of(*a), a->expires, registry::token_key(true), ctx.actor);
    *ctx.err << "token \"" << created.info.name << "\" (" << created.info.scope.text()
             << "); this is the only time it is shown:\n";
    std::cout << created.token << "\n";
  });
  cmd->add_subcommand("list", "List tokens (never their secrets)")->callback([&ctx] {
    ctx.require_admin("listing tokens");
    schema::Database db = ctx.open();
    Table table{{{"id", Column::Type::integer}, {"name"}, {"scope"}, {"created_at"}, {"expires_on"}, {"revoked_at"}}, {}};
    auto cell = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional(s); };
    for (const auto& t : registry::list_tokens(db))
      table.rows.push_back({std::to_string(t.id), t.name, t.scope.text(), t.created_at, cell(t.expires_on), cell(t.revoked_at)});
    render(table, ctx.output_format(), std::cout, ctx.width);
  });
  auto name = std::make_shared<std::string>();
  CLI::App* revoke = cmd->add_subcommand("revoke", "Revoke a token; it stops working at the next request");
  revoke->add_option("name", *name, "Token name")->required();
  revoke->callback([name, &ctx] {
    ctx.require_admin("revoking a token");
    schema::Database db = ctx.open();
    registry::revoke_token(db, *name, ctx.actor);
    std::cout << "revoked token \"" << *name << "\"\n";
  });
}

}  // namespace syscensus::cli
