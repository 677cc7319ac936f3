#include <catch2/catch.hpp>

#include "registry/check.hpp"
#include "registry/specs.hpp"

using namespace syscensus::registry;

namespace {

// An operating, approved level-1 internal system with public data only.
Record base_system() {
  const RecordSpec& spec = system_spec();
  Record r(spec.fields.size());
  r[spec.index("code")] = "X-1";
  r[spec.index("category")] = "a";
  r[spec.index("level")] = "1";
  r[spec.index("dossier_status")] = "approved";
  r[spec.index("info_types")] = "public";
  r[spec.index("internet_facing")] = "0";
  r[spec.index("lifecycle")] = "operating";
  return r;
}

void set(Record& r, const char* field, const char* value) { r[system_spec().index(field)] = value; }

}  // namespace

TEST_CASE("a consistent system has no findings", "[check]") {
  CHECK(check_system(base_system()).empty());
  CHECK(implied_levels(base_system()).empty());
}

TEST_CASE("personal data of 10,000 people implies level 3", "[check]") {
  Record r = base_system();
  set(r, "level", "2");
  set(r, "personal_data_subjects", "10000");
  const auto findings = check_system(r);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == "level_below_criteria");
  CHECK(findings[0].recorded == 2);
  CHECK(findings[0].implied == 3);
  CHECK(findings[0].reason == "personal data of 10,000 or more people (level 3)");

  set(r, "personal_data_subjects", "9999");  // below the threshold: level 2 is enough
  CHECK(check_system(r).empty());
}

TEST_CASE("each criterion gives its minimum level", "[check]") {
  struct Case { const char* field; const char* value; int level; };
  const Case cases[] = {{"info_types", "public|state_secret", 3}, {"shared_scope", "province", 3},
                        {"shared_scope", "sector", 3},            {"shared_scope", "national", 4},
                        {"info_types", "personal", 2},            {"category", "b", 2},
                        {"shared_scope", "agency", 0}};
  for (const Case& c : cases) {
    Record r = base_system();
    set(r, c.field, c.value);
    const auto rules = implied_levels(r);
    INFO(c.field << "=" << c.value);
    CHECK((rules.empty() ? 0 : rules.front().level) == c.level);
  }
}

TEST_CASE("operating systems without an approved level are findings", "[check]") {
  Record r = base_system();
  set(r, "dossier_status", "proposed");
  auto findings = check_system(r);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == "not_approved");

  r[system_spec().index("level")].reset();
  set(r, "dossier_status", "none");
  findings = check_system(r);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == "no_level");

  set(r, "lifecycle", "planned");  // not yet operating: nothing to chase
  CHECK(check_system(r).empty());
}
