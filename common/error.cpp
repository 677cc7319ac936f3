#include "common/error.hpp"

#include <utf8proc.h>

#include <cstdio>

namespace syscensus::common {
namespace {

constexpr std::size_t kMaxValueBytes = 80;

// Cut at a code point boundary so the message stays valid UTF-8.
std::size_t cut_point(const std::string& value) {
  if (value.size() <= kMaxValueBytes) return value.size();
  std::size_t cut = kMaxValueBytes;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

void append_hex(std::string& out, unsigned char byte) {
  char buf[5];
  std::snprintf(buf, sizeof buf, "\\x%02X", byte);
  out += buf;
}

// Characters a reader cannot see in a message: C1 controls, no-break and
// zero-width spaces, the byte-order mark.
bool invisible(utf8proc_int32_t cp) {
  return (cp >= 0x80 && cp <= 0xA0) || cp == 0xFEFF || (cp >= 0x200B && cp <= 0x200F) || cp == 0x2060;
}

// Control characters and bytes that are not UTF-8 would garble a terminal, so
// they are shown as escapes; so is '"' inside a quoted value.
std::string escaped(const std::string& value, std::size_t end, bool in_quotes) {
  std::string out;
  for (std::size_t i = 0; i < end;) {
    const auto byte = static_cast<unsigned char>(value[i]);
    if (byte >= 0x80) {
      utf8proc_int32_t cp = 0;
      const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(value.data() + i);
      const auto len = utf8proc_iterate(p, static_cast<utf8proc_ssize_t>(end - i), &cp);
      if (len > 0 && invisible(cp)) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
        out += buf;
        i += static_cast<std::size_t>(len);
        continue;
      }
      if (len > 0) {
        out.append(value, i, static_cast<std::size_t>(len));
        i += static_cast<std::size_t>(len);
        continue;
      }
      append_hex(out, byte);
    } else if (byte == '"' && in_quotes) {
      out += "\\\"";
    } else if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\r') {
      out += "\\r";
    } else if (byte == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      append_hex(out, byte);
    } else {
      out += static_cast<char>(byte);
    }
    ++i;
  }
  return out;
}

}  // namespace

std::string quoted_value(const std::string& value) {
  const std::size_t end = cut_point(value);
  return "\"" + escaped(value, end, true) + (end < value.size() ? "…" : "") + "\"";
}

std::string format_issue(const std::string& file, const Issue& issue) {
  std::string out = file;
  if (issue.row > 0) {
    out += ':' + std::to_string(issue.row);
    if (issue.col > 0) out += ':' + std::to_string(issue.col);
  }
  out += ": ";
  if (!issue.column.empty()) {
    // A column name comes from the file's header (or a JSON key) as it is.
    out += escaped(issue.column, issue.column.size(), false);
    out += issue.value ? " " : ": ";
  }
  if (issue.value) out += quoted_value(*issue.value) + ": ";
  out += issue.message;
  if (!issue.hint.empty()) out += "; " + issue.hint;
  return out;
}

std::string refusal_message(const std::string& source, std::size_t problems, std::size_t stopped_after,
                            const std::string& outcome) {
  std::string out = source + ": " + std::to_string(problems) + (problems == 1 ? " problem" : " problems");
  if (stopped_after != 0)
    out += " up to row " + std::to_string(stopped_after) + ", where checking stopped (it stops at " +
           std::to_string(kMaxIssues) + " problems)";
  return out + "; nothing was " + outcome;
}

}  // namespace syscensus::common
