#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "survey/reports.hpp"

namespace syscensus::cli {
namespace {

using Cell = std::optional<std::string>;

Cell number(const std::optional<double>& value) {
  if (!value) return std::nullopt;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", *value);
  return std::string(buffer);
}

Cell ratio(long long part, long long whole) {
  return whole == 0 ? Cell() : number(100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string group_column(const std::string& by) { return by.empty() ? "scope" : by; }

struct ReportArgs {
  std::string campaign;
  std::string other;     // compare: the second campaign
  std::string by;
  bool missing = false;
  std::string province;
  std::string question;
  long long limit = 0;
};

void run_coverage(const ReportArgs& a, const Context& ctx, std::ostream& out) {
  schema::Database db = ctx.open();
  if (a.missing) {
    Table table{{{"code"}, {"name"}, {"province"}, {"owner"}}, {}};
    for (const auto& m : survey::missing(db, a.campaign, ctx.scope())) table.rows.push_back({m.code, m.name, m.province, m.owner});
    render(table, ctx.output_format(), out, ctx.width);
    return;
  }
  Table table{{{group_column(a.by)}, {"expected", Column::Type::integer}, {"received", Column::Type::integer},
               {"missing", Column::Type::integer}, {"percent", Column::Type::number}},
              {}};
  long long expected = 0, received = 0;
  for (const auto& r : survey::coverage(db, a.campaign, a.by, ctx.scope())) {
    table.rows.push_back({r.group, std::to_string(r.expected), std::to_string(r.received),
                          std::to_string(r.expected - r.received), ratio(r.received, r.expected)});
    expected += r.expected;
    received += r.received;
  }
  if (!a.by.empty())
    table.rows.push_back({"total", std::to_string(expected), std::to_string(received), std::to_string(expected - received),
                          ratio(received, expected)});
  render(table, ctx.output_format(), out, ctx.width);
}

void run_compliance(const ReportArgs& a, const Context& ctx, std::ostream& out) {
  schema::Database db = ctx.open();
  Table table{{{group_column(a.by)}, {"scored", Column::Type::integer}, {"mean", Column::Type::number},
               {"median", Column::Type::number}, {"0-20", Column::Type::integer}, {"20-40", Column::Type::integer},
               {"40-60", Column::Type::integer}, {"60-80", Column::Type::integer}, {"80-100", Column::Type::integer}},
              {}};
  for (const auto& r : survey::compliance(db, a.campaign, a.by, ctx.scope())) {
    std::vector<Cell> row{r.group, std::to_string(r.scored), number(r.mean), number(r.median)};
    for (long long n : r.distribution) row.push_back(std::to_string(n));
    table.rows.push_back(std::move(row));
  }
  render(table, ctx.output_format(), out, ctx.width);
}

void run_gaps(const ReportArgs& a, const Context& ctx, std::ostream& out) {
  schema::Database db = ctx.open();
  if (!a.question.empty()) {
    Table table{{{"code"}, {"name"}, {"province"}, {"answer"}}, {}};
    for (const auto& f : survey::failing(db, a.campaign, a.question, a.province, ctx.scope()))
      table.rows.push_back({f.code, f.name, f.province, f.answer});
    render(table, ctx.output_format(), out, ctx.width);
    return;
  }
  Table table{{{"question"}, {"section"}, {"answered", Column::Type::integer}, {"no", Column::Type::integer},
               {"partial", Column::Type::integer}, {"failing", Column::Type::number}, {"text"}},
              {}};
  for (const auto& g : survey::gaps(db, a.campaign, a.province, ctx.scope())) {
    if (a.limit > 0 && static_cast<long long>(table.rows.size()) >= a.limit) break;
    table.rows.push_back({g.question, g.section, std::to_string(g.answered), std::to_string(g.no),
                          std::to_string(g.partial), number(g.failing), g.text});
  }
  render(table, ctx.output_format(), out, ctx.width);
}

void run_compare(const ReportArgs& a, const Context& ctx, std::ostream& out) {
  schema::Database db = ctx.open();
  Table table{{{group_column(a.by)}, {"mean_a", Column::Type::number}, {"mean_b", Column::Type::number},
               {"change", Column::Type::number}, {"coverage_a", Column::Type::number}, {"coverage_b", Column::Type::number}},
              {}};
  for (const auto& r : survey::compare(db, a.campaign, a.other, a.by, ctx.scope())) {
    const std::optional<double> change =
        r.mean_a && r.mean_b ? std::optional(*r.mean_b - *r.mean_a) : std::nullopt;
    table.rows.push_back({r.group, number(r.mean_a), number(r.mean_b), number(change), ratio(r.received_a, r.expected_a),
                          ratio(r.received_b, r.expected_b)});
  }
  render(table, ctx.output_format(), out, ctx.width);
}

}  // namespace

void setup_reports(CLI::App& app, Context& ctx) {
  CLI::App* report = app.add_subcommand("report", "Round reports: coverage, compliance, gaps, compare");
  report->require_subcommand(1);
  const char* by_help = "province, ministry, level or category (default: one national line)";

  auto cov = std::make_shared<ReportArgs>();
  CLI::App* c = report->add_subcommand("coverage", "Expected, received and missing answers");
  c->add_option("campaign", cov->campaign, "Campaign code")->required();
  c->add_option("--by", cov->by, by_help);
  c->add_flag("--missing", cov->missing, "List the systems still owed");
  c->callback([cov, &ctx] { run_coverage(*cov, ctx, std::cout); });

  auto com = std::make_shared<ReportArgs>();
  CLI::App* m = report->add_subcommand("compliance", "Mean, median and distribution of compliance scores (percent)");
  m->add_option("campaign", com->campaign, "Campaign code")->required();
  m->add_option("--by", com->by, "province, ministry, level, category or group (requirement group)");
  m->callback([com, &ctx] { run_compliance(*com, ctx, std::cout); });

  auto gap = std::make_shared<ReportArgs>();
  CLI::App* g = report->add_subcommand("gaps", "The most-failed questions, or the systems failing one question");
  g->add_option("campaign", gap->campaign, "Campaign code")->required();
  g->add_option("--province", gap->province, "Only this province (an old code rolls up)");
  g->add_option("--question", gap->question, "List the systems answering no or partial to this question");
  g->add_option("--limit", gap->limit, "At most N questions");
  g->callback([gap, &ctx] { run_gaps(*gap, ctx, std::cout); });

  auto cmp = std::make_shared<ReportArgs>();
  CLI::App* p = report->add_subcommand("compare", "Change in mean score and coverage between two rounds");
  p->add_option("campaign_a", cmp->campaign, "Earlier campaign")->required();
  p->add_option("campaign_b", cmp->other, "Later campaign")->required();
  p->add_option("--by", cmp->by, by_help);
  p->callback([cmp, &ctx] { run_compare(*cmp, ctx, std::cout); });
}

}  // namespace syscensus::cli
