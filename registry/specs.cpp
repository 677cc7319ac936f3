#include "registry/specs.hpp"

#include "registry/codes.hpp"

namespace syscensus::registry {
namespace {

FieldSpec text(std::string name, bool required = false, std::size_t max_length = 500) {
  return {std::move(name), FieldType::text, required, {}, 0, 0, {}, max_length};
}
FieldSpec code(std::string name, CodeCheck check, bool required = false) {
  return {std::move(name), FieldType::code, required, {}, 0, 0, std::move(check), 64};
}
FieldSpec choice(std::string name, std::vector<std::string> choices, bool required = false) {
  return {std::move(name), FieldType::choice, required, std::move(choices)};
}
FieldSpec date(std::string name, bool required = false) {
  return {std::move(name), FieldType::date, required};
}

std::string key_of(const Record& r, std::size_t i) { return r[i].value_or(""); }

}  // namespace

const RecordSpec& unit_spec() {
  static const RecordSpec spec = [] {
    RecordSpec s{"unit",
                 {code("code", check_unit_code, true), text("name", true),
                  choice("kind", {"province", "city", "commune", "ward", "special_zone"}, true),
                  code("parent", check_unit_code), date("valid_from", true), date("valid_to"),
                  code("merged_into", check_unit_code)},
                 {}};
    s.key = [](const Record& r) { return key_of(r, 0) + "@" + key_of(r, 4); };
    return s;
  }();
  return spec;
}

const RecordSpec& entity_spec() {
  static const RecordSpec spec = [] {
    RecordSpec s{"entity",
                 {code("code", check_agency_code, true), text("name", true),
                  choice("kind", {"ministry", "province_committee", "department", "agency", "school", "hospital",
                                  "enterprise", "other"},
                         true),
                  code("parent", check_agency_code), code("province", check_unit_code), text("contact_name"),
                  text("contact_email", false, 254), text("contact_phone", false, 40)},
                 {}};
    s.key = [](const Record& r) { return key_of(r, 0); };
    return s;
  }();
  return spec;
}

const RecordSpec& system_spec() {
  static const RecordSpec spec = [] {
    RecordSpec s{"system",
                 {code("code", check_system_code, true), text("name", true),
                  code("owner", check_agency_code, true), code("operator", check_agency_code),
                  code("province", check_unit_code), choice("category", {"a", "b", "c", "d", "e"}, true),
                  {"level", FieldType::integer, false, {}, 1, 5},
                  choice("dossier_status", {"none", "proposed", "appraised", "approved"}, true),
                  text("decision_no", false, 100), date("decision_date"),
                  {"info_types", FieldType::choices, false, {"public", "private", "personal", "state_secret"}},
                  {"personal_data_subjects", FieldType::integer, false, {}, 0, 1'000'000'000'000},
                  {"internet_facing", FieldType::boolean, true},
                  choice("shared_scope", {"agency", "province", "sector", "national"}),
                  choice("hosting", {"on_premises", "gov_cloud", "commercial_cloud"}),
                  choice("lifecycle", {"planned", "operating", "retired"}, true), date("go_live"),
                  date("retired_on")},
                 {}};
    s.key = [](const Record& r) { return key_of(r, 0); };
    return s;
  }();
  return spec;
}

}  // namespace syscensus::registry
