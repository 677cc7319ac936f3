#include <catch2/catch.hpp>

#include "api/metrics.hpp"

using syscensus::api::route_of;

TEST_CASE("paths map to their documented routes", "[api]") {
  CHECK(route_of("GET", "/api/v1/systems/000.00.00.H01-HT001") == "/api/v1/systems/{code}");
  CHECK(route_of("POST", "/api/v1/systems/X/retire") == "/api/v1/systems/{code}/retire");
  CHECK(route_of("GET", "/api/v1/campaigns/2026/results.csv") == "/api/v1/campaigns/{code}/results.{format}");
  CHECK(route_of("GET", "/api/v1/campaigns/2026/reports/coverage") == "/api/v1/campaigns/{code}/reports/{report}");
  CHECK(route_of("GET", "/api/v1/questionnaires/atttt@2") == "/api/v1/questionnaires/{id}@{version}");
  CHECK(route_of("GET", "/api/v1/questionnaires/a@b@2") == "/api/v1/questionnaires/{id}@{version}");
}

TEST_CASE("paths of no documented route are other", "[api]") {
  CHECK(route_of("GET", "/api/v1/systems/") == "other");           // empty parameter
  CHECK(route_of("GET", "/api/v1/systems/a/b") == "other");        // a parameter is one segment
  CHECK(route_of("DELETE", "/api/v1/systems/a") == "other");       // method
  CHECK(route_of("GET", "/api/v1/questionnaires/atttt") == "other");
  CHECK(route_of("GET", "/api/v1/questionnaires/@2") == "other");
  CHECK(route_of("GET", "/api/v1/questionnaires/a@") == "other");
  CHECK(route_of("GET", "/api/v1/campaigns/2026/results.") == "other");
  CHECK(route_of("GET", "/api/v1/systemsX") == "other");
}
