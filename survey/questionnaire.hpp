#pragma once
// A versioned self-assessment questionnaire, read from a JSON file. Which
// question applies to which system is data (minimum level, categories,
// conditions on system attributes), never code.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace syscensus::survey {

enum class QuestionType { compliance, single, multiple, integer, decimal, date, text };

/// The two families and nine requirement groups of Circular 12/2022 and TCVN 11930:2017.
struct Section {
  std::string id;      ///< e.g. "NET"
  std::string family;  ///< "management" or "technical"
  std::string title;
};

/// When a question applies to a system; an empty member does not restrict.
struct Applicability {
  int min_level = 1;                     ///< applies from this security level up
  std::vector<std::string> categories;   ///< only systems of these categories (a-e)
  std::optional<bool> internet_facing;   ///< only systems that are (true) or are not (false) internet-facing
  std::optional<bool> personal_data;     ///< only systems that do (true) or do not (false) hold personal data
};

struct Question {
  std::string id;       ///< stable id, e.g. "NET.03"; the CSV column name
  std::string section;  ///< Section::id
  std::string text;
  QuestionType type = QuestionType::compliance;
  bool required = true;
  double weight = 1.0;  ///< for compliance questions
  std::vector<std::string> options;     ///< single and multiple choice
  std::optional<double> min, max;       ///< integer and decimal
  Applicability applies;
};

struct Questionnaire {
  std::string id;       ///< e.g. "tt12-self-assessment"
  int version = 0;
  std::string title;
  std::string note;
  std::vector<Section> sections;
  std::vector<Question> questions;  ///< in file order (sections in order, questions within)

  std::string key() const { return id + "@" + std::to_string(version); }
};

/// Limits on a questionnaire file read from outside.
struct QuestionnaireLimits {
  std::size_t max_bytes = 4 * 1024 * 1024;
  std::size_t max_depth = 16;
  std::size_t max_questions = 2000;
};

/// Parses and validates a questionnaire. Throws common::InvalidInput carrying
/// every problem found, each with its JSON path in Issue::column (e.g.
/// "/sections/2/questions/4/type"), Issue::value the offending value when short.
Questionnaire parse_questionnaire(std::string_view json, const QuestionnaireLimits& limits = {});

/// The questionnaire as canonical JSON (what is stored; parse_questionnaire reads it back).
std::string questionnaire_json(const Questionnaire& questionnaire);

/// The text form of a type ("compliance", "single", ...).
std::string_view type_name(QuestionType type);

/// The answers a compliance question takes, in credit order: yes, partial, no, na.
const std::vector<std::string>& compliance_answers();

/// What a system looks like to applicability rules.
struct SystemProfile {
  int level = 0;  ///< 0: no level yet (treated as level 1)
  std::string category;
  bool internet_facing = false;
  bool personal_data = false;
};

/// True when the question applies to a system with this profile.
bool applies(const Question& question, const SystemProfile& system);

/// Checks one answer cell against the question; returns the canonical value
/// (e.g. "yes", "a|c", "2024-03-05", "12") or an Issue (message and hint only).
struct AnswerResult {
  std::optional<std::string> value;
  std::optional<common::Issue> issue;
};
AnswerResult parse_answer(const Question& question, std::string_view raw);

}  // namespace syscensus::survey
