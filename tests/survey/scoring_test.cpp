#include <catch2/catch.hpp>

#include "survey/scoring.hpp"

using namespace syscensus::survey;
using State = AnswerCell::State;

namespace {

Questionnaire two_groups() {
  Questionnaire q;
  q.sections = {{"POL", "management", "Chính sách"}, {"NET", "technical", "Mạng"}};
  q.questions = {{"POL.01", "POL", "", QuestionType::compliance, true, 2.0, {}, {}, {}, {}},
                 {"POL.02", "POL", "", QuestionType::compliance, true, 1.0, {}, {}, {}, {}},
                 {"NET.01", "NET", "", QuestionType::integer, true, 1.0, {}, {}, {}, {}},
                 {"NET.02", "NET", "", QuestionType::compliance, true, 1.0, {}, {}, {}, {}}};
  return q;
}

}  // namespace

TEST_CASE("weighted credit over answered applicable compliance questions", "[scoring]") {
  const auto scores = score(two_groups(), {{State::answered, "partial"}, {State::answered, "yes"},
                                           {State::answered, "12"}, {State::answered, "na"}});
  REQUIRE(scores.overall);
  CHECK(*scores.overall == Approx(100.0 * (2 * 0.5 + 1) / 3));
  CHECK(*scores.groups[0] == Approx(100.0 * 2 / 3));
  CHECK_FALSE(scores.groups[1]);  // only na and a non-compliance answer: nothing to score
}

TEST_CASE("unanswered and not applicable questions are not scored", "[scoring]") {
  const auto scores = score(two_groups(), {{State::unanswered, ""}, {State::not_applicable, ""},
                                           {State::unanswered, ""}, {State::answered, "no"}});
  CHECK(*scores.overall == Approx(0.0));
  CHECK_FALSE(scores.groups[0]);
  CHECK_FALSE(score(two_groups(), std::vector<AnswerCell>(4)).overall);
}

TEST_CASE("packed answers keep the three states", "[scoring]") {
  const std::vector<AnswerCell> cells{{State::answered, "yes"}, {State::unanswered, ""},
                                      {State::not_applicable, ""}, {State::answered, "Ghi chú, có dấu phẩy"}};
  const auto back = unpack_answers(pack_answers(cells), cells.size());
  REQUIRE(back.size() == 4);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    CHECK(back[i].state == cells[i].state);
    CHECK(back[i].value == cells[i].value);
  }
  const auto scores = unpack_scores(pack_scores({12.5, std::nullopt}), 2);
  CHECK(*scores[0] == Approx(12.5));
  CHECK_FALSE(scores[1]);
}
