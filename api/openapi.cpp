#include <nlohmann/json.hpp>
#include <regex>

#include "api/server.hpp"

namespace syscensus::api {

const std::vector<RouteDoc>& route_docs() {
  static const std::vector<RouteDoc> docs = {
      {"GET", "/healthz", "Liveness: the process answers", false},
      {"GET", "/readyz", "Readiness: the database answers (503 with Retry-After when it does not)", false},
      {"GET", "/api/v1/openapi.json", "This document", false},
      {"GET", "/api/v1/units", "Administrative units valid today (?all=true: with history)"},
      {"GET", "/api/v1/entities", "Owners and operators (?under, ?kind, ?province, ?search, ?limit)"},
      {"GET", "/api/v1/entities/{code}", "One entity"},
      {"GET", "/api/v1/systems",
       "Systems in the caller's scope (?province, ?owner, ?level, ?category, ?status, ?search); cursor pages:"
       " ?limit (at most 1000) and ?after=CODE, with a next link"},
      {"GET", "/api/v1/systems/{code}", "One system, with an ETag of its version; 404 outside the caller's scope"},
      {"POST", "/api/v1/systems", "Create a system (JSON object with the import's fields); 409 if the code exists"},
      {"PATCH", "/api/v1/systems/{code}",
       "Change fields of a system; If-Match with its ETag is required (428 without, 412 when stale)"},
      {"POST", "/api/v1/systems/{code}/retire", "Retire a system ({\"reason\": ..., \"date\": ...})"},
      {"POST", "/api/v1/systems/import",
       "Bulk CSV import of systems (text/csv; ?dry_run=true): 200 with the summary, 422 with every problem"},
      {"GET", "/api/v1/systems.csv", "Every system in the caller's scope as an import file (spreadsheet-safe CSV)"},
      {"GET", "/api/v1/campaigns/{code}/results.{format}",
       "Round results, one row per system asked, with scores per requirement group (format csv or json)"},
      {"GET", "/metrics", "Prometheus text: requests by route and status, latency histogram, uploads", false},
      {"GET", "/api/v1/changes", "The change log after ?after=SEQ, gap-free and in order (admin and reader tokens)"},
      {"GET", "/api/v1/questionnaires", "Stored questionnaires"},
      {"GET", "/api/v1/questionnaires/{id}@{version}", "One questionnaire document"},
      {"GET", "/api/v1/campaigns", "Campaigns with coverage in the caller's scope"},
      {"GET", "/api/v1/campaigns/{code}", "One campaign with coverage in the caller's scope"},
      {"GET", "/api/v1/campaigns/{code}/template.csv", "The CSV the caller's province fills in (admin: ?province=)"},
      {"POST", "/api/v1/campaigns/{code}/uploads",
       "Upload a survey CSV (text/csv body, Content-Length required; ?dry_run=true): 201 with the receipt, 200 when"
       " identical to what is stored, 422 with every problem (JSON, or CSV with Accept: text/csv)"},
      {"GET", "/api/v1/campaigns/{code}/reports/{report}",
       "coverage, compliance (?by=province|ministry|level|category|group), gaps (?province), missing, compare"
       " (?with=CAMPAIGN&by=...), each in the caller's scope"},
  };
  return docs;
}

std::string openapi_json() {
  using nlohmann::ordered_json;
  ordered_json paths = ordered_json::object();
  static const std::regex parameter(R"(\{([a-z]+)\})");
  for (const RouteDoc& r : route_docs()) {
    ordered_json op{{"summary", r.summary}};
    ordered_json params = ordered_json::array();
    for (std::sregex_iterator it(r.path.begin(), r.path.end(), parameter), end; it != end; ++it)
      params.push_back({{"name", (*it)[1].str()}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    if (!params.empty()) op["parameters"] = params;
    if (!r.authenticated) op["security"] = ordered_json::array();
    ordered_json responses{{"200", {{"description", "OK"}}}};
    if (r.authenticated) {
      responses["401"] = {{"description", "No valid bearer token"}};
      responses["404"] = {{"description", "Not found, or outside the caller's scope"}};
    }
    op["responses"] = responses;
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[r.path][method] = op;
  }
  ordered_json doc{{"openapi", "3.0.3"},
                   {"info", {{"title", "syscensus API"}, {"version", "1"}}},
                   {"components", {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
                   {"security", ordered_json::array({{{"bearer", ordered_json::array()}}})},
                   {"paths", paths}};
  return doc.dump(2);
}

}  // namespace syscensus::api
