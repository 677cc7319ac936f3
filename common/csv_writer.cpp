#include "common/csv.hpp"

#include <string>

namespace syscensus::common {
namespace {

// Edge spaces are quoted because many readers trim unquoted values.
bool needs_quotes(const std::string& cell, char delimiter) {
  if (cell.find_first_of(std::string{delimiter, '"', '\r', '\n'}) != std::string::npos) {
    return true;
  }
  return !cell.empty() && (cell.front() == ' ' || cell.back() == ' ');
}

// Imports drop one apostrophe before a formula-like cell (registry's
// parse_cell). So a cell that is already apostrophes and then a formula gets
// one more too: otherwise "'=1" would be written as it is and come back "=1".
bool needs_apostrophe(const std::string& cell) {
  const auto start = cell.find_first_not_of('\'');
  return start != std::string::npos && looks_like_formula(cell.substr(start));
}

}  // namespace

bool looks_like_formula(const std::string& cell) {
  if (cell.empty()) return false;
  const char c = cell.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

CsvWriter::CsvWriter(std::ostream& out, char delimiter) : out_(out), delimiter_(delimiter) {}

void CsvWriter::write_row(const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out_ << delimiter_;
    const std::string cell = needs_apostrophe(cells[i]) ? "'" + cells[i] : cells[i];
    if (!needs_quotes(cell, delimiter_)) {
      out_ << cell;
      continue;
    }
    out_ << '"';
    for (char c : cell) {
      if (c == '"') out_ << '"';
      out_ << c;
    }
    out_ << '"';
  }
  out_ << "\r\n";
}

}  // namespace syscensus::common
