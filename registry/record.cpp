#include "registry/record.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "common/csv.hpp"
#include "common/date.hpp"
#include "common/text.hpp"

namespace syscensus::registry {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

common::Issue issue(std::string code, std::string message, std::string hint = "") {
  common::Issue i;
  i.code = std::move(code);
  i.message = std::move(message);
  i.hint = std::move(hint);
  return i;
}

// Lower-cases ASCII and maps '-' and ' ' to '_', so "On-premises" matches on_premises.
std::string choice_form(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if (c == '-' || c == ' ') c = '_';
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

CellResult parse_choice(const FieldSpec& f, std::string_view raw) {
  const std::string form = choice_form(raw);
  if (std::find(f.choices.begin(), f.choices.end(), form) != f.choices.end()) return {form, {}};
  return {{}, issue("bad_choice", "not a valid " + f.name, "use one of: " + join(f.choices, ", "))};
}

CellResult parse_choices(const FieldSpec& f, std::string_view raw) {
  std::vector<bool> chosen(f.choices.size(), false);
  std::string item;
  auto take = [&]() -> std::optional<common::Issue> {
    const std::string form = choice_form(common::trim(item));
    item.clear();
    if (form.empty()) return {};
    auto it = std::find(f.choices.begin(), f.choices.end(), form);
    if (it == f.choices.end())
      return issue("bad_choice", "\"" + form + "\" is not a valid " + f.name,
                   "use some of: " + join(f.choices, ", ") + ", separated by |");
    chosen[static_cast<std::size_t>(it - f.choices.begin())] = true;
    return {};
  };
  for (char c : raw) {
    if (c == '|' || c == ';' || c == ',') {
      if (auto bad = take()) return {{}, bad};
    } else {
      item += c;
    }
  }
  if (auto bad = take()) return {{}, bad};
  std::vector<std::string> canonical;  // in spec order, so equal sets compare equal
  for (std::size_t i = 0; i < chosen.size(); ++i)
    if (chosen[i]) canonical.push_back(f.choices[i]);
  if (canonical.empty()) return {};
  return {join(canonical, "|"), {}};
}

CellResult parse_integer(const FieldSpec& f, std::string_view raw) {
  long long n = 0;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), n);
  if (ec == std::errc::result_out_of_range)
    return {{}, issue("out_of_range", f.name + " is too large")};
  if (ec != std::errc() || end != raw.data() + raw.size())
    return {{}, issue("bad_integer", "not a whole number", "write digits only, without separators or spaces")};
  if (n < f.min || n > f.max)
    return {{}, issue("out_of_range", f.name + " must be between " + std::to_string(f.min) + " and " +
                                          std::to_string(f.max))};
  return {std::to_string(n), {}};
}

CellResult parse_boolean(std::string_view raw) {
  const std::string form = common::search_key(raw);  // accepts Có / KHÔNG / co
  static const std::vector<std::string> yes = {"yes", "y", "true", "1", "co", "x"};
  static const std::vector<std::string> no = {"no", "n", "false", "0", "khong"};
  if (std::find(yes.begin(), yes.end(), form) != yes.end()) return {"1", {}};
  if (std::find(no.begin(), no.end(), form) != no.end()) return {"0", {}};
  return {{}, issue("bad_boolean", "not yes or no", "use yes or no")};
}

// True when `text` is well-formed UTF-8 made only of code points below U+0300
// or in U+1E00-U+1EFF (Latin Extended Additional, where Vietnamese precomposed
// letters live): none of them is a combining mark or composes with its
// neighbour, so such text is already NFC (the Unicode quick check answers yes).
// Spares the normaliser for nearly every cell of a Vietnamese file.
bool already_nfc(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
    } else if (c >= 0xC2 && c <= 0xCB) {  // U+0080-U+02FF
      if (end - p < 2 || (p[1] & 0xC0) != 0x80) return false;
      p += 2;
    } else if (c == 0xE1 && end - p >= 3 && (p[1] == 0xB8 || p[1] == 0xB9 || p[1] == 0xBA || p[1] == 0xBB) &&
               (p[2] & 0xC0) == 0x80) {  // U+1E00-U+1EFF
      p += 3;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

// Quote, backslash and control characters escaped, everything else copied, in
// runs (record values are checked UTF-8 before they get here).
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.substr(run, i - run));
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        static const char* hex = "0123456789abcdef";
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
      }
    }
  }
  out.append(text.substr(run));
  out += '"';
}

std::string search_key(std::string_view text) {
  // Folded form of U+0080-U+02FF (index cp - 0x80) and U+1E00-U+1EFF (index
  // cp - 0x1E00 + 0x280); empty when the letter must take the slow path (it
  // folds to nothing, e.g. a space, or to something that is not ASCII).
  static const std::vector<std::string> table = [] {
    std::vector<std::string> t(0x280 + 0x100);
    auto fill = [&t](char32_t cp, std::size_t index) {
      std::string utf8;
      if (cp < 0x800) {
        utf8 = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
      } else {
        utf8 = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                static_cast<char>(0x80 | (cp & 0x3F))};
      }
      std::string folded = common::search_key(utf8);
      const bool ascii = std::all_of(folded.begin(), folded.end(), [](char c) { return (c & 0x80) == 0; });
      if (ascii) t[index] = std::move(folded);
    };
    for (char32_t cp = 0x80; cp < 0x300; ++cp) fill(cp, cp - 0x80);
    for (char32_t cp = 0x1E00; cp < 0x1F00; ++cp) fill(cp, cp - 0x1E00 + 0x280);
    return t;
  }();
  std::string ascii;
  ascii.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const std::string* folded = nullptr;
    if (*p < 0x80) {
      ascii += static_cast<char>(*p++);
      continue;
    }
    if (*p >= 0xC2 && *p <= 0xCB && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
      folded = &table[(((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu)) - 0x80];
      p += 2;
    } else if (*p == 0xE1 && end - p >= 3 && p[1] >= 0xB8 && p[1] <= 0xBB && (p[2] & 0xC0) == 0x80) {
      folded = &table[(((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu)) - 0xE00 + 0x280];
      p += 3;
    }
    if (folded == nullptr || folded->empty()) return common::search_key(text);
    ascii += *folded;
  }
  // Folding letter by letter gives what folding the whole text gives: in this
  // range nothing composes across letters once marks are stripped; spaces and
  // case are then handled by common::search_key's ASCII path.
  return common::search_key(ascii);
}

std::size_t RecordSpec::index(std::string_view name) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return i;
  throw std::out_of_range("no field " + std::string(name) + " in " + kind);
}

CellResult parse_cell(const FieldSpec& field, std::string_view raw) {
  const std::string_view trimmed = common::trim(raw);
  if (trimmed.empty()) return {};
  std::string text = already_nfc(trimmed) ? std::string(trimmed) : common::nfc(trimmed);
  // Undo the apostrophe CSV exports put before formula-like cells, and before
  // cells that already start with apostrophes and a formula, so an export
  // imports back unchanged.
  if (text[0] == '\'') {
    const auto start = text.find_first_not_of('\'');
    if (start != std::string::npos && common::looks_like_formula(text.substr(start))) text.erase(0, 1);
  }
  if (text.size() > field.max_length)
    return {{}, issue("too_long", field.name + " is longer than " + std::to_string(field.max_length) + " bytes")};
  switch (field.type) {
    case FieldType::text:
      return {text, {}};
    case FieldType::code:
      if (auto bad = field.check_code(text)) return {{}, issue("bad_code", *bad)};
      return {text, {}};
    case FieldType::choice:
      return parse_choice(field, text);
    case FieldType::choices:
      return parse_choices(field, text);
    case FieldType::date:
      if (auto iso = common::parse_date(text)) return {*iso, {}};
      return {{}, issue("bad_date", "not a valid date", "write YYYY-MM-DD or DD/MM/YYYY (day first)")};
    case FieldType::integer:
      return parse_integer(field, text);
    case FieldType::boolean:
      return parse_boolean(text);
  }
  return {};
}

std::string record_json(const RecordSpec& spec, const Record& record) {
  // Written directly rather than through an ordered_json object: this runs for
  // every created or updated row of an import, and building the object showed
  // up as a quarter of the import time. Strings are escaped as nlohmann would.
  std::string out = "{";
  for (std::size_t i = 0; i < spec.fields.size(); ++i) {
    const FieldSpec& f = spec.fields[i];
    const auto& v = record[i];
    out += (i == 0 ? "\"" : ",\"") + f.name + "\":";
    if (!v) {
      out += f.type == FieldType::choices ? "[]" : "null";
    } else if (f.type == FieldType::integer) {
      out += *v;  // canonical decimal digits
    } else if (f.type == FieldType::boolean) {
      out += *v == "1" ? "true" : "false";
    } else if (f.type == FieldType::choices) {
      out += "[\"";
      for (char c : *v) out += c == '|' ? std::string("\",\"") : std::string(1, c);  // choice names need no escaping
      out += "\"]";
    } else {
      append_json_string(out, *v);
    }
  }
  return out + "}";
}

}  // namespace syscensus::registry
