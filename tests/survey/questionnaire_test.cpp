#include "survey/questionnaire.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace syscensus;
using namespace syscensus::survey;

namespace {

const std::string kMinimal =
    R"({"id":"mini","version":1,"title":"Mini","sections":[{"id":"POL","family":"management","title":"Policy",)"
    R"("questions":[{"id":"POL.01","text":"Policy issued?","type":"compliance"}]}]})";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A questionnaire with one section holding `question` (a JSON object's text).
std::string with_question(const std::string& question) {
  return R"({"id":"q","version":1,"title":"T","sections":[{"id":"POL","family":"management","title":"P",)"
         R"("questions":[)" +
         question + "]}]}";
}

// The issues parse_questionnaire throws; fails the test when it does not throw.
std::vector<common::Issue> problems(const std::string& json, const QuestionnaireLimits& limits = {}) {
  try {
    parse_questionnaire(json, limits);
  } catch (const common::InvalidInput& e) {
    return e.issues();
  }
  FAIL("the questionnaire was accepted");
  return {};
}

// The one issue at `path`; fails when there is none or more than one.
common::Issue at(const std::vector<common::Issue>& issues, const std::string& path) {
  std::vector<common::Issue> found;
  for (const auto& i : issues) {
    if (i.column == path) found.push_back(i);
  }
  INFO("path " << path);
  REQUIRE(found.size() == 1);
  return found.front();
}

Question question_of(QuestionType type, std::vector<std::string> options = {}) {
  Question q;
  q.id = "Q.01";
  q.type = type;
  q.options = std::move(options);
  return q;
}

std::string answer(const Question& q, std::string_view raw) {
  const AnswerResult r = parse_answer(q, raw);
  if (r.issue) return "error: " + r.issue->message;
  return r.value.value_or("(none)");
}

common::Issue answer_issue(const Question& q, std::string_view raw) {
  const AnswerResult r = parse_answer(q, raw);
  REQUIRE_FALSE(r.value);
  REQUIRE(r.issue);
  return *r.issue;
}

void check_same(const Questionnaire& a, const Questionnaire& b) {
  CHECK(a.id == b.id);
  CHECK(a.version == b.version);
  CHECK(a.title == b.title);
  CHECK(a.note == b.note);
  REQUIRE(a.sections.size() == b.sections.size());
  for (std::size_t i = 0; i < a.sections.size(); ++i) {
    CHECK(a.sections[i].id == b.sections[i].id);
    CHECK(a.sections[i].family == b.sections[i].family);
    CHECK(a.sections[i].title == b.sections[i].title);
  }
  REQUIRE(a.questions.size() == b.questions.size());
  for (std::size_t i = 0; i < a.questions.size(); ++i) {
    const Question& x = a.questions[i];
    const Question& y = b.questions[i];
    INFO(x.id);
    CHECK(x.id == y.id);
    CHECK(x.section == y.section);
    CHECK(x.text == y.text);
    CHECK(x.type == y.type);
    CHECK(x.required == y.required);
    CHECK(x.weight == y.weight);
    CHECK(x.options == y.options);
    CHECK(x.min == y.min);
    CHECK(x.max == y.max);
    CHECK(x.applies.min_level == y.applies.min_level);
    CHECK(x.applies.categories == y.applies.categories);
    CHECK(x.applies.internet_facing == y.applies.internet_facing);
    CHECK(x.applies.personal_data == y.applies.personal_data);
  }
}

}  // namespace

TEST_CASE("a minimal questionnaire reads with its defaults", "[questionnaire]") {
  const Questionnaire q = parse_questionnaire(kMinimal);
  CHECK(q.key() == "mini@1");
  CHECK(q.title == "Mini");
  CHECK(q.note.empty());
  REQUIRE(q.sections.size() == 1);
  CHECK(q.sections[0].family == "management");
  REQUIRE(q.questions.size() == 1);
  const Question& p = q.questions[0];
  CHECK(p.id == "POL.01");
  CHECK(p.section == "POL");
  CHECK(p.type == QuestionType::compliance);
  CHECK(p.required);
  CHECK(p.weight == 1.0);
  CHECK(p.options.empty());
  CHECK_FALSE(p.min);
  CHECK(p.applies.min_level == 1);
  CHECK(p.applies.categories.empty());
  CHECK_FALSE(p.applies.internet_facing);
  CHECK_FALSE(p.applies.personal_data);
}

TEST_CASE("texts are trimmed and stored in NFC", "[questionnaire]") {
  // "Chính sách" written with combining accents (NFD), as some editors save it.
  const std::string json = R"({"id":"q","version":1,"title":"  Chi\u0301nh sa\u0301ch ","sections":[)"
                           R"({"id":"POL","family":"management","title":"P","questions":[]}]})";
  CHECK(parse_questionnaire(json).title == "Chính sách");
}

TEST_CASE("every problem in a file is reported together, each with its JSON path", "[questionnaire]") {
  const std::string json = read_file(SYSCENSUS_TEST_DATA "/questionnaires/several_problems.json");
  try {
    parse_questionnaire(json);
    FAIL("accepted");
  } catch (const common::InvalidInput& e) {
    CHECK(std::string(e.what()) == "questionnaire: 11 problems");
    const auto& issues = e.issues();
    CHECK(issues.size() == 11);
    for (const auto& i : issues) CHECK(i.row == 0);

    auto id = at(issues, "/id");
    CHECK(id.code == "bad_value");
    CHECK(id.value == "TT12 self assessment");
    CHECK(id.message == "not a valid questionnaire id");
    CHECK(at(issues, "/version").message == "must be 1 or more");
    CHECK(at(issues, "/version").value == "0");

    auto typo = at(issues, "/sections/0/questions/0/requried");
    CHECK(typo.code == "unknown_key");
    CHECK(typo.message == "unknown key");
    CHECK(typo.hint == "use one of: id, text, type, required, weight, options, min, max, applies");

    auto text = at(issues, "/sections/0/questions/1/text");
    CHECK(text.code == "missing");
    CHECK(text.message == "required key is missing");
    auto type = at(issues, "/sections/0/questions/1/type");
    CHECK(type.code == "bad_value");
    CHECK(type.value == "yesno");
    CHECK(type.hint == "use one of: compliance, single, multiple, integer, decimal, date, text");

    auto duplicate = at(issues, "/sections/0/questions/2/id");
    CHECK(duplicate.code == "duplicate_id");
    CHECK(duplicate.message == "the question id is already used at /sections/0/questions/0/id");
    CHECK(at(issues, "/sections/0/questions/2/options").message == "required for single and multiple questions");

    auto family = at(issues, "/sections/1/family");
    CHECK(family.message == "not a family");
    CHECK(family.hint == "use one of: management, technical");
    auto max = at(issues, "/sections/1/questions/0/max");
    CHECK(max.message == "max is less than min");
    CHECK(max.value == "5");
    CHECK(at(issues, "/sections/1/questions/0/applies/min_level").message == "must be between 1 and 5");
    auto category = at(issues, "/sections/1/questions/0/applies/categories/1");
    CHECK(category.message == "not a category");
    CHECK(category.value == "f");
  }
}

TEST_CASE("one problem reads as one problem", "[questionnaire]") {
  std::string json = kMinimal;
  json.replace(json.find("\"version\":1"), 11, "\"version\":\"1\"");
  try {
    parse_questionnaire(json);
    FAIL("accepted");
  } catch (const common::InvalidInput& e) {
    CHECK(std::string(e.what()) == "questionnaire: 1 problem");
    REQUIRE(e.issues().size() == 1);
    CHECK(e.issues()[0].column == "/version");
    CHECK(e.issues()[0].code == "bad_type");
    CHECK(e.issues()[0].message == "must be a whole number");
    CHECK(e.issues()[0].value == "1");
  }
}

TEST_CASE("unknown keys are errors at every level", "[questionnaire]") {
  const auto issues =
      problems(R"({"id":"q","version":1,"title":"T","author":"x","sections":[{"id":"POL","family":"management",)"
               R"("title":"P","order":1,"questions":[{"id":"POL.01","text":"?","type":"compliance","help":"",)"
               R"("applies":{"min_level":2,"level":3,"a/b":1}}]}]})");
  CHECK(issues.size() == 5);
  CHECK(at(issues, "/author").code == "unknown_key");
  CHECK(at(issues, "/sections/0/order").hint == "use one of: id, family, title, questions");
  CHECK(at(issues, "/sections/0/questions/0/help").message == "unknown key");
  CHECK(at(issues, "/sections/0/questions/0/applies/level").hint ==
        "use one of: min_level, categories, internet_facing, personal_data");
  CHECK(at(issues, "/sections/0/questions/0/applies/a~1b").code == "unknown_key");  // RFC 6901 escape
}

TEST_CASE("a key given twice is an error, not a silent overwrite", "[questionnaire]") {
  std::string json = kMinimal;
  json.replace(json.find("\"type\""), 0, R"("type":"text",)");
  auto dup = at(problems(json), "/sections/0/questions/0/type");
  CHECK(dup.code == "duplicate_key");
  CHECK(dup.message == "the key appears more than once in this object");
}

TEST_CASE("ids follow their patterns and are unique", "[questionnaire]") {
  const auto issues = problems(
      R"({"id":"q","version":1,"title":"T","sections":[)"
      R"({"id":"pol","family":"management","title":"P","questions":[)"
      R"({"id":"pol.01","text":"?","type":"text"},{"id":"POL..1","text":"?","type":"text"},)"
      R"({"id":"POL.","text":"?","type":"text"},{"id":"A.BCDEFGHIJKLMNOPQRSTUVWXYZ012345","text":"?","type":"text"},)"
      R"({"id":"NET.01","text":"?","type":"text"},{"id":7,"text":"?","type":"text"}]},)"
      R"({"id":"NET","family":"technical","title":"N","questions":[{"id":"NET.01","text":"?","type":"text"}]},)"
      R"({"id":"NET","family":"technical","title":"N2","questions":[]}]})");
  auto section = at(issues, "/sections/0/id");
  CHECK(section.message == "not a valid section id");
  CHECK(section.hint == "use 1 to 16 upper-case letters or digits, starting with a letter");
  auto question = at(issues, "/sections/0/questions/0/id");
  CHECK(question.message == "not a valid question id");
  CHECK(question.hint ==
        "use upper-case letters and digits in dot-separated parts, e.g. NET.03 (32 characters at most)");
  CHECK(at(issues, "/sections/0/questions/1/id").code == "bad_value");
  CHECK(at(issues, "/sections/0/questions/2/id").code == "bad_value");
  CHECK(at(issues, "/sections/0/questions/3/id").code == "bad_value");  // 33 characters
  auto number = at(issues, "/sections/0/questions/5/id");
  CHECK(number.code == "bad_type");
  CHECK(number.message == "must be a string");
  CHECK(number.value == "7");
  // Question ids are unique across sections (they become CSV columns).
  CHECK(at(issues, "/sections/1/questions/0/id").message ==
        "the question id is already used at /sections/0/questions/4/id");
  CHECK(at(issues, "/sections/2/id").message == "the section id is already used at /sections/1/id");
  CHECK(issues.size() == 8);
}

TEST_CASE("options belong to single and multiple questions only", "[questionnaire]") {
  const auto issues =
      problems(with_question(R"({"id":"P.1","text":"?","type":"single","options":[]},)"
                             R"({"id":"P.2","text":"?","type":"multiple"},)"
                             R"({"id":"P.3","text":"?","type":"compliance","options":["a"]},)"
                             R"({"id":"P.4","text":"?","type":"single","options":["daily","Weekly","daily",3]},)"
                             R"({"id":"P.5","text":"?","type":"multiple","options":"a|b"})"));
  CHECK(at(issues, "/sections/0/questions/0/options").message == "must list at least one option");
  auto missing = at(issues, "/sections/0/questions/1/options");
  CHECK(missing.code == "missing");
  CHECK(missing.message == "required for single and multiple questions");
  auto forbidden = at(issues, "/sections/0/questions/2/options");
  CHECK(forbidden.code == "not_allowed");
  CHECK(forbidden.message == "only single and multiple questions have options");
  auto upper = at(issues, "/sections/0/questions/3/options/1");
  CHECK(upper.message == "not a valid option value");
  CHECK(upper.hint == "use 1 to 64 lower-case letters, digits or _");
  auto twice = at(issues, "/sections/0/questions/3/options/2");
  CHECK(twice.code == "duplicate_value");
  CHECK(twice.message == "listed more than once");
  CHECK(at(issues, "/sections/0/questions/3/options/3").code == "bad_type");
  CHECK(at(issues, "/sections/0/questions/4/options").message == "must be an array of strings");
  CHECK(issues.size() == 7);
}

TEST_CASE("bounds, weights and applicability are checked", "[questionnaire]") {
  const auto issues = problems(with_question(
      R"({"id":"P.1","text":"?","type":"integer","min":0.5,"max":10},)"
      R"({"id":"P.2","text":"?","type":"text","min":0},)"
      R"({"id":"P.3","text":"?","type":"decimal","min":2.5,"max":1},)"
      R"({"id":"P.4","text":"?","type":"compliance","weight":0,"required":"yes"},)"
      R"({"id":"P.5","text":"  ","type":"date","applies":{"min_level":0,"categories":["d","d"],"internet_facing":1}},)"
      R"({"id":"P.6","text":"?","type":"compliance","applies":[]},)"
      R"({"id":"P.7","text":"?"})"));
  CHECK(at(issues, "/sections/0/questions/0/min").message == "must be a whole number for an integer question");
  auto text_min = at(issues, "/sections/0/questions/1/min");
  CHECK(text_min.code == "not_allowed");
  CHECK(text_min.message == "only integer and decimal questions have bounds");
  CHECK(at(issues, "/sections/0/questions/2/max").message == "max is less than min");
  CHECK(at(issues, "/sections/0/questions/3/weight").message == "must be greater than 0");
  CHECK(at(issues, "/sections/0/questions/3/required").message == "must be true or false");
  CHECK(at(issues, "/sections/0/questions/4/text").message == "must not be empty");
  CHECK(at(issues, "/sections/0/questions/4/applies/min_level").message == "must be between 1 and 5");
  CHECK(at(issues, "/sections/0/questions/4/applies/categories/1").code == "duplicate_value");
  CHECK(at(issues, "/sections/0/questions/4/applies/internet_facing").code == "bad_type");
  CHECK(at(issues, "/sections/0/questions/5/applies").message == "must be an object");
  CHECK(at(issues, "/sections/0/questions/6/type").code == "missing");  // the type has no default
  CHECK(issues.size() == 11);
}

TEST_CASE("the document's shape is checked", "[questionnaire]") {
  auto root = problems("[]");
  REQUIRE(root.size() == 1);
  CHECK(root[0].column.empty());
  CHECK(root[0].message == "must be an object");

  auto empty = at(problems(R"({"id":"q","version":1,"title":"T","sections":[]})"), "/sections");
  CHECK(empty.message == "must hold 1 to 50 sections");
  auto object = at(problems(R"({"id":"q","version":1.0,"title":"","note":3,"sections":{}})"), "/sections");
  CHECK(object.message == "must be an array");

  std::string many = R"({"id":"q","version":1,"title":"T","sections":[)";
  for (int i = 0; i < 51; ++i)
    many += (i ? "," : "") + std::string(R"({"id":"S)") + std::to_string(i) +
            R"(","family":"technical","title":"S","questions":[]})";
  CHECK(at(problems(many + "]}"), "/sections").message == "must hold 1 to 50 sections");

  auto missing = problems("{}");
  CHECK(missing.size() == 4);
  CHECK(at(missing, "/sections").code == "missing");
  CHECK(at(missing, "/id").code == "missing");
}

TEST_CASE("deep nesting is refused while parsing", "[questionnaire][limits]") {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  auto issues = problems(deep);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "too_deep");
  CHECK(issues[0].message == "nesting is deeper than 16 levels");
  std::string path;
  for (int i = 0; i < 16; ++i) path += "/0";
  CHECK(issues[0].column == path);  // the 17th container

  std::string objects;
  for (int i = 0; i < 10000; ++i) objects += R"({"a":)";
  objects += "1" + std::string(10000, '}');
  CHECK(problems(objects)[0].code == "too_deep");

  // 16 levels are read (and then found to be the wrong shape).
  auto shallow = problems(std::string(16, '[') + std::string(16, ']'));
  REQUIRE(shallow.size() == 1);
  CHECK(shallow[0].code == "bad_type");

  QuestionnaireLimits tight;
  tight.max_depth = 6;  // a question's "applies" object is at level 6, its categories at 7
  const std::string json =
      with_question(R"({"id":"P.1","text":"?","type":"compliance","applies":{"categories":["a"]}})");
  CHECK_NOTHROW(parse_questionnaire(json));
  auto refused = problems(json, tight);
  CHECK(refused[0].column == "/sections/0/questions/0/applies/categories");
}

TEST_CASE("size and question count are limited", "[questionnaire][limits]") {
  QuestionnaireLimits limits;
  limits.max_bytes = kMinimal.size();
  CHECK_NOTHROW(parse_questionnaire(kMinimal, limits));
  limits.max_bytes = 100;
  auto big = problems(kMinimal, limits);
  REQUIRE(big.size() == 1);
  CHECK(big[0].code == "too_large");
  CHECK(big[0].row == 0);
  CHECK(big[0].message == "the file is larger than 100 bytes");

  QuestionnaireLimits few;
  few.max_questions = 1;
  CHECK_NOTHROW(parse_questionnaire(kMinimal, few));
  few.max_questions = 0;
  auto many = problems(kMinimal, few);
  REQUIRE(many.size() == 1);
  CHECK(many[0].code == "too_many");
  CHECK(many[0].message == "the questionnaire has more than 0 questions");
}

TEST_CASE("invalid JSON is reported with its byte position", "[questionnaire]") {
  auto comma = problems(read_file(SYSCENSUS_TEST_DATA "/questionnaires/trailing_comma.json"));
  REQUIRE(comma.size() == 1);
  CHECK(comma[0].code == "bad_json");
  CHECK(comma[0].message ==
        "invalid JSON at byte 69 (line 6, column 1): syntax error while parsing object key - unexpected '}'; "
        "expected string literal");
  CHECK(comma[0].hint == "check the file with a JSON validator; comments and trailing commas are not allowed");

  CHECK(problems("")[0].message.starts_with("invalid JSON at byte 1 (line 1, column 1): "));
  CHECK(problems(R"({"id": "q" // comment)")[0].code == "bad_json");
  CHECK(problems(R"({"a": 1e999})")[0].message == "invalid JSON: number overflow parsing '1e999'");
  // Bytes that are not UTF-8 are refused, and the message itself stays valid text.
  auto latin1 = problems("{\"title\": \"Ch\xednh\"}");
  CHECK(latin1[0].message ==
        "invalid JSON at byte 15 (line 1, column 15): syntax error while parsing value - "
        "invalid string: ill-formed UTF-8 byte");
}

TEST_CASE("canonical JSON reads back field by field", "[questionnaire]") {
  const Questionnaire q = parse_questionnaire(
      R"({"id":"rt-1.0_x","version":3,"title":"Tiêu đề","note":"Ghi chú","sections":[)"
      R"({"id":"POL","family":"management","title":"Chính sách","questions":[)"
      R"({"id":"POL.01","text":"Có?","type":"compliance","weight":1.5,"applies":{"min_level":3,"categories":["d","a"],)"
      R"("internet_facing":false,"personal_data":true}},)"
      R"({"id":"POL.02","text":"Tần suất","type":"single","required":false,"options":["daily","none"]}]},)"
      R"({"id":"DAT","family":"technical","title":"Dữ liệu","questions":[)"
      R"({"id":"DAT.01","text":"Số","type":"integer","min":-5,"max":100000000000},)"
      R"({"id":"DAT.02","text":"RTO","type":"decimal","min":0.25},)"
      R"({"id":"DAT.03","text":"Công cụ","type":"multiple","options":["ids","waf"]},)"
      R"({"id":"DAT.04","text":"Ngày","type":"date"},{"id":"DAT.05","text":"Ghi chú","type":"text"}]}]})");
  const std::string canonical = questionnaire_json(q);
  check_same(parse_questionnaire(canonical), q);
  CHECK(questionnaire_json(parse_questionnaire(canonical)) == canonical);
  // Defaults are written out; whole numbers without ".0"; keys in the documented order.
  CHECK(canonical.find(R"({"id":"POL.02","text":"Tần suất","type":"single","required":false,"weight":1,)"
                       R"("options":["daily","none"],"applies":{"min_level":1,"categories":[]}})") !=
        std::string::npos);
  CHECK(canonical.find(R"("min":-5,"max":100000000000,)") != std::string::npos);
  CHECK(canonical.find(R"("weight":1.5,)") != std::string::npos);
  CHECK(canonical.find(R"("categories":["d","a"],"internet_facing":false,"personal_data":true})") != std::string::npos);
  CHECK(canonical.starts_with(R"({"id":"rt-1.0_x","version":3,"title":"Tiêu đề","note":"Ghi chú","sections":[)"));
}

TEST_CASE("a question outside every section cannot be written", "[questionnaire]") {
  Questionnaire q = parse_questionnaire(kMinimal);
  q.questions[0].section = "NET";
  CHECK_THROWS_AS(questionnaire_json(q), std::invalid_argument);
}

TEST_CASE("the sample questionnaire is valid", "[questionnaire][sample]") {
  const Questionnaire q = parse_questionnaire(read_file(SYSCENSUS_SAMPLES "/questionnaire.json"));
  CHECK(q.key() == "tt12-self-assessment@1");
  REQUIRE(q.sections.size() == 9);
  std::vector<std::string> ids;
  for (const auto& s : q.sections) ids.push_back(s.id + ":" + s.family);
  CHECK(ids == std::vector<std::string>{"POL:management", "ORG:management", "DEV:management", "OPS:management",
                                        "RSK:management", "NET:technical", "SRV:technical", "APP:technical",
                                        "DAT:technical"});
  CHECK(q.questions.size() >= 55);
  CHECK(q.questions.size() <= 70);
  check_same(parse_questionnaire(questionnaire_json(q)), q);

  auto count = [&](const SystemProfile& p) {
    return std::count_if(q.questions.begin(), q.questions.end(), [&](const Question& x) { return applies(x, p); });
  };
  const auto level1 = count({1, "a", false, false});
  CHECK(level1 >= 15);
  CHECK(count({0, "a", false, false}) == level1);
  CHECK(count({3, "a", false, false}) > count({2, "a", false, false}));
  CHECK(count({3, "a", true, false}) > count({3, "a", false, false}));
  CHECK(count({3, "a", false, true}) > count({3, "a", false, false}));
  CHECK(count({3, "d", false, false}) > count({3, "a", false, false}));
  CHECK(count({5, "d", true, true}) == static_cast<long>(q.questions.size()));
}

TEST_CASE("applicability follows level, category and system attributes", "[questionnaire]") {
  Question q = question_of(QuestionType::compliance);
  CHECK(applies(q, {}));
  q.applies.min_level = 3;
  CHECK_FALSE(applies(q, {2, "a", true, true}));
  CHECK(applies(q, {3, "a", false, false}));
  CHECK(applies(q, {5, "", false, false}));
  q.applies.min_level = 1;
  CHECK(applies(q, {0, "c", false, false}));  // no level yet counts as level 1
  q.applies.min_level = 2;
  CHECK_FALSE(applies(q, {0, "c", false, false}));

  Question ics = question_of(QuestionType::compliance);
  ics.applies.categories = {"d", "e"};
  CHECK(applies(ics, {1, "d", false, false}));
  CHECK_FALSE(applies(ics, {1, "a", false, false}));
  CHECK_FALSE(applies(ics, {1, "", false, false}));

  Question waf = question_of(QuestionType::compliance);
  waf.applies.internet_facing = true;
  CHECK(applies(waf, {1, "a", true, false}));
  CHECK_FALSE(applies(waf, {1, "a", false, false}));
  waf.applies.internet_facing = false;
  CHECK(applies(waf, {1, "a", false, false}));
  CHECK_FALSE(applies(waf, {1, "a", true, false}));

  Question pii = question_of(QuestionType::compliance);
  pii.applies.personal_data = true;
  CHECK(applies(pii, {1, "b", false, true}));
  CHECK_FALSE(applies(pii, {1, "b", true, false}));
}

TEST_CASE("type names and compliance answers", "[questionnaire]") {
  CHECK(type_name(QuestionType::compliance) == "compliance");
  CHECK(type_name(QuestionType::multiple) == "multiple");
  CHECK(type_name(QuestionType::text) == "text");
  CHECK(compliance_answers() == std::vector<std::string>{"yes", "partial", "no", "na"});
}

TEST_CASE("compliance answers in English or Vietnamese", "[answer]") {
  const Question q = question_of(QuestionType::compliance);
  CHECK(answer(q, " yes ") == "yes");
  CHECK(answer(q, "Y") == "yes");
  CHECK(answer(q, "Có") == "yes");
  CHECK(answer(q, "CÓ") == "yes");
  CHECK(answer(q, "co") == "yes");
  CHECK(answer(q, "Một phần") == "partial");
  CHECK(answer(q, "mot  phan") == "partial");
  CHECK(answer(q, "PARTIAL") == "partial");
  CHECK(answer(q, "không") == "no");
  CHECK(answer(q, "Kho\xcc\x82ng") == "no");  // NFD, as some keyboards produce
  CHECK(answer(q, "n") == "no");
  CHECK(answer(q, "Không áp dụng") == "na");
  CHECK(answer(q, "N/A") == "na");
  CHECK(answer(q, "na") == "na");
  CHECK(answer(q, "") == "(none)");
  CHECK_FALSE(parse_answer(q, "  \t").issue);

  auto bad = answer_issue(q, "maybe");
  CHECK(bad.code == "bad_answer");
  CHECK(bad.message == "not an answer to Q.01");
  CHECK(bad.hint == "use yes, partial, no or na");
  CHECK(answer_issue(q, "yes|no").code == "bad_answer");
}

TEST_CASE("single and multiple choice answers", "[answer]") {
  const Question single = question_of(QuestionType::single, {"daily", "weekly", "monthly", "none"});
  CHECK(answer(single, "Weekly") == "weekly");
  CHECK(answer(single, " DAILY ") == "daily");
  auto bad = answer_issue(single, "hằng ngày");
  CHECK(bad.code == "bad_answer");
  CHECK(bad.message == "not an answer to Q.01");
  CHECK(bad.hint == "use one of: daily, weekly, monthly, none");

  const Question multiple = question_of(QuestionType::multiple, {"ids", "siem", "waf", "edr", "none"});
  CHECK(answer(multiple, "WAF; ids") == "ids|waf");
  CHECK(answer(multiple, "edr, siem | ids") == "ids|siem|edr");
  CHECK(answer(multiple, "waf|waf") == "waf");
  CHECK(answer(multiple, "ids||") == "ids");
  CHECK(answer(multiple, "|") == "(none)");
  auto unknown = answer_issue(multiple, "ids|firewall");
  CHECK(unknown.message == "\"firewall\" is not an option of Q.01");
  CHECK(unknown.hint == "use some of: ids, siem, waf, edr, none, separated by |");
}

TEST_CASE("integer answers", "[answer]") {
  Question q = question_of(QuestionType::integer);
  CHECK(answer(q, "12") == "12");
  CHECK(answer(q, "007") == "7");
  CHECK(answer(q, "-3") == "-3");
  CHECK(answer(q, "-0") == "0");
  for (const char* bad : {"1.000", "1,000", "1 000", "2.5", "+3", "-", "12a", "1e3"}) {
    INFO(bad);
    auto issue = answer_issue(q, bad);
    CHECK(issue.code == "bad_integer");
    CHECK(issue.message == "not a whole number");
    CHECK(issue.hint == "write digits only, without separators");
  }
  CHECK(answer_issue(q, "99999999999999999999").code == "out_of_range");
  q.min = 0;
  q.max = 100;
  CHECK(answer(q, "100") == "100");
  auto high = answer_issue(q, "101");
  CHECK(high.code == "out_of_range");
  CHECK(high.message == "must be between 0 and 100");
  q.max.reset();
  CHECK(answer(q, "100000") == "100000");
  CHECK(answer_issue(q, "-1").message == "must be at least 0");
  q.min.reset();
  q.max = 10;
  CHECK(answer_issue(q, "11").message == "must be at most 10");
}

TEST_CASE("decimal answers take a point or a comma", "[answer]") {
  Question q = question_of(QuestionType::decimal);
  CHECK(answer(q, "1.5") == "1.5");
  CHECK(answer(q, "1,5") == "1.5");
  CHECK(answer(q, "12") == "12");
  CHECK(answer(q, "012.500") == "12.5");
  CHECK(answer(q, "3,0") == "3");
  CHECK(answer(q, "-0,25") == "-0.25");
  CHECK(answer(q, "-0.0") == "0");
  for (const char* bad : {"1.234,5", "1,234.5", "1.2.3", "1e5", ",5", "5.", "1 5", "abc", "-"}) {
    INFO(bad);
    auto issue = answer_issue(q, bad);
    CHECK(issue.code == "bad_decimal");
    CHECK(issue.message == "not a number");
    CHECK(issue.hint == "write digits with one decimal mark, e.g. 12.5 or 12,5, without separators");
  }
  q.min = 0.5;
  q.max = 2.25;
  CHECK(answer(q, "2,25") == "2.25");
  CHECK(answer_issue(q, "2,3").message == "must be between 0.5 and 2.25");
  CHECK(answer_issue(q, "0").code == "out_of_range");
}

TEST_CASE("date and text answers", "[answer]") {
  const Question date = question_of(QuestionType::date);
  CHECK(answer(date, "05/03/2024") == "2024-03-05");
  CHECK(answer(date, "2024-03-05") == "2024-03-05");
  auto bad = answer_issue(date, "31/02/2025");
  CHECK(bad.code == "bad_date");
  CHECK(bad.message == "not a valid date");
  CHECK(bad.hint == "write YYYY-MM-DD or DD/MM/YYYY (day first)");
  CHECK(answer_issue(date, "12/31/2025").code == "bad_date");

  const Question text = question_of(QuestionType::text);
  CHECK(answer(text, "  Đã triển khai tường lửa \t") == "Đã triển khai tường lửa");
  CHECK(answer(text,
               "Chi\xcc\x81nh sa\xcc\x81"
               "ch") == "Chính sách");  // stored in NFC
  CHECK(answer(text, std::string(2000, 'x')) == std::string(2000, 'x'));
  auto long_text = answer_issue(text, std::string(2001, 'x'));
  CHECK(long_text.code == "too_long");
  CHECK(long_text.message == "longer than 2000 bytes");
}
