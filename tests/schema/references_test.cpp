// The references between stored rows hold on both backends: SQLite checks them
// with foreign keys, PostgreSQL (migration 6) with checks once per statement
// for the tables written in bulk. Either way a row naming one that does not
// exist is refused, and so is taking away a row still named.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <future>
#include <soci/soci.h>

#include "schema/query.hpp"
#include "support/round_fixture.hpp"
#include "survey/upload.hpp"

using namespace syscensus;

namespace {

struct UploadedRound {
  testing::TestDb test;
  schema::Database db = test.open();
  UploadedRound() {
    testing::open_sample_round(db);
    testing::upload_sample_79(db);
  }

  std::string value(const std::string& sql) { return schema::fetch_rows(db.session(), sql, 1).at(0).at(0).value_or(""); }

  /// Runs `sql` in a transaction that is rolled back; returns the error, empty if it went through.
  std::string refusal(const std::string& sql) {
    soci::transaction tx(db.session());
    try {
      schema::execute(db.session(), sql);
    } catch (const soci::soci_error& e) {
      return e.what();
    }
    return "";
  }
};

bool mentions_reference(const std::string& error) {
  return error.find("foreign key") != std::string::npos || error.find("reference") != std::string::npos ||
         error.find("FOREIGN KEY") != std::string::npos;
}

const char* kSubmission =
    "INSERT INTO submissions (campaign_id, system_id, upload_id, source_row, answers, answers_hash, group_scores,"
    " is_current, submitted_at) VALUES ";

}  // namespace

TEST_CASE("a submission names a system of its round and an upload that exist", "[schema][references]") {
  UploadedRound r;
  const std::string campaign = r.value("SELECT id FROM campaigns WHERE code = 'R2026'");
  const std::string upload = r.value("SELECT max(id) FROM uploads");
  // A frozen system without a submission yet: a row for it goes in.
  const std::string free_system = r.value(
      "SELECT min(system_id) FROM campaign_systems cs WHERE NOT EXISTS (SELECT 1 FROM submissions s"
      " WHERE s.campaign_id = cs.campaign_id AND s.system_id = cs.system_id)");
  const std::string not_frozen = r.value("SELECT max(id) + 1 FROM systems");
  auto row = [&](const std::string& system, const std::string& upload_id) {
    return kSubmission + std::string("(") + campaign + ", " + system + ", " + upload_id + ", 2, '', '', '', 0, 'x')";
  };
  CHECK(r.refusal(row(free_system, upload)).empty());
  CHECK(mentions_reference(r.refusal(row(not_frozen, upload))));
  CHECK(mentions_reference(r.refusal(row(free_system, "0"))));
  // One bad row among good ones refuses the whole statement.
  CHECK(mentions_reference(r.refusal(kSubmission + std::string("(") + campaign + ", " + free_system + ", " + upload +
                                     ", 2, '', '', '', 0, 'x'), (" + campaign + ", " + not_frozen + ", " + upload +
                                     ", 3, '', '', '', 0, 'x')")));
  CHECK(mentions_reference(r.refusal("UPDATE submissions SET upload_id = 0")));
  CHECK(mentions_reference(r.refusal("UPDATE submissions SET system_id = " + not_frozen +
                                     " WHERE id = (SELECT min(id) FROM submissions)")));
  CHECK(r.refusal("UPDATE submissions SET is_current = is_current").empty());
}

TEST_CASE("an upload or a round's system that submissions name stays", "[schema][references]") {
  UploadedRound r;
  CHECK(mentions_reference(r.refusal("DELETE FROM uploads")));
  CHECK(mentions_reference(r.refusal("DELETE FROM campaign_systems")));
  CHECK(mentions_reference(r.refusal(
      "DELETE FROM campaign_systems WHERE system_id = (SELECT min(system_id) FROM submissions)")));
  // A frozen system nobody answered for may go.
  CHECK(r.refusal("DELETE FROM campaign_systems WHERE NOT EXISTS (SELECT 1 FROM submissions s"
                  " WHERE s.campaign_id = campaign_systems.campaign_id AND s.system_id = campaign_systems.system_id)")
            .empty());
  CHECK(r.refusal("UPDATE uploads SET actor = 'someone else'").empty());
  if (r.db.dialect() == schema::Dialect::postgresql) {
    CHECK_FALSE(r.refusal("TRUNCATE uploads").empty());
    CHECK_FALSE(r.refusal("TRUNCATE campaign_systems").empty());
  }
  CHECK(r.value("SELECT count(*) FROM submissions") == "25");
}

TEST_CASE("a system names an owner, an operator and a unit that exist", "[schema][references]") {
  UploadedRound r;
  const std::string system = r.value("SELECT min(id) FROM systems WHERE unit_id IS NOT NULL");
  const std::string no_entity = r.value("SELECT max(id) + 1 FROM entities");
  const std::string no_unit = r.value("SELECT max(id) + 1 FROM units");
  const std::string where = " WHERE id = " + system;
  CHECK(mentions_reference(r.refusal("UPDATE systems SET owner_id = " + no_entity + where)));
  CHECK(mentions_reference(r.refusal("UPDATE systems SET operator_id = " + no_entity + where)));
  CHECK(mentions_reference(r.refusal("UPDATE systems SET unit_id = " + no_unit + where)));
  CHECK(r.refusal("UPDATE systems SET operator_id = NULL, unit_id = NULL" + where).empty());
  CHECK(mentions_reference(r.refusal(
      "INSERT INTO systems (code, name, search_key, owner_id, category, dossier_status, internet_facing, lifecycle)"
      " VALUES ('NEW-1', 'n', 'n', " + no_entity + ", 'a', 'none', 0, 'planned')")));

  // An entity or a unit only systems name (nothing else points at it) stays while they do.
  schema::execute(r.db.session(),
                  "INSERT INTO entities (code, name, search_key, kind) VALUES ('T.ONLY', 'Only', 'only', 'agency')");
  schema::execute(r.db.session(), "INSERT INTO units (code, name, search_key, kind, valid_from)"
                                  " VALUES ('999', 'Only', 'only', 'province', '2025-07-01')");
  const std::string entity = r.value("SELECT id FROM entities WHERE code = 'T.ONLY'");
  const std::string unit = r.value("SELECT id FROM units WHERE code = '999'");
  schema::execute(r.db.session(), "UPDATE systems SET owner_id = " + entity + ", unit_id = " + unit + where);
  CHECK(mentions_reference(r.refusal("DELETE FROM entities WHERE id = " + entity)));
  CHECK(mentions_reference(r.refusal("DELETE FROM units WHERE id = " + unit)));
  schema::execute(r.db.session(), "UPDATE systems SET owner_id = " + entity + ", operator_id = " + entity +
                                      ", unit_id = NULL" + where);
  CHECK(mentions_reference(r.refusal("DELETE FROM entities WHERE id = " + entity)));
  CHECK(r.refusal("DELETE FROM units WHERE id = " + unit).empty());
  CHECK(r.refusal("UPDATE entities SET name = 'Renamed'").empty());
}

TEST_CASE("a reference and the removal of its row that race: the second to take its lock fails",
          "[schema][references][concurrency]") {
  UploadedRound r;
  if (r.db.dialect() != schema::Dialect::postgresql) return;  // SQLite: one writer at a time, keys checked at once
  schema::Database other = r.test.open();
  const std::string campaign = r.value("SELECT id FROM campaigns WHERE code = 'R2026'");
  const std::string upload = r.value("SELECT max(id) FROM uploads");
  const auto free_systems = schema::fetch_rows(
      r.db.session(),
      "SELECT system_id FROM campaign_systems cs WHERE NOT EXISTS (SELECT 1 FROM submissions s"
      " WHERE s.campaign_id = cs.campaign_id AND s.system_id = cs.system_id) ORDER BY system_id LIMIT 2", 1);
  REQUIRE(free_systems.size() == 2);
  auto submit = [&](const std::string& system) {
    return kSubmission + std::string("(") + campaign + ", " + system + ", " + upload + ", 2, '', '', '', 0, 'x')";
  };
  auto remove = [&](const std::string& system) {
    return "DELETE FROM campaign_systems WHERE campaign_id = " + campaign + " AND system_id = " + system;
  };
  auto attempt = [](schema::Database& db, const std::string& sql) {
    return std::async(std::launch::async, [&db, sql] {
      try {
        schema::execute(db.session(), sql);
      } catch (const soci::soci_error& e) {
        return std::string(e.what());
      }
      return std::string();
    });
  };
  using namespace std::chrono_literals;

  // The submission first: the removal waits for its transaction, then sees it.
  {
    soci::transaction submitting(r.db.session());
    schema::execute(r.db.session(), submit(*free_systems[0][0]));
    auto removal = attempt(other, remove(*free_systems[0][0]));
    CHECK(removal.wait_for(300ms) == std::future_status::timeout);
    submitting.commit();
    CHECK(mentions_reference(removal.get()));
  }
  // The removal first: the submission waits for it, then finds its system gone.
  {
    soci::transaction removing(other.session());
    schema::execute(other.session(), remove(*free_systems[1][0]));
    auto submission = attempt(r.db, submit(*free_systems[1][0]));
    CHECK(submission.wait_for(300ms) == std::future_status::timeout);
    removing.commit();
    CHECK(mentions_reference(submission.get()));
  }
  CHECK(r.value("SELECT count(*) FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM campaign_systems cs"
                " WHERE cs.campaign_id = s.campaign_id AND cs.system_id = s.system_id)") == "0");
}
