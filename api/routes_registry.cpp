// Registry resources: units, entities, systems, and the change feed.
#include <sstream>
#include <stdexcept>

#include "api/router.hpp"
#include "common/csv.hpp"
#include "registry/import.hpp"
#include "common/date.hpp"
#include "registry/entities.hpp"
#include "registry/specs.hpp"
#include "registry/systems.hpp"
#include "registry/units.hpp"
#include "schema/change_log.hpp"

namespace syscensus::api {
namespace {

using nlohmann::ordered_json;

constexpr long long kDefaultLimit = 100;
constexpr long long kMaxLimit = 1000;

// A system as JSON text: the record's object with the derived fields appended. Built as text,
// not parsed back into a tree: on a point lookup, parsing and dumping again cost as much as the query.
std::string system_json_text(const registry::SystemView& v) {
  std::string text = registry::record_json(registry::system_spec(), v.record);
  if (text.size() < 2 || text.back() != '}') throw std::logic_error("record_json gave no JSON object");
  text.pop_back();
  // Written as text, not through a JSON tree: this runs for every system of every lookup and list.
  const auto field = [&text](const char* name) {
    if (text.size() > 1) text += ',';
    text += '"';
    text += name;
    text += "\":";
  };
  field("owner_name");
  registry::append_json_string(text, v.owner_name);
  field("province_name");
  registry::append_json_string(text, v.province_name);
  field("current_province");
  registry::append_json_string(text, v.current_province);
  field("retire_reason");
  if (v.retire_reason.empty()) {
    text += "null";
  } else {
    registry::append_json_string(text, v.retire_reason);
  }
  field("version");
  text += std::to_string(v.version);
  text += '}';
  return text;
}

void send_json_text(Call& call, int status, std::string text) {
  call.res.status = status;
  call.res.set_content(std::move(text), "application/json");
}

ordered_json entity_json(const registry::EntityView& v) {
  ordered_json j = ordered_json::parse(registry::record_json(registry::entity_spec(), v.record));
  j["children"] = v.children;
  j["systems"] = v.systems;
  return j;
}

// The same request for the next page: every parameter kept, the cursor moved.
std::string next_link(const Call& call, const std::string& cursor_name, const std::string& cursor) {
  std::string link = call.req.path + "?";
  for (const auto& [name, value] : call.req.params)
    if (name != cursor_name) link += name + "=" + httplib::detail::encode_query_param(value) + "&";
  return link + cursor_name + "=" + httplib::detail::encode_query_param(cursor);
}

void list_systems(Call& call) {
  registry::SystemFilter f;
  f.province = call.param("province");
  f.owner = call.param("owner");
  if (!call.param("level").empty()) f.level = static_cast<int>(call.int_param("level", 0, 1, 5));
  f.category = call.param("category");
  f.status = call.param("status");
  f.search = call.param("search");
  f.after = call.param("after");
  f.limit = call.int_param("limit", kDefaultLimit, 1, kMaxLimit);
  f.scope = call.scope;
  const auto systems = registry::list_systems(call.db, f);
  std::string text = "{\"items\":[";
  for (std::size_t i = 0; i < systems.size(); ++i) {
    if (i > 0) text += ',';
    text += system_json_text(systems[i]);
  }
  const bool more = static_cast<long long>(systems.size()) == f.limit;
  text += "],\"next\":" + (more ? ordered_json(next_link(call, "after", *systems.back().record[0])) : ordered_json(nullptr)).dump() + "}";
  send_json_text(call, 200, std::move(text));
}

void get_system(Call& call) {
  const auto view = registry::get_system(call.db, call.path(1), call.scope);
  call.res.set_header("ETag", "\"" + std::to_string(view.version) + "\"");
  send_json_text(call, 200, system_json_text(view));
}

void list_entities(Call& call) {
  registry::EntityFilter f{call.param("under"), call.param("kind"), call.param("province"), call.param("search"),
                           call.int_param("limit", kMaxLimit, 1, kMaxLimit)};
  ordered_json items = ordered_json::array();
  for (const auto& e : registry::list_entities(call.db, f)) items.push_back(entity_json(e));
  call.json(200, {{"items", items}});
}

void list_units(Call& call) {
  const bool all = call.param("all") == "true";
  const registry::UnitsSnapshot snapshot = registry::current_units(call.db);
  const registry::UnitIndex& units = *snapshot.index;
  const std::string today = common::today();
  ordered_json items = ordered_json::array();
  for (const auto& u : units.all()) {
    if (!all && !u.valid_on(today)) continue;
    auto opt = [](const std::string& s) { return s.empty() ? ordered_json(nullptr) : ordered_json(s); };
    items.push_back({{"code", u.code}, {"name", u.name}, {"kind", u.kind}, {"parent", opt(u.parent)},
                     {"valid_from", u.valid_from}, {"valid_to", opt(u.valid_to)}, {"merged_into", opt(u.merged_into)},
                     {"now_part_of", units.successor(u).code}});
  }
  call.json(200, {{"items", items}});
}

// The whole log in order, so a platform can sync incrementally and resume from
// the last seq it read. It spans every province, so only national roles read it.
void changes(Call& call) {
  if (call.scope.role != registry::Role::admin && call.scope.role != registry::Role::reader)
    throw common::Forbidden("the change feed covers every province; it needs an admin or reader token");
  const long long after = call.int_param("after", 0, 0, std::numeric_limits<long long>::max());
  const long long limit = call.int_param("limit", kDefaultLimit, 1, kMaxLimit);
  const auto entries = schema::read_changes(call.db, {after, limit, "", ""});
  ordered_json items = ordered_json::array();
  for (const auto& e : entries) {
    const auto& c = e.change;
    auto doc = [](const std::optional<std::string>& text) { return text ? ordered_json::parse(*text) : ordered_json(nullptr); };
    items.push_back({{"seq", e.seq}, {"at", e.at}, {"actor", e.actor}, {"kind", c.kind}, {"code", c.code}, {"op", c.op},
                     {"source", c.source ? ordered_json(*c.source) : ordered_json(nullptr)},
                     {"source_row", c.source_row ? ordered_json(*c.source_row) : ordered_json(nullptr)},
                     {"before", doc(c.before)}, {"after", doc(c.after)}});
  }
  const long long last = entries.empty() ? after : entries.back().seq;
  call.json(200, {{"items", items}, {"last_seq", last}, {"next", next_link(call, "after", std::to_string(last))}});
}

// Reads a JSON body from outside: nesting is limited while parsing (deep
// input would later recurse off the stack).
ordered_json parse_body(const std::string& body) {
  constexpr int kMaxDepth = 8;
  try {
    return ordered_json::parse(body, [](int depth, ordered_json::parse_event_t, ordered_json&) {
      if (depth > kMaxDepth) throw common::InvalidInput("the JSON body is nested deeper than 8 levels");
      return true;
    });
  } catch (const ordered_json::parse_error& e) {
    throw common::InvalidInput("the body is not valid JSON: " + std::string(e.what()));
  }
}

// Applies the body's fields onto `record`, each checked as an import cell is.
void apply_fields(const ordered_json& body, registry::Record& record) {
  if (!body.is_object()) throw common::InvalidInput("the body must be a JSON object");
  const registry::RecordSpec& spec = registry::system_spec();
  std::vector<common::Issue> issues;
  for (const auto& [key, value] : body.items()) {
    std::size_t i = 0;
    try {
      i = spec.index(key);
    } catch (const std::out_of_range&) {
      issues.push_back({0, 0, key, std::nullopt, "unknown_field", "unknown field", ""});
      continue;
    }
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_boolean()) {
      text = value.get<bool>() ? "yes" : "no";
    } else if (value.is_number_integer()) {
      text = value.dump();
    } else if (value.is_array()) {
      for (const auto& item : value) text += (text.empty() ? "" : "|") + (item.is_string() ? item.get<std::string>() : item.dump());
    } else if (!value.is_null()) {
      issues.push_back({0, 0, key, value.dump(), "bad_type", "not a value this field takes", ""});
      continue;
    }
    registry::CellResult cell = registry::parse_cell(spec.fields[i], text);
    if (cell.issue) {
      common::Issue issue = *cell.issue;
      issue.column = key;
      issue.value = text;
      issues.push_back(std::move(issue));
    }
    record[i] = cell.value;
  }
  if (!issues.empty()) throw common::InvalidInput("the system has problems", std::move(issues));
}

registry::ImportOptions options_for(const Call& call, bool dry_run = false) {
  return {"api", "api:" + call.scope.text(), dry_run, call.scope};
}

void send_system(Call& call, int status, const std::string& code) {
  const auto view = registry::get_system(call.db, code, call.scope);
  call.res.set_header("ETag", "\"" + std::to_string(view.version) + "\"");
  send_json_text(call, status, system_json_text(view));
}

void create_system(Call& call) {
  call.require_writer();
  registry::Record record(registry::system_spec().fields.size());
  apply_fields(parse_body(call.req.body), record);
  const std::string code = record[0].value_or("");
  try {
    registry::save_system(call.db, record, 0, options_for(call));
  } catch (const common::StaleVersion&) {
    throw common::Conflict("system " + code + " exists; change it with PATCH");
  }
  send_system(call, 201, code);
}

void patch_system(Call& call) {
  call.require_writer();
  const std::string tag = call.req.get_header_value("If-Match");
  if (tag.size() < 3 || tag.front() != '"' || tag.back() != '"') {
    problem(call.res, 428, "Precondition Required", "send If-Match with the ETag of the version you changed");
    return;
  }
  long long version = 0;
  try {
    version = std::stoll(tag.substr(1, tag.size() - 2));
  } catch (const std::exception&) {
    throw common::StaleVersion("If-Match " + tag + " is not a version of this system");
  }
  const std::string code = call.path(1);
  registry::Record record = registry::get_system(call.db, code, call.scope).record;
  const ordered_json body = parse_body(call.req.body);
  if (body.contains("code") && body["code"] != code) throw common::InvalidInput("a system's code cannot change");
  apply_fields(body, record);
  registry::save_system(call.db, record, version, options_for(call));
  send_system(call, 200, code);
}

void retire(Call& call) {
  call.require_writer();
  const ordered_json body = parse_body(call.req.body);
  // json::value() threw type_error on a non-object or a non-string, which answered 500.
  if (!body.is_object()) throw common::InvalidInput("the body must be a JSON object: {\"reason\": \"...\", \"date\": \"YYYY-MM-DD\"}");
  auto text = [&body](const char* name) {
    const auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::string();
    if (!it->is_string()) throw common::InvalidInput(std::string("\"") + name + "\" must be a string");
    return it->get<std::string>();
  };
  const std::string reason = text("reason");
  const std::string date = text("date");
  registry::retire_system(call.db, call.path(1), reason, date, "api:" + call.scope.text(), call.scope);
  send_system(call, 200, call.path(1));
}

void import(Call& call) {
  call.require_writer();
  std::istringstream body(call.req.body);
  try {
    const auto s = registry::import_systems(call.db, body, options_for(call, call.param("dry_run") == "true"));
    call.json(200, {{"rows", s.rows}, {"created", s.created}, {"updated", s.updated}, {"unchanged", s.unchanged},
                    {"dry_run", s.dry_run}});
  } catch (const common::InvalidInput& e) {
    problem(call.res, 422, "Unprocessable Content", e.what(), e.issues());
  }
}

// Every system in the caller's scope as the import file (spreadsheet-safe CSV), sent as it is
// read: all 107,000 systems of the benchmark made 22.6 MB, which the server held whole (and
// every view before it) per export.
void export_systems(Call& call) {
  registry::SystemFilter f;
  f.scope = call.scope;
  call.stream("text/csv; charset=utf-8", [f, &db = call.db](const Write& write) {
    const registry::RecordSpec& spec = registry::system_spec();
    Parts parts(write);
    common::CsvWriter writer(parts.out());
    std::vector<std::string> cells;
    for (const auto& field : spec.fields) cells.push_back(field.name);
    writer.write_row(cells);
    registry::for_each_system(db, f, [&](const registry::SystemView& s) {
      cells.clear();
      for (const auto& value : s.record) cells.push_back(value.value_or(""));
      writer.write_row(cells);
      parts.row_done();
    });
    parts.finish();
  });
}

}  // namespace

void add_registry_routes(Router& router) {
  router.get("/api/v1/systems.csv", export_systems);
  router.post("/api/v1/systems", create_system);
  router.post("/api/v1/systems/import", import);
  router.patch(R"(/api/v1/systems/([^/]+))", patch_system);
  router.post(R"(/api/v1/systems/([^/]+)/retire)", retire);
  router.get("/api/v1/units", list_units);
  router.get("/api/v1/entities", list_entities);
  router.get(R"(/api/v1/entities/([^/]+))", [](Call& call) {
    call.json(200, entity_json(registry::get_entity(call.db, call.path(1))));
  });
  router.get("/api/v1/systems", list_systems);
  router.get(R"(/api/v1/systems/([^/]+))", get_system);
  router.get("/api/v1/changes", changes);
}

}  // namespace syscensus::api
