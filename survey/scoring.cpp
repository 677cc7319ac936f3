#include "survey/scoring.hpp"

#include <charconv>

namespace syscensus::survey {
namespace {

constexpr char kSeparator = '\x1f';
constexpr char kNotApplicable = '\x1e';

std::vector<std::string> split(const std::string& packed) {
  std::vector<std::string> parts(1);
  for (char c : packed) {
    if (c == kSeparator) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

}  // namespace

std::optional<double> credit(const std::string& answer) {
  if (answer == "yes") return 1.0;
  if (answer == "partial") return 0.5;
  if (answer == "no") return 0.0;
  return std::nullopt;
}

Scores score(const Questionnaire& q, const std::vector<AnswerCell>& answers) {
  std::vector<double> earned(q.sections.size(), 0.0);
  std::vector<double> possible(q.sections.size(), 0.0);
  for (std::size_t i = 0; i < q.questions.size() && i < answers.size(); ++i) {
    const Question& question = q.questions[i];
    if (question.type != QuestionType::compliance || answers[i].state != AnswerCell::State::answered) continue;
    const auto c = credit(answers[i].value);
    if (!c) continue;  // na: excluded from both sides
    for (std::size_t s = 0; s < q.sections.size(); ++s) {
      if (q.sections[s].id != question.section) continue;
      earned[s] += *c * question.weight;
      possible[s] += question.weight;
    }
  }
  Scores scores;
  double all_earned = 0;
  double all_possible = 0;
  for (std::size_t s = 0; s < q.sections.size(); ++s) {
    scores.groups.push_back(possible[s] > 0 ? std::optional(100.0 * earned[s] / possible[s]) : std::nullopt);
    all_earned += earned[s];
    all_possible += possible[s];
  }
  if (all_possible > 0) scores.overall = 100.0 * all_earned / all_possible;
  return scores;
}

std::string pack_answers(const std::vector<AnswerCell>& answers) {
  std::string packed;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (i > 0) packed += kSeparator;
    if (answers[i].state == AnswerCell::State::not_applicable) {
      packed += kNotApplicable;
    } else if (answers[i].state == AnswerCell::State::answered) {
      packed += answers[i].value;
    }
  }
  return packed;
}

std::vector<AnswerCell> unpack_answers(const std::string& packed, std::size_t count) {
  std::vector<AnswerCell> cells(count);
  const auto parts = split(packed);
  for (std::size_t i = 0; i < count && i < parts.size(); ++i) {
    if (parts[i] == std::string(1, kNotApplicable)) {
      cells[i].state = AnswerCell::State::not_applicable;
    } else if (!parts[i].empty()) {
      cells[i] = {AnswerCell::State::answered, parts[i]};
    }
  }
  return cells;
}

std::string pack_scores(const std::vector<std::optional<double>>& scores) {
  std::string packed;
  char buffer[32];
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (i > 0) packed += kSeparator;
    if (scores[i]) {  // as printf's %.4f gives it, without the locale and format parsing
      const auto end = std::to_chars(buffer, buffer + sizeof buffer, *scores[i], std::chars_format::fixed, 4).ptr;
      packed.append(buffer, end);
    }
  }
  return packed;
}

std::vector<std::optional<double>> unpack_scores(const std::string& packed, std::size_t count) {
  std::vector<std::optional<double>> scores(count);
  const auto parts = split(packed);
  for (std::size_t i = 0; i < count && i < parts.size(); ++i)
    if (!parts[i].empty()) scores[i] = std::stod(parts[i]);
  return scores;
}

}  // namespace syscensus::survey
