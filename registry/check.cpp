#include "registry/check.hpp"

#include <algorithm>
#include <functional>

#include "registry/specs.hpp"

namespace syscensus::registry {
namespace {

struct Criterion {
  int level;
  std::string reason;
  std::function<bool(const Record&)> applies;
};

std::string field(const Record& r, std::string_view name) {
  return r[system_spec().index(name)].value_or("");
}

bool has_info(const Record& r, std::string_view type) {
  const std::string types = "|" + field(r, "info_types") + "|";
  return types.find("|" + std::string(type) + "|") != std::string::npos;
}

long long subjects(const Record& r) {
  const std::string n = field(r, "personal_data_subjects");
  return n.empty() ? 0 : std::stoll(n);
}

// The criteria as data, one line each (Decree 85/2016 art. 7-11, as in DOMAIN.md).
const std::vector<Criterion>& criteria() {
  static const std::vector<Criterion> list = {
      {4, "nationwide shared infrastructure", [](const Record& r) { return field(r, "shared_scope") == "national"; }},
      {3, "personal data of 10,000 or more people", [](const Record& r) { return subjects(r) >= 10'000; }},
      {3, "holds state secrets", [](const Record& r) { return has_info(r, "state_secret"); }},
      {3, "infrastructure shared by a province or a sector",
       [](const Record& r) { return field(r, "shared_scope") == "province" || field(r, "shared_scope") == "sector"; }},
      {2, "holds personal or private data",
       [](const Record& r) { return has_info(r, "personal") || has_info(r, "private") || subjects(r) > 0; }},
      {2, "serves citizens or businesses online (category b)", [](const Record& r) { return field(r, "category") == "b"; }},
  };
  return list;
}

}  // namespace

std::vector<LevelRule> implied_levels(const Record& system) {
  std::vector<LevelRule> rules;
  for (const Criterion& c : criteria())
    if (c.applies(system)) rules.push_back({c.level, c.reason});
  std::stable_sort(rules.begin(), rules.end(), [](const LevelRule& a, const LevelRule& b) { return a.level > b.level; });
  return rules;
}

std::vector<Finding> check_system(const Record& system) {
  std::vector<Finding> findings;
  const std::string code = field(system, "code");
  const std::string level_text = field(system, "level");
  const int recorded = level_text.empty() ? 0 : std::stoi(level_text);
  const bool operating = field(system, "lifecycle") == "operating";
  const auto rules = implied_levels(system);
  if (!rules.empty() && recorded != 0 && recorded < rules.front().level) {
    std::string why;
    for (const LevelRule& r : rules)
      if (r.level > recorded) why += (why.empty() ? "" : "; ") + r.reason + " (level " + std::to_string(r.level) + ")";
    findings.push_back({code, "level_below_criteria", recorded, rules.front().level, why});
  }
  if (operating && recorded == 0) {
    findings.push_back({code, "no_level", 0, rules.empty() ? 1 : rules.front().level,
                        "operating without a proposed security level"});
  } else if (operating && field(system, "dossier_status") != "approved") {
    findings.push_back({code, "not_approved", recorded, rules.empty() ? 0 : rules.front().level,
                        "operating with the level dossier " + field(system, "dossier_status")});
  }
  return findings;
}

}  // namespace syscensus::registry
