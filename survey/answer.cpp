// One question at a time: its type name, whether it applies to a system, and
// the check of one answer cell from a province's upload.
#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>

#include "common/date.hpp"
#include "common/text.hpp"
#include "survey/questionnaire.hpp"

namespace syscensus::survey {
namespace {

constexpr std::size_t kMaxTextAnswer = 2000;

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

AnswerResult fail(std::string code, std::string message, std::string hint = "") {
  common::Issue i;
  i.code = std::move(code);
  i.message = std::move(message);
  i.hint = std::move(hint);
  return {std::nullopt, std::move(i)};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

// Whole bounds print as integers ("0", not "0.000000").
std::string number_text(double x) {
  if (std::floor(x) == x && std::fabs(x) < 9e15) return std::to_string(static_cast<long long>(x));
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return ec == std::errc() ? std::string(buf, end) : std::to_string(x);
}

std::optional<common::Issue> out_of_range(const Question& q, double x) {
  if ((!q.min || x >= *q.min) && (!q.max || x <= *q.max)) return std::nullopt;
  std::string message = q.min && q.max ? "must be between " + number_text(*q.min) + " and " + number_text(*q.max)
                        : q.min        ? "must be at least " + number_text(*q.min)
                                       : "must be at most " + number_text(*q.max);
  return fail("out_of_range", std::move(message)).issue;
}

// Lower-case ASCII, '-' and ' ' as '_', so "Daily" and "not-required" match.
std::string option_form(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if (c == '-' || c == ' ') c = '_';
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

AnswerResult compliance(const Question& q, std::string_view text) {
  // Keys as common::search_key gives them: "Không áp dụng" -> "khong ap dung".
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kForms = {
      {"yes", {"yes", "y", "co"}},
      {"partial", {"partial", "mot phan"}},
      {"no", {"no", "n", "khong"}},
      {"na", {"na", "n/a", "khong ap dung"}},
  };
  for (const auto& [answer, forms] : kForms) {  // most cells hold the answer itself: no folding needed
    if (text == answer) return {answer, std::nullopt};
  }
  const std::string key = common::search_key(text);
  for (const auto& [answer, forms] : kForms) {
    if (std::find(forms.begin(), forms.end(), key) != forms.end()) return {answer, std::nullopt};
  }
  return fail("bad_answer", "not an answer to " + q.id, "use yes, partial, no or na");
}

AnswerResult single(const Question& q, std::string_view text) {
  const std::string form = option_form(text);
  if (std::find(q.options.begin(), q.options.end(), form) != q.options.end()) return {form, std::nullopt};
  return fail("bad_answer", "not an answer to " + q.id, "use one of: " + join(q.options, ", "));
}

AnswerResult multiple(const Question& q, std::string_view text) {
  std::vector<bool> chosen(q.options.size(), false);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of("|;,", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string form = option_form(common::trim(text.substr(start, end - start)));
    start = end + 1;
    if (form.empty()) continue;
    const auto it = std::find(q.options.begin(), q.options.end(), form);
    if (it == q.options.end())
      return fail("bad_answer", "\"" + form + "\" is not an option of " + q.id,
                  "use some of: " + join(q.options, ", ") + ", separated by |");
    chosen[static_cast<std::size_t>(it - q.options.begin())] = true;
  }
  std::vector<std::string> canonical;  // in the questionnaire's order, so equal sets compare equal
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    if (chosen[i]) canonical.push_back(q.options[i]);
  }
  if (canonical.empty()) return {};  // only separators: nothing was answered
  return {join(canonical, "|"), std::nullopt};
}

AnswerResult integer(const Question& q, std::string_view text) {
  const std::string_view digits = text.substr(text.starts_with('-') ? 1 : 0);
  if (!all_digits(digits)) return fail("bad_integer", "not a whole number", "write digits only, without separators");
  long long n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return fail("out_of_range", "the number is too large");
  if (auto bad = out_of_range(q, static_cast<double>(n))) return {std::nullopt, bad};
  return {std::to_string(n), std::nullopt};
}

// One '.' or one ',' as the decimal mark ("1,5" is how Vietnamese spreadsheets
// write 1.5); thousands separators are refused rather than guessed at.
AnswerResult decimal(const Question& q, std::string_view text) {
  const bool negative = text.starts_with('-');
  const std::string_view body = text.substr(negative ? 1 : 0);
  const std::size_t mark = body.find_first_of(".,");
  std::string_view whole = body.substr(0, mark);
  std::string_view fraction = mark == std::string_view::npos ? std::string_view{} : body.substr(mark + 1);
  if (!all_digits(whole) || (mark != std::string_view::npos && !all_digits(fraction)))
    return fail("bad_decimal", "not a number",
                "write digits with one decimal mark, e.g. 12.5 or 12,5, without separators");
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  std::string canonical = std::string(whole) + (fraction.empty() ? "" : "." + std::string(fraction));
  if (negative && canonical != "0") canonical.insert(0, "-");
  double x = 0;
  const auto [end, ec] = std::from_chars(canonical.data(), canonical.data() + canonical.size(), x);
  if (ec != std::errc()) return fail("out_of_range", "the number is too large");
  if (auto bad = out_of_range(q, x)) return {std::nullopt, bad};
  return {canonical, std::nullopt};
}

}  // namespace

std::string_view type_name(QuestionType type) {
  switch (type) {
    case QuestionType::compliance:
      return "compliance";
    case QuestionType::single:
      return "single";
    case QuestionType::multiple:
      return "multiple";
    case QuestionType::integer:
      return "integer";
    case QuestionType::decimal:
      return "decimal";
    case QuestionType::date:
      return "date";
    case QuestionType::text:
      return "text";
  }
  return "compliance";
}

const std::vector<std::string>& compliance_answers() {
  static const std::vector<std::string> answers = {"yes", "partial", "no", "na"};
  return answers;
}

bool applies(const Question& question, const SystemProfile& system) {
  const Applicability& a = question.applies;
  if (std::max(system.level, 1) < a.min_level) return false;
  if (!a.categories.empty() &&
      std::find(a.categories.begin(), a.categories.end(), system.category) == a.categories.end())
    return false;
  if (a.internet_facing && *a.internet_facing != system.internet_facing) return false;
  if (a.personal_data && *a.personal_data != system.personal_data) return false;
  return true;
}

AnswerResult parse_answer(const Question& question, std::string_view raw) {
  const std::string_view trimmed = common::trim(raw);
  if (trimmed.empty()) return {};
  const std::string text = common::nfc(trimmed);
  switch (question.type) {
    case QuestionType::compliance:
      return compliance(question, text);
    case QuestionType::single:
      return single(question, text);
    case QuestionType::multiple:
      return multiple(question, text);
    case QuestionType::integer:
      return integer(question, text);
    case QuestionType::decimal:
      return decimal(question, text);
    case QuestionType::date:
      if (auto iso = common::parse_date(text)) return {*iso, std::nullopt};
      return fail("bad_date", "not a valid date", "write YYYY-MM-DD or DD/MM/YYYY (day first)");
    case QuestionType::text:
      if (text.size() > kMaxTextAnswer)
        return fail("too_long", "longer than " + std::to_string(kMaxTextAnswer) + " bytes", "shorten the answer");
      return {text, std::nullopt};
  }
  return {};
}

}  // namespace syscensus::survey
