// Fuzz target for survey::parse_questionnaire, the loader of questionnaire
// files that come from outside. Properties (each aborts on violation):
// - the only exception is common::InvalidInput, carrying at least one issue,
//   each with a documented code, a message, and a rendering by format_issue
//   that is valid UTF-8 without control characters;
// - an accepted questionnaire keeps the documented rules (ids, unique
//   question ids, every question in a listed section, options, bounds,
//   weights, trimmed NFC texts);
// - questionnaire_json, the canonical form that is stored, parses back to an
//   equal questionnaire and is a fixed point (writing that again is identical);
// - with tight limits on depth and question count, an accepted file is also
//   accepted with the default limits, to the same questionnaire, and keeps
//   within the tight question count.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "common/error.hpp"
#include "common/text.hpp"
#include "fuzz_check.hpp"
#include "survey/questionnaire.hpp"

namespace {

using syscensus::survey::Question;
using syscensus::survey::Questionnaire;
using syscensus::survey::QuestionnaireLimits;
using syscensus::survey::QuestionType;

const std::set<std::string> kCodes = {"too_large", "too_deep",     "too_many",     "bad_json",
                                      "duplicate_key", "unknown_key", "missing",  "bad_type",
                                      "bad_value",  "duplicate_id", "duplicate_value", "not_allowed"};

bool printable_utf8(const std::string& text) {
  if (syscensus::common::invalid_utf8_offset(text)) return false;
  return std::none_of(text.begin(), text.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7F;
  });
}

bool same(const Question& a, const Question& b) {
  return std::tie(a.id, a.section, a.text, a.type, a.required, a.weight, a.options, a.min, a.max,
                  a.applies.min_level, a.applies.categories, a.applies.internet_facing, a.applies.personal_data) ==
         std::tie(b.id, b.section, b.text, b.type, b.required, b.weight, b.options, b.min, b.max,
                  b.applies.min_level, b.applies.categories, b.applies.internet_facing, b.applies.personal_data);
}

bool same(const Questionnaire& a, const Questionnaire& b) {
  if (std::tie(a.id, a.version, a.title, a.note) != std::tie(b.id, b.version, b.title, b.note)) return false;
  if (a.sections.size() != b.sections.size() || a.questions.size() != b.questions.size()) return false;
  for (std::size_t i = 0; i < a.sections.size(); ++i) {
    const auto& x = a.sections[i];
    const auto& y = b.sections[i];
    if (std::tie(x.id, x.family, x.title) != std::tie(y.id, y.family, y.title)) return false;
  }
  for (std::size_t i = 0; i < a.questions.size(); ++i)
    if (!same(a.questions[i], b.questions[i])) return false;
  return true;
}

bool clean_text(const std::string& s) {
  return syscensus::common::trim(s) == s && syscensus::common::nfc(s) == s;
}

void check_rules(const Questionnaire& q, const QuestionnaireLimits& limits) {
  FUZZ_CHECK(!q.id.empty() && q.id.size() <= 64 && q.version >= 1);
  FUZZ_CHECK(!q.title.empty() && clean_text(q.title) && clean_text(q.note));
  FUZZ_CHECK(!q.sections.empty() && q.sections.size() <= 50);
  FUZZ_CHECK(q.questions.size() <= limits.max_questions);
  std::set<std::string> sections;
  for (const auto& s : q.sections) {
    FUZZ_CHECK(sections.insert(s.id).second);
    FUZZ_CHECK(s.family == "management" || s.family == "technical");
    FUZZ_CHECK(!s.title.empty() && clean_text(s.title));
  }
  std::set<std::string> ids;
  for (const auto& qn : q.questions) {
    FUZZ_CHECK(ids.insert(qn.id).second && sections.count(qn.section) == 1);
    FUZZ_CHECK(!qn.text.empty() && clean_text(qn.text));
    FUZZ_CHECK(qn.weight > 0);
    const bool choice = qn.type == QuestionType::single || qn.type == QuestionType::multiple;
    FUZZ_CHECK(choice ? !qn.options.empty() : qn.options.empty());
    const bool numeric = qn.type == QuestionType::integer || qn.type == QuestionType::decimal;
    FUZZ_CHECK(numeric || (!qn.min && !qn.max));
    if (qn.min && qn.max) FUZZ_CHECK(*qn.min <= *qn.max);
    FUZZ_CHECK(qn.applies.min_level >= 1 && qn.applies.min_level <= 5);
  }
}

std::optional<Questionnaire> parse(std::string_view text, const QuestionnaireLimits& limits) {
  try {
    return syscensus::survey::parse_questionnaire(text, limits);
  } catch (const syscensus::common::InvalidInput& e) {
    FUZZ_CHECK(!e.issues().empty() && std::string(e.what()).size() > 0);
    for (const auto& issue : e.issues()) {
      FUZZ_CHECK(kCodes.count(issue.code) == 1 && !issue.message.empty());
      FUZZ_CHECK(printable_utf8(syscensus::common::format_issue("q.json", issue)));
    }
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const QuestionnaireLimits limits;
  const auto q = parse(text, limits);
  if (q) {
    check_rules(*q, limits);
    const std::string canonical = syscensus::survey::questionnaire_json(*q);
    const auto again = parse(canonical, limits);
    FUZZ_CHECK(again && same(*q, *again));
    FUZZ_CHECK(syscensus::survey::questionnaire_json(*again) == canonical);
  }

  std::uint32_t h = 2166136261u;  // FNV-1a: tight limits that vary with the input
  for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  QuestionnaireLimits tight;
  tight.max_depth = 1 + h % 8;
  tight.max_questions = (h >> 8) % 6;
  if (const auto small = parse(text, tight)) {
    FUZZ_CHECK(q && same(*q, *small));
    FUZZ_CHECK(small->questions.size() <= tight.max_questions);
  }
  return 0;
}
