#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "common/csv.hpp"
#include "common/error.hpp"
#include "survey/campaign.hpp"
#include "survey/catalog.hpp"
#include "survey/reports.hpp"
#include "survey/results.hpp"
#include "survey/upload.hpp"

namespace syscensus::cli {
namespace {

using Cell = std::optional<std::string>;

std::string read_limited(const std::string& path, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw common::InvalidInput("cannot open " + path + ": no such file or not readable");
  std::string text(limit + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

void print_issues(const Context& ctx, const std::string& source, const common::InvalidInput& e) {
  for (const common::Issue& issue : e.issues()) *ctx.err << common::format_issue(source, issue) << "\n";
}

std::string percent(const std::optional<double>& value) {
  if (!value) return "";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.1f", *value);
  return buffer;
}

void run_questionnaire_import(const std::string& file, const Context& ctx, std::ostream& out) {
  ctx.require_admin("importing a questionnaire");
  const survey::QuestionnaireLimits limits;
  const std::string text = read_limited(file, limits.max_bytes);
  survey::Questionnaire q;
  try {
    q = survey::parse_questionnaire(text, limits);
  } catch (const common::InvalidInput& e) {
    print_issues(ctx, file, e);
    throw;
  }
  schema::Database db = ctx.open();
  static const char* words[] = {"created", "replaced", "unchanged"};
  const auto outcome = survey::import_questionnaire(db, q, ctx.actor);
  out << file << ": questionnaire " << q.key() << " (" << q.questions.size() << " questions): "
      << words[static_cast<int>(outcome)] << "\n";
}

Table questions_table(const survey::Questionnaire& q) {
  Table table{{{"id"}, {"section"}, {"type"}, {"required", Column::Type::boolean}, {"weight", Column::Type::number},
               {"min_level", Column::Type::integer}, {"applies_to"}, {"options", Column::Type::list}, {"text"}},
              {}};
  for (const survey::Question& question : q.questions) {
    std::string conditions;
    const auto& a = question.applies;
    for (const auto& c : a.categories) conditions += (conditions.empty() ? "category " : ",") + c;
    if (a.internet_facing) conditions += std::string(conditions.empty() ? "" : "; ") + (*a.internet_facing ? "" : "not ") + "internet-facing";
    if (a.personal_data) conditions += std::string(conditions.empty() ? "" : "; ") + (*a.personal_data ? "" : "no ") + "personal data";
    std::string options;
    for (const auto& o : question.options) options += (options.empty() ? "" : "|") + o;
    std::ostringstream weight;
    weight << question.weight;
    table.rows.push_back({question.id, question.section, std::string(survey::type_name(question.type)),
                          question.required ? "1" : "0", weight.str(), std::to_string(a.min_level),
                          conditions.empty() ? Cell() : Cell(conditions), options.empty() ? Cell() : Cell(options),
                          question.text});
  }
  return table;
}

// A province or ministry sees a round's counts over its own systems, as in the API.
std::vector<survey::Campaign> in_scope(schema::Database& db, std::vector<survey::Campaign> campaigns, const Context& ctx) {
  const registry::Scope scope = ctx.scope();
  if (scope.role == registry::Role::admin || scope.role == registry::Role::reader) return campaigns;
  for (auto& c : campaigns) {
    c.expected = c.received = 0;
    for (const auto& row : survey::coverage(db, c.code, "", scope)) {
      c.expected += row.expected;
      c.received += row.received;
    }
  }
  return campaigns;
}

Table campaigns_table(const std::vector<survey::Campaign>& campaigns) {
  Table table{{{"code"}, {"title"}, {"questionnaire"}, {"status"}, {"opens"}, {"closes"},
               {"expected", Column::Type::integer}, {"received", Column::Type::integer}, {"scope", Column::Type::json, false}},
              {}};
  for (const auto& c : campaigns)
    table.rows.push_back({c.code, c.title, c.questionnaire, c.status, c.opens, c.closes, std::to_string(c.expected),
                          std::to_string(c.received), c.scope.json()});
  return table;
}

}  // namespace

void run_survey_upload(const UploadArgs& args, const Context& ctx, std::ostream& out) {
  std::ifstream file(args.file, std::ios::binary);
  if (!file) throw common::InvalidInput("cannot open " + args.file + ": no such file or not readable");
  schema::Database db = ctx.open();
  try {
    survey::UploadReceipt r;
    {
      const ProgressLine progress(args.file, file_size(args.file), ctx.show_progress());
      r = survey::upload_survey(db, args.campaign, file,
                                {args.file, ctx.actor, ctx.scope(), args.dry_run, progress.callback()});
    }  // the progress line is erased before the summary or the issues
    out << args.file << ": campaign " << r.campaign << " (" << r.scope << "): " << r.rows << " rows: " << r.created
        << " new, " << r.replaced << " replaced, " << r.unchanged << " unchanged";
    if (r.dry_run) {
      out << " (dry run: nothing written)";
    } else if (r.upload_id == 0) {
      out << " (identical to what is stored: nothing written)";
    } else {
      out << "; upload #" << r.upload_id;
    }
    out << "; sha256 " << r.content_hash << "\n";
  } catch (const common::InvalidInput& e) {
    print_issues(ctx, args.file, e);
    if (!args.errors.empty()) {
      std::ostringstream report;
      common::CsvWriter writer(report);
      writer.write_row({"row", "column", "field", "value", "code", "message", "hint"});
      for (const auto& i : e.issues())
        writer.write_row({i.row ? std::to_string(i.row) : "", i.col ? std::to_string(i.col) : "", i.column,
                          i.value.value_or(""), i.code, i.message, i.hint});
      write_output_file(args.errors, report.str());
    }
    throw;
  }
}

namespace {

void setup_questionnaire(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("questionnaire", "Versioned self-assessment questionnaires: import, list, show");
  cmd->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  CLI::App* import = cmd->add_subcommand("import", "Import a questionnaire JSON file (every problem reported with its JSON path)");
  import->add_option("file", *file, "JSON file")->required();
  import->callback([file, &ctx] { run_questionnaire_import(*file, ctx, std::cout); });
  cmd->add_subcommand("list", "List stored questionnaires")->callback([&ctx] {
    schema::Database db = ctx.open();
    Table table{{{"id"}, {"version", Column::Type::integer}, {"title"}, {"questions", Column::Type::integer},
                 {"campaigns", Column::Type::integer}, {"imported_at"}},
                {}};
    for (const auto& s : survey::list_questionnaires(db))
      table.rows.push_back({s.questionnaire.id, std::to_string(s.questionnaire.version), s.questionnaire.title,
                            std::to_string(s.questionnaire.questions.size()), std::to_string(s.campaigns), s.imported_at});
    render(table, ctx.output_format(), std::cout, ctx.width);
  });
  auto ref = std::make_shared<std::string>();
  CLI::App* show = cmd->add_subcommand("show", "Show a questionnaire's questions (JSON: the whole document)");
  show->add_option("ref", *ref, "ID@VERSION, or ID for the latest version")->required();
  show->callback([ref, &ctx] {
    schema::Database db = ctx.open();
    const auto stored = survey::get_questionnaire(db, *ref);
    if (ctx.output_format() == Format::json) {
      std::cout << survey::questionnaire_json(stored.questionnaire) << "\n";
      return;
    }
    render(questions_table(stored.questionnaire), ctx.output_format(), std::cout, ctx.width);
  });
}

void setup_campaign(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("campaign", "Survey rounds: create, open (freezes the systems asked), close, list, show");
  cmd->require_subcommand(1);
  auto c = std::make_shared<survey::NewCampaign>();
  CLI::App* create = cmd->add_subcommand("create", "Create a draft campaign");
  create->add_option("code", c->code, "Campaign code, e.g. R2026")->required();
  create->add_option("--questionnaire", c->questionnaire, "ID@VERSION")->required();
  create->add_option("--title", c->title, "Title")->required();
  create->add_option("--opens", c->opens, "Opening date")->required();
  create->add_option("--closes", c->closes, "Closing date")->required();
  create->add_option("--province", c->scope.provinces, "Only these provinces (repeatable)");
  create->add_option("--level", c->scope.levels, "Only these levels (repeatable)");
  create->add_option("--category", c->scope.categories, "Only these categories (repeatable)");
  create->add_option("--status", c->scope.statuses, "Lifecycle of systems asked (repeatable; default operating)");
  create->callback([c, &ctx] {
    ctx.require_admin("creating a campaign");
    schema::Database db = ctx.open();
    const auto created = survey::create_campaign(db, *c, ctx.actor);
    std::cout << "created campaign " << created.code << " (draft); open it with `syscensus campaign open " << created.code << "`\n";
  });
  for (const char* verb : {"open", "close"}) {
    auto code = std::make_shared<std::string>();
    CLI::App* sub = cmd->add_subcommand(verb, std::string(verb) == "open" ? "Open a draft: freeze the systems in scope"
                                                                          : "Close an open campaign");
    sub->add_option("code", *code, "Campaign code")->required();
    sub->callback([code, verb, &ctx] {
      const bool open = std::string(verb) == "open";
      ctx.require_admin(open ? "opening a campaign" : "closing a campaign");
      schema::Database db = ctx.open();
      const auto c2 = open ? survey::open_campaign(db, *code, ctx.actor) : survey::close_campaign(db, *code, ctx.actor);
      std::cout << "campaign " << c2.code << " is " << c2.status << "; " << c2.expected << " systems expected, "
                << c2.received << " received\n";
    });
  }
  cmd->add_subcommand("list", "List campaigns")->callback([&ctx] {
    schema::Database db = ctx.open();
    render(campaigns_table(in_scope(db, survey::list_campaigns(db), ctx)), ctx.output_format(), std::cout, ctx.width);
  });
  auto code = std::make_shared<std::string>();
  CLI::App* show = cmd->add_subcommand("show", "Show one campaign");
  show->add_option("code", *code, "Campaign code")->required();
  show->callback([code, &ctx] {
    schema::Database db = ctx.open();
    const Table table = campaigns_table(in_scope(db, {survey::get_campaign(db, *code)}, ctx));
    const Format format = ctx.output_format();
    render(format == Format::table ? vertical(table) : table, format, std::cout, ctx.width);
  });
}

void setup_survey_rounds(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("survey", "Answers of a round: template, upload, history, show");
  cmd->require_subcommand(1);
  struct TemplateArgs { std::string campaign, province, out; };
  auto t = std::make_shared<TemplateArgs>();
  CLI::App* tmpl = cmd->add_subcommand("template", "The CSV a province fills in: its systems x the questions");
  tmpl->add_option("campaign", t->campaign, "Campaign code")->required();
  tmpl->add_option("--province", t->province, "Province code (default: the province of --as province:CODE)");
  tmpl->add_option("--out", t->out, "Write to this file instead of standard output");
  tmpl->callback([t, &ctx] {
    const registry::Scope scope = ctx.scope();
    if (t->province.empty() && scope.role != registry::Role::province)
      throw common::InvalidInput("--province is required, unless acting as a province (--as province:CODE)");
    const std::string& province = t->province.empty() ? scope.code : t->province;
    schema::Database db = ctx.open();
    std::ostringstream csv;
    const std::size_t rows = survey::write_template(db, t->campaign, province, scope, csv);
    if (t->out.empty()) {
      std::cout << csv.str();
    } else {
      write_output_file(t->out, csv.str());
      *ctx.err << t->out << ": " << rows << " systems\n";
    }
  });
  auto u = std::make_shared<UploadArgs>();
  CLI::App* upload = cmd->add_subcommand("upload", "Upload a filled-in survey CSV; all or nothing");
  upload->add_option("campaign", u->campaign, "Campaign code")->required();
  upload->add_option("file", u->file, "CSV file")->required();
  upload->add_flag("--dry-run", u->dry_run, "Check and count, write nothing");
  upload->add_option("--errors", u->errors, "On problems, also write them as CSV to this file");
  upload->callback([u, &ctx] { run_survey_upload(*u, ctx, std::cout); });
  struct SystemArgs { std::string campaign, system; };
  auto h = std::make_shared<SystemArgs>();
  CLI::App* history = cmd->add_subcommand("history", "Every submission of a system in a round");
  history->add_option("campaign", h->campaign, "Campaign code")->required();
  history->add_option("system", h->system, "System code")->required();
  history->callback([h, &ctx] {
    schema::Database db = ctx.open();
    Table table{{{"submission", Column::Type::integer}, {"upload", Column::Type::integer}, {"submitted_at"}, {"actor"},
                 {"source"}, {"row", Column::Type::integer}, {"current", Column::Type::boolean}, {"score", Column::Type::number}},
                {}};
    for (const auto& s : survey::submission_history(db, h->campaign, h->system, ctx.scope()))
      table.rows.push_back({std::to_string(s.id), std::to_string(s.upload_id), s.submitted_at, s.actor, s.source,
                            std::to_string(s.source_row), s.current ? "1" : "0",
                            s.score ? Cell(percent(s.score)) : Cell()});
    render(table, ctx.output_format(), std::cout, ctx.width);
  });
  auto s = std::make_shared<SystemArgs>();
  CLI::App* show = cmd->add_subcommand("show", "The current answers of a system, with their states and scores");
  show->add_option("campaign", s->campaign, "Campaign code")->required();
  show->add_option("system", s->system, "System code")->required();
  show->callback([s, &ctx] {
    schema::Database db = ctx.open();
    const auto view = survey::current_submission(db, s->campaign, s->system, ctx.scope());
    Table table{{{"question"}, {"section"}, {"state"}, {"answer"}, {"text"}}, {}};
    static const char* states[] = {"answered", "unanswered", "not applicable"};
    const auto& q = view.questionnaire;
    for (std::size_t i = 0; i < q.questions.size(); ++i) {
      const auto& a = view.answers[i];
      table.rows.push_back({q.questions[i].id, q.questions[i].section, states[static_cast<int>(a.state)],
                            a.state == survey::AnswerCell::State::answered ? Cell(a.value) : Cell(), q.questions[i].text});
    }
    render(table, ctx.output_format(), std::cout, ctx.width);
    *ctx.err << "score " << percent(view.info.score) << " (submission " << view.info.id << ", upload "
             << view.info.upload_id << ")\n";
  });
}

}  // namespace

void setup_survey(CLI::App& app, Context& ctx) {
  setup_questionnaire(app, ctx);
  setup_campaign(app, ctx);
  setup_survey_rounds(app, ctx);
}

}  // namespace syscensus::cli
