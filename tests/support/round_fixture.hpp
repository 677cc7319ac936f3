#pragma once
// The samples as an open round: units, entities and the 400 systems of
// samples/, questionnaire tt12-self-assessment@1, and round R2026 opened.
#include <catch2/catch.hpp>

#include "support/registry_fixture.hpp"
#include "survey/campaign.hpp"
#include "survey/catalog.hpp"
#include "survey/questionnaire.hpp"
#include "survey/upload.hpp"

namespace syscensus::testing {

inline void open_sample_round(schema::Database& db) {
  load_sample_bodies(db);
  std::ifstream systems(sample_path("systems.csv"), std::ios::binary);
  REQUIRE(registry::import_systems(db, systems, {"systems.csv", "test", false}).created == 400);
  survey::import_questionnaire(db, survey::parse_questionnaire(read_file(sample_path("questionnaire.json"))), "test");
  survey::create_campaign(db, {"R2026", "tt12-self-assessment@1", "Tự đánh giá 2026", "2026-11-01", "2026-12-25", {}},
                          "test");
  survey::open_campaign(db, "R2026", "test");
}

/// Province 79's sample answers (samples/uploads/R2026_79.csv) uploaded into R2026: 25 submissions.
inline void upload_sample_79(schema::Database& db) {
  std::ifstream in(sample_path("uploads/R2026_79.csv"), std::ios::binary);
  REQUIRE(survey::upload_survey(db, "R2026", in, {"R2026_79.csv", "test", {registry::Role::province, "79"}}).created ==
          25);
}

}  // namespace syscensus::testing
