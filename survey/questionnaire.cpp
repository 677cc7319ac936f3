// Questionnaire files. The format (JSON, UTF-8, no comments):
//
//   {
//     "id": "tt12-self-assessment",     // [a-z0-9][a-z0-9._-]{0,63}
//     "version": 1,                     // whole number >= 1
//     "title": "...",                   // required, not blank
//     "note": "...",                    // optional
//     "sections": [                     // 1..50
//       { "id": "POL",                  // [A-Z][A-Z0-9]{0,15}, unique
//         "family": "management",       // management | technical
//         "title": "...",               // required
//         "questions": [                // required, may be empty
//           { "id": "POL.01",           // [A-Z][A-Z0-9]*(\.[A-Z0-9]+)*, <= 32 chars, unique in the file
//             "text": "...",            // required
//             "type": "compliance",     // compliance | single | multiple | integer | decimal | date | text
//             "required": true,         // default true
//             "weight": 1,              // number > 0, default 1 (used by compliance scoring)
//             "options": ["a", "b"],    // single and multiple only, and required there:
//                                       //   non-empty, unique, each [a-z0-9_]{1,64}
//             "min": 0, "max": 100,     // integer and decimal only, optional, min <= max
//                                       //   (whole numbers for integer questions)
//             "applies": {              // optional; every member optional
//               "min_level": 3,         // 1..5, default 1
//               "categories": ["d"],    // unique, each a..e; empty = any category
//               "internet_facing": true,
//               "personal_data": true } } ] } ]
//   }
//
// A key not listed is an error, so a misspelt key is never silently ignored.
// Every problem is collected as an Issue (row 0, column = JSON Pointer) before
// anything is thrown. Codes: too_large, too_deep, too_many, bad_json,
// duplicate_key, unknown_key, missing, bad_type, bad_value, duplicate_id,
// duplicate_value, not_allowed.
#include "survey/questionnaire.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "common/text.hpp"

namespace syscensus::survey {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxSections = 50;
constexpr std::size_t kMaxShownValue = 80;
constexpr std::size_t kMaxQuestionnaireId = 64;
constexpr std::size_t kMaxSectionId = 16;
constexpr std::size_t kMaxQuestionId = 32;
constexpr std::size_t kMaxOption = 64;
constexpr long long kMaxLevel = 5;

const std::vector<std::string> kFamilies = {"management", "technical"};
const std::vector<std::string> kCategories = {"a", "b", "c", "d", "e"};
constexpr QuestionType kTypes[] = {QuestionType::compliance, QuestionType::single,  QuestionType::multiple,
                                   QuestionType::integer,    QuestionType::decimal, QuestionType::date,
                                   QuestionType::text};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

common::Issue make_issue(std::string path, std::string code, std::string message, std::string hint = "") {
  common::Issue i;
  i.column = std::move(path);
  i.code = std::move(code);
  i.message = std::move(message);
  i.hint = std::move(hint);
  return i;
}

[[noreturn]] void fail(std::vector<common::Issue> issues) {
  const std::size_t n = issues.size();
  throw common::InvalidInput("questionnaire: " + std::to_string(n) + (n == 1 ? " problem" : " problems"),
                             std::move(issues));
}

// RFC 6901: '~' and '/' inside a key are escaped.
std::string pointer(const std::string& parent, std::string_view key) {
  std::string out = parent + "/";
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string pointer(const std::string& parent, std::size_t index) { return parent + "/" + std::to_string(index); }

bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_upper_or_digit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool valid_questionnaire_id(const std::string& s) {
  if (s.empty() || s.size() > kMaxQuestionnaireId || !is_lower_or_digit(s[0])) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return is_lower_or_digit(c) || c == '.' || c == '_' || c == '-'; });
}

bool valid_section_id(const std::string& s) {
  if (s.empty() || s.size() > kMaxSectionId || !(s[0] >= 'A' && s[0] <= 'Z')) return false;
  return std::all_of(s.begin(), s.end(), is_upper_or_digit);
}

bool valid_question_id(const std::string& s) {
  if (s.empty() || s.size() > kMaxQuestionId || !(s[0] >= 'A' && s[0] <= 'Z') || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.' ? s[i - 1] == '.' : !is_upper_or_digit(s[i])) return false;
  }
  return true;
}

bool valid_option(const std::string& s) {
  if (s.empty() || s.size() > kMaxOption) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_lower_or_digit(c) || c == '_'; });
}

std::optional<QuestionType> type_from_name(const std::string& name) {
  for (QuestionType t : kTypes) {
    if (type_name(t) == name) return t;
  }
  return std::nullopt;
}

std::vector<std::string> type_names() {
  std::vector<std::string> out;
  for (QuestionType t : kTypes) out.emplace_back(type_name(t));
  return out;
}

// ---- parsing with limits ---------------------------------------------------

// Thrown from the parser callback: nlohmann parses iteratively but copies,
// compares and dumps recursively, so deep input must never become a value.
struct TooDeep {
  std::string path;
};

// Follows the parser's position as a JSON Pointer, so that what the DOM
// cannot show (duplicate keys collapse into one; refused nesting) has a path.
class Tracker {
 public:
  explicit Tracker(std::size_t max_depth) : max_depth_(max_depth) {}

  bool on_event(int depth, Json::parse_event_t event, const Json& parsed) {
    using Event = Json::parse_event_t;
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        // depth = containers already open; this one would be number depth + 1.
        if (static_cast<std::size_t>(depth) >= max_depth_) throw TooDeep{element_path()};
        frames_.push_back({element_path(), event == Event::array_start, 0, {}, {}});
        break;
      case Event::key:
        frames_.back().key = parsed.get<std::string>();
        if (!frames_.back().keys.insert(frames_.back().key).second)
          issues.push_back(make_issue(element_path(), "duplicate_key", "the key appears more than once in this object",
                                      "keep only one of them"));
        break;
      case Event::object_end:
      case Event::array_end:
        frames_.pop_back();
        element_done();
        break;
      case Event::value:
        element_done();
        break;
    }
    return true;
  }

  std::vector<common::Issue> issues;

 private:
  struct Frame {
    std::string path;
    bool array = false;
    std::size_t index = 0;
    std::string key;
    std::set<std::string> keys;
  };

  std::string element_path() const {
    if (frames_.empty()) return "";
    const Frame& top = frames_.back();
    return top.array ? pointer(top.path, top.index) : pointer(top.path, top.key);
  }

  void element_done() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
  }

  std::size_t max_depth_;
  std::vector<Frame> frames_;
};

// nlohmann's what() reads "[json.exception.parse_error.101] parse error at
// line 3, column 12: syntax error ..."; the prefix is meant for programmers.
struct JsonError {
  std::string where;  // "line 3, column 12", when given
  std::string what;   // "syntax error ..."
};

JsonError json_error(const std::string& raw) {
  JsonError e{"", raw};
  if (e.what.rfind("[json.exception.", 0) == 0 && e.what.find("] ") != std::string::npos)
    e.what.erase(0, e.what.find("] ") + 2);
  if (e.what.rfind("parse error", 0) == 0) e.what.erase(0, 11);
  if (e.what.rfind(" at line ", 0) == 0 && e.what.find(": ") != std::string::npos) {
    e.where = e.what.substr(4, e.what.find(": ") - 4);
    e.what.erase(0, e.what.find(": ") + 2);
  } else if (e.what.rfind(": ", 0) == 0) {
    e.what.erase(0, 2);
  }
  // "last read" quotes raw input, which need not be UTF-8 and may hold DEL
  // (the library spells out only the controls below U+0020); messages must be
  // printable UTF-8.
  const auto last_read = e.what.find("; last read: ");
  if (last_read != std::string::npos &&
      (common::invalid_utf8_offset(e.what) || e.what.find('\x7F') != std::string::npos))
    e.what.erase(last_read);
  return e;
}

Json parse_json(std::string_view text, const QuestionnaireLimits& limits, Tracker& tracker) {
  try {
    return Json::parse(text.begin(), text.end(), [&tracker](int depth, Json::parse_event_t event, Json& parsed) {
      return tracker.on_event(depth, event, parsed);
    });
  } catch (const TooDeep& deep) {
    fail({make_issue(deep.path, "too_deep", "nesting is deeper than " + std::to_string(limits.max_depth) + " levels",
                     "a questionnaire nests 7 levels at most")});
  } catch (const Json::parse_error& e) {
    const JsonError error = json_error(e.what());
    fail({make_issue("", "bad_json",
                     "invalid JSON at byte " + std::to_string(e.byte) +
                         (error.where.empty() ? "" : " (" + error.where + ")") + ": " + error.what,
                     "check the file with a JSON validator; comments and trailing commas are not allowed")});
  } catch (const Json::exception& e) {  // e.g. a number too large for a double
    fail({make_issue("", "bad_json", "invalid JSON: " + json_error(e.what()).what)});
  }
}

std::size_t count_questions(const Json& doc) {
  std::size_t n = 0;
  if (!doc.is_object() || !doc.contains("sections") || !doc["sections"].is_array()) return 0;
  for (const Json& section : doc["sections"]) {
    if (section.is_object() && section.contains("questions") && section["questions"].is_array())
      n += section["questions"].size();
  }
  return n;
}

// ---- validation ------------------------------------------------------------

// Reads the document into a Questionnaire, collecting every problem.
class Checker {
 public:
  explicit Checker(std::vector<common::Issue> issues) : issues_(std::move(issues)) {}
  Questionnaire questionnaire(const Json& doc);
  std::vector<common::Issue>& issues() { return issues_; }

 private:
  void add(const std::string& path, std::string code, std::string message, std::string hint = "",
           const Json* value = nullptr);
  bool object(const Json& j, const std::string& path, const std::vector<std::string>& keys);
  const Json* member(const Json& obj, const std::string& path, const std::string& key, bool required);
  std::optional<std::string> string(const Json& obj, const std::string& path, const std::string& key, bool required);
  std::optional<std::string> text(const Json& obj, const std::string& path, const std::string& key, bool required);
  std::optional<long long> whole(const Json& obj, const std::string& path, const std::string& key, bool required);
  std::optional<double> number(const Json& obj, const std::string& path, const std::string& key);
  std::optional<bool> boolean(const Json& obj, const std::string& path, const std::string& key);
  std::optional<std::vector<std::string>> codes(const Json& obj, const std::string& path, const std::string& key,
                                                const std::vector<std::string>* allowed);
  void section(const Json& j, const std::string& path, Questionnaire& q);
  void question(const Json& j, const std::string& path, const std::string& section, Questionnaire& q);
  void options(const Json& j, const std::string& path, std::optional<QuestionType> type, Question& qn);
  void bounds(const Json& j, const std::string& path, std::optional<QuestionType> type, Question& qn);
  Applicability applicability(const Json& j, const std::string& path);
  void unique_id(std::map<std::string, std::string>& seen, const std::string& id, const std::string& path,
                 const std::string& what);

  std::vector<common::Issue> issues_;
  std::map<std::string, std::string> section_ids_;   // id -> where first seen
  std::map<std::string, std::string> question_ids_;  // id -> where first seen
};

void Checker::add(const std::string& path, std::string code, std::string message, std::string hint, const Json* value) {
  common::Issue i = make_issue(path, std::move(code), std::move(message), std::move(hint));
  if (value && value->is_primitive()) {
    std::string shown = value->is_string() ? value->get<std::string>() : value->dump();
    if (shown.size() <= kMaxShownValue) i.value = std::move(shown);
  }
  issues_.push_back(std::move(i));
}

bool Checker::object(const Json& j, const std::string& path, const std::vector<std::string>& keys) {
  if (!j.is_object()) {
    add(path, "bad_type", "must be an object", "", &j);
    return false;
  }
  for (const auto& [key, value] : j.items()) {
    if (!contains(keys, key)) add(pointer(path, key), "unknown_key", "unknown key", "use one of: " + join(keys));
  }
  return true;
}

const Json* Checker::member(const Json& obj, const std::string& path, const std::string& key, bool required) {
  const auto it = obj.find(key);
  if (it != obj.end()) return &*it;
  if (required) add(pointer(path, key), "missing", "required key is missing");
  return nullptr;
}

std::optional<std::string> Checker::string(const Json& obj, const std::string& path, const std::string& key,
                                           bool required) {
  const Json* v = member(obj, path, key, required);
  if (!v) return std::nullopt;
  if (v->is_string()) return v->get<std::string>();
  add(pointer(path, key), "bad_type", "must be a string", "", v);
  return std::nullopt;
}

// Human text: trimmed, NFC, not blank.
std::optional<std::string> Checker::text(const Json& obj, const std::string& path, const std::string& key,
                                         bool required) {
  auto s = string(obj, path, key, required);
  if (!s) return std::nullopt;
  std::string out = common::nfc(common::trim(*s));
  if (out.empty() && required) {
    add(pointer(path, key), "bad_value", "must not be empty");
    return std::nullopt;
  }
  return out;
}

std::optional<long long> Checker::whole(const Json& obj, const std::string& path, const std::string& key,
                                        bool required) {
  const Json* v = member(obj, path, key, required);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    add(pointer(path, key), "bad_type", "must be a whole number", "", v);
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<unsigned long long>() > LLONG_MAX) return LLONG_MAX;
  return v->get<long long>();
}

std::optional<double> Checker::number(const Json& obj, const std::string& path, const std::string& key) {
  const Json* v = member(obj, path, key, false);
  if (!v) return std::nullopt;
  if (v->is_number()) return v->get<double>();
  add(pointer(path, key), "bad_type", "must be a number", "", v);
  return std::nullopt;
}

std::optional<bool> Checker::boolean(const Json& obj, const std::string& path, const std::string& key) {
  const Json* v = member(obj, path, key, false);
  if (!v) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  add(pointer(path, key), "bad_type", "must be true or false", "", v);
  return std::nullopt;
}

// An array of unique codes: option values, or categories when `allowed` is given.
std::optional<std::vector<std::string>> Checker::codes(const Json& obj, const std::string& path, const std::string& key,
                                                       const std::vector<std::string>* allowed) {
  const Json* v = member(obj, path, key, false);
  if (!v) return std::nullopt;
  const std::string at = pointer(path, key);
  if (!v->is_array()) {
    add(at, "bad_type", "must be an array of strings", "", v);
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const Json& item = (*v)[i];
    if (!item.is_string()) {
      add(pointer(at, i), "bad_type", "must be a string", "", &item);
    } else if (allowed ? !contains(*allowed, item.get<std::string>()) : !valid_option(item.get<std::string>())) {
      add(pointer(at, i), "bad_value", allowed ? "not a category" : "not a valid option value",
          allowed ? "use some of: " + join(*allowed) : "use 1 to 64 lower-case letters, digits or _", &item);
    } else if (contains(out, item.get<std::string>())) {
      add(pointer(at, i), "duplicate_value", "listed more than once", "", &item);
    } else {
      out.push_back(item.get<std::string>());
    }
  }
  return out;
}

void Checker::unique_id(std::map<std::string, std::string>& seen, const std::string& id, const std::string& path,
                        const std::string& what) {
  const auto [it, added] = seen.emplace(id, path);
  const Json shown = id;
  if (!added) add(path, "duplicate_id", "the " + what + " id is already used at " + it->second, "", &shown);
}

Questionnaire Checker::questionnaire(const Json& doc) {
  Questionnaire q;
  if (!object(doc, "", {"id", "version", "title", "note", "sections"})) return q;
  if (auto id = string(doc, "", "id", true)) {
    if (valid_questionnaire_id(*id))
      q.id = *id;
    else
      add("/id", "bad_value", "not a valid questionnaire id",
          "use 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", &doc["id"]);
  }
  if (auto version = whole(doc, "", "version", true)) {
    if (*version >= 1 && *version <= INT_MAX)
      q.version = static_cast<int>(*version);
    else
      add("/version", "bad_value", "must be 1 or more", "", &doc["version"]);
  }
  q.title = text(doc, "", "title", true).value_or("");
  q.note = text(doc, "", "note", false).value_or("");
  const Json* sections = member(doc, "", "sections", true);
  if (!sections) return q;
  if (!sections->is_array()) {
    add("/sections", "bad_type", "must be an array", "", sections);
  } else if (sections->empty() || sections->size() > kMaxSections) {
    add("/sections", "bad_value", "must hold 1 to " + std::to_string(kMaxSections) + " sections");
  } else {
    for (std::size_t i = 0; i < sections->size(); ++i) section((*sections)[i], pointer("/sections", i), q);
  }
  return q;
}

void Checker::section(const Json& j, const std::string& path, Questionnaire& q) {
  if (!object(j, path, {"id", "family", "title", "questions"})) return;
  Section s;
  if (auto id = string(j, path, "id", true)) {
    if (valid_section_id(*id))
      unique_id(section_ids_, *id, path + "/id", "section");
    else
      add(path + "/id", "bad_value", "not a valid section id",
          "use 1 to 16 upper-case letters or digits, starting with a letter", &j["id"]);
    s.id = *id;
  }
  if (auto family = string(j, path, "family", true)) {
    if (contains(kFamilies, *family))
      s.family = *family;
    else
      add(path + "/family", "bad_value", "not a family", "use one of: " + join(kFamilies), &j["family"]);
  }
  s.title = text(j, path, "title", true).value_or("");
  q.sections.push_back(s);
  const Json* questions = member(j, path, "questions", true);
  if (!questions) return;
  if (!questions->is_array()) {
    add(path + "/questions", "bad_type", "must be an array", "", questions);
    return;
  }
  for (std::size_t i = 0; i < questions->size(); ++i)
    question((*questions)[i], pointer(path + "/questions", i), s.id, q);
}

void Checker::question(const Json& j, const std::string& path, const std::string& section, Questionnaire& q) {
  if (!object(j, path, {"id", "text", "type", "required", "weight", "options", "min", "max", "applies"})) return;
  Question qn;
  qn.section = section;
  if (auto id = string(j, path, "id", true)) {
    if (valid_question_id(*id))
      unique_id(question_ids_, *id, path + "/id", "question");
    else
      add(path + "/id", "bad_value", "not a valid question id",
          "use upper-case letters and digits in dot-separated parts, e.g. NET.03 (32 characters at most)", &j["id"]);
    qn.id = *id;
  }
  qn.text = text(j, path, "text", true).value_or("");
  std::optional<QuestionType> type;
  if (auto name = string(j, path, "type", true)) {
    type = type_from_name(*name);
    if (!type) add(path + "/type", "bad_value", "not a question type", "use one of: " + join(type_names()), &j["type"]);
  }
  qn.type = type.value_or(QuestionType::compliance);
  qn.required = boolean(j, path, "required").value_or(true);
  if (auto weight = number(j, path, "weight")) {
    if (*weight > 0)
      qn.weight = *weight;
    else
      add(path + "/weight", "bad_value", "must be greater than 0", "", &j["weight"]);
  }
  options(j, path, type, qn);
  bounds(j, path, type, qn);
  if (const Json* applies = member(j, path, "applies", false)) qn.applies = applicability(*applies, path + "/applies");
  q.questions.push_back(std::move(qn));
}

void Checker::options(const Json& j, const std::string& path, std::optional<QuestionType> type, Question& qn) {
  const bool choice = type == QuestionType::single || type == QuestionType::multiple;
  auto options = codes(j, path, "options", nullptr);
  if (options) qn.options = *options;
  if (!type) return;  // the type is already reported; which rule applies is unknown
  if (choice && !j.contains("options")) {
    add(path + "/options", "missing", "required for single and multiple questions");
  } else if (choice && options && j["options"].empty()) {
    add(path + "/options", "bad_value", "must list at least one option");
  } else if (!choice && j.contains("options")) {
    add(path + "/options", "not_allowed", "only single and multiple questions have options");
  }
}

void Checker::bounds(const Json& j, const std::string& path, std::optional<QuestionType> type, Question& qn) {
  const bool numeric = type == QuestionType::integer || type == QuestionType::decimal;
  qn.min = number(j, path, "min");
  qn.max = number(j, path, "max");
  auto check = [&](const std::string& key, const std::optional<double>& bound) {
    if (!bound) return;
    if (type && !numeric) {
      add(path + "/" + key, "not_allowed", "only integer and decimal questions have bounds", "", &j[key]);
    } else if (type == QuestionType::integer && std::floor(*bound) != *bound) {
      add(path + "/" + key, "bad_value", "must be a whole number for an integer question", "", &j[key]);
    }
  };
  check("min", qn.min);
  check("max", qn.max);
  if (qn.min && qn.max && *qn.min > *qn.max)
    add(path + "/max", "bad_value", "max is less than min", "make min less than or equal to max", &j["max"]);
}

Applicability Checker::applicability(const Json& j, const std::string& path) {
  Applicability a;
  if (!object(j, path, {"min_level", "categories", "internet_facing", "personal_data"})) return a;
  if (auto level = whole(j, path, "min_level", false)) {
    if (*level >= 1 && *level <= kMaxLevel)
      a.min_level = static_cast<int>(*level);
    else
      add(path + "/min_level", "bad_value", "must be between 1 and 5", "", &j["min_level"]);
  }
  a.categories = codes(j, path, "categories", &kCategories).value_or(std::vector<std::string>{});
  a.internet_facing = boolean(j, path, "internet_facing");
  a.personal_data = boolean(j, path, "personal_data");
  return a;
}

// Whole numbers are written without ".0", so canonical files read like hand-written ones.
Json number_json(double x) {
  if (std::floor(x) == x && std::fabs(x) < 9e15) return static_cast<long long>(x);
  return x;
}

Json question_json(const Question& q) {
  Json j = Json::object();
  j["id"] = q.id;
  j["text"] = q.text;
  j["type"] = type_name(q.type);
  j["required"] = q.required;
  j["weight"] = number_json(q.weight);
  if (q.type == QuestionType::single || q.type == QuestionType::multiple) j["options"] = q.options;
  if (q.min) j["min"] = number_json(*q.min);
  if (q.max) j["max"] = number_json(*q.max);
  Json applies = Json::object();
  applies["min_level"] = q.applies.min_level;
  applies["categories"] = q.applies.categories;
  if (q.applies.internet_facing) applies["internet_facing"] = *q.applies.internet_facing;
  if (q.applies.personal_data) applies["personal_data"] = *q.applies.personal_data;
  j["applies"] = std::move(applies);
  return j;
}

}  // namespace

Questionnaire parse_questionnaire(std::string_view json, const QuestionnaireLimits& limits) {
  if (json.size() > limits.max_bytes)
    fail({make_issue("", "too_large", "the file is larger than " + std::to_string(limits.max_bytes) + " bytes")});
  Tracker tracker(limits.max_depth);
  const Json doc = parse_json(json, limits, tracker);
  if (count_questions(doc) > limits.max_questions)
    fail({make_issue("/sections", "too_many",
                     "the questionnaire has more than " + std::to_string(limits.max_questions) + " questions")});
  Checker checker(std::move(tracker.issues));
  Questionnaire q = checker.questionnaire(doc);
  if (!checker.issues().empty()) fail(std::move(checker.issues()));
  return q;
}

std::string questionnaire_json(const Questionnaire& questionnaire) {
  Json out = Json::object();
  out["id"] = questionnaire.id;
  out["version"] = questionnaire.version;
  out["title"] = questionnaire.title;
  out["note"] = questionnaire.note;
  Json sections = Json::array();
  std::size_t written = 0;
  for (const Section& s : questionnaire.sections) {
    Json questions = Json::array();
    for (const Question& q : questionnaire.questions) {
      if (q.section == s.id) questions.push_back(question_json(q));
    }
    written += questions.size();
    sections.push_back(
        Json{{"id", s.id}, {"family", s.family}, {"title", s.title}, {"questions", std::move(questions)}});
  }
  if (written != questionnaire.questions.size())
    throw std::invalid_argument("questionnaire_json: a question belongs to no section of " + questionnaire.key());
  out["sections"] = std::move(sections);
  return out.dump();
}

}  // namespace syscensus::survey
