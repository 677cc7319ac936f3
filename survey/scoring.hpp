#pragma once
// Scoring a submission: weighted credit (yes 1, partial 0.5, no 0) over the
// applicable compliance questions that were answered, `na` excluded; overall
// and per requirement group, as a percentage. Pure: no database.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "survey/questionnaire.hpp"

namespace syscensus::survey {

/// One question's state in a submission.
struct AnswerCell {
  enum class State { answered, unanswered, not_applicable };
  State state = State::unanswered;
  std::string value;  ///< canonical answer when answered
};

struct Scores {
  std::optional<double> overall;                ///< nullopt: nothing scored
  std::vector<std::optional<double>> groups;    ///< per Questionnaire::sections, same order
};

/// Scores answers given per question, in Questionnaire::questions order.
Scores score(const Questionnaire& questionnaire, const std::vector<AnswerCell>& answers);

/// Credit of a compliance answer: 1, 0.5, 0, or nullopt for na.
std::optional<double> credit(const std::string& answer);

/// Packs answers into the stored text (values separated by U+001F; unanswered
/// empty; not applicable U+001E). CSV values never hold control characters.
std::string pack_answers(const std::vector<AnswerCell>& answers);
/// The inverse of pack_answers; `count` is the number of questions.
std::vector<AnswerCell> unpack_answers(const std::string& packed, std::size_t count);

/// Calls `fn(index, value)` for each answered question of a packed submission
/// (skipping unanswered and not applicable ones), without copying: the fast
/// path of reports that read every submission of a round.
template <typename Fn>
void for_each_answer(std::string_view packed, Fn&& fn) {
  std::size_t index = 0, start = 0;
  for (std::size_t at = 0; at <= packed.size(); ++at) {
    if (at != packed.size() && packed[at] != '\x1f') continue;
    const std::string_view value = packed.substr(start, at - start);
    if (!value.empty() && value != "\x1e") fn(index, value);
    ++index;
    start = at + 1;
  }
}

/// Group scores as stored (values separated by U+001F, empty for none) and back.
std::string pack_scores(const std::vector<std::optional<double>>& scores);
std::vector<std::optional<double>> unpack_scores(const std::string& packed, std::size_t count);

}  // namespace syscensus::survey
