#include "cli/output.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>

#include "common/csv.hpp"
#include "common/error.hpp"
#include "common/fault.hpp"
#include "common/text.hpp"

namespace syscensus::cli {
namespace {

nlohmann::ordered_json typed(const Column& column, const std::optional<std::string>& cell) {
  if (!cell) return column.type == Column::Type::list ? nlohmann::ordered_json::array() : nullptr;
  switch (column.type) {
    case Column::Type::integer: return std::stoll(*cell);
    case Column::Type::number: return std::stod(*cell);
    case Column::Type::boolean: return *cell == "1";
    case Column::Type::list: {
      nlohmann::ordered_json items = nlohmann::ordered_json::array();
      std::size_t start = 0;
      for (std::size_t bar; (bar = cell->find('|', start)) != std::string::npos; start = bar + 1)
        items.push_back(cell->substr(start, bar - start));
      items.push_back(cell->substr(start));
      return items;
    }
    case Column::Type::json: return nlohmann::ordered_json::parse(*cell);
    case Column::Type::text: break;
  }
  return *cell;
}

// One row as a JSON object, laid out as it is inside an array that dump(2) writes.
std::string json_row(const std::vector<Column>& columns, const std::vector<std::optional<std::string>>& row) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < columns.size(); ++i) object[columns[i].name] = typed(columns[i], row[i]);
  const std::string text = object.dump(2);
  std::string indented = "  ";
  indented.reserve(text.size() + text.size() / 8);
  for (const char c : text) {  // newlines in strings are escaped, so each one here starts a line
    indented += c;
    if (c == '\n') indented += "  ";
  }
  return indented;
}

void csv_row(const std::vector<Column>& columns, const std::vector<std::optional<std::string>>& row,
             std::vector<std::string>& cells, std::ostream& out) {
  cells.clear();
  for (std::size_t i = 0; i < row.size(); ++i)
    if (columns[i].in_csv) cells.push_back(row[i].value_or(""));
  common::CsvWriter(out).write_row(cells);
}

std::string shown(const Column& column, const std::optional<std::string>& cell) {
  if (!cell) return "";
  if (column.type == Column::Type::boolean) return *cell == "1" ? "yes" : "no";
  return *cell;
}

// Narrows the widest columns until the row fits, never below 8 columns wide.
void fit(std::vector<std::size_t>& widths, std::size_t limit) {
  const std::size_t gaps = widths.empty() ? 0 : 2 * (widths.size() - 1);
  auto total = [&] { std::size_t t = gaps; for (auto w : widths) t += w; return t; };
  while (limit > 0 && total() > limit) {
    auto widest = std::max_element(widths.begin(), widths.end());
    if (*widest <= 8) break;
    --*widest;
  }
}

void render_table(const Table& table, std::ostream& out, std::size_t width) {
  std::vector<std::size_t> visible;
  for (std::size_t i = 0; i < table.columns.size(); ++i)
    if (table.columns[i].in_table) visible.push_back(i);
  std::vector<std::size_t> widths;
  for (std::size_t i : visible) {
    std::size_t w = common::display_width(table.columns[i].name);
    for (const auto& row : table.rows) w = std::max(w, common::display_width(shown(table.columns[i], row[i])));
    widths.push_back(w);
  }
  fit(widths, width);
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t k = 0; k < cells.size(); ++k) {
      const std::string cell = common::fit_width(cells[k], widths[k]);
      text += cell;
      if (k + 1 < cells.size()) text += std::string(widths[k] - common::display_width(cell) + 2, ' ');
    }
    out << text << '\n';
  };
  std::vector<std::string> cells;
  for (std::size_t i : visible) cells.push_back(table.columns[i].name);
  line(cells);
  for (std::size_t k = 0; k < visible.size(); ++k) cells[k] = std::string(widths[k], '-');
  line(cells);
  for (const auto& row : table.rows) {
    for (std::size_t k = 0; k < visible.size(); ++k) cells[k] = shown(table.columns[visible[k]], row[visible[k]]);
    line(cells);
  }
}

[[noreturn]] void cannot_write(const std::string& what, int error) {
  throw common::StorageError("cannot write " + what + ": " + std::strerror(error));
}

// Writes everything or returns the errno of the failure (0 on success).
int write_all(int fd, std::string_view content) {
  constexpr std::size_t kChunk = 64 * 1024;
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), std::min(content.size(), kChunk));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    content.remove_prefix(static_cast<std::size_t>(n));
    // Test facility: the disk full after the Nth chunk (SYSCENSUS_FAULT=export.write[:N]).
    if (common::fault_fails("export.write")) return ENOSPC;
  }
  return 0;
}

void write_special(const std::string& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) cannot_write(path, errno);
  const int error = write_all(fd, content);
  const int closed = ::close(fd) == 0 ? 0 : errno;
  if (error != 0 || closed != 0) cannot_write(path, error != 0 ? error : closed);
}

// Standard output straight to write(2), remembering the first error: stdio
// loses the cause (errno) long before the program ends.
class StdoutBuffer final : public std::streambuf {
 public:
  StdoutBuffer() { setp(buffer_, buffer_ + sizeof buffer_); }
  int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override {
    if (sync() != 0) return traits_type::eof();
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
    return c;
  }
  int sync() override {
    const std::string_view pending(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(buffer_, buffer_ + sizeof buffer_);
    if (pending.empty() || error_ != 0) return error_ == 0 ? 0 : -1;
    error_ = write_all(STDOUT_FILENO, pending);
    return error_ == 0 ? 0 : -1;
  }

 private:
  char buffer_[64 * 1024];
  int error_ = 0;
};

// Never destroyed: std::cout is flushed at exit, after static destructors run.
StdoutBuffer& stdout_buffer() {
  static auto* buffer = new StdoutBuffer;
  return *buffer;
}

}  // namespace

void write_output_file(const std::string& path, std::string_view content) {
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0 && !S_ISREG(status.st_mode)) return write_special(path, content);
  std::string temporary = path + ".XXXXXX";
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) cannot_write(path, errno);
  // mkstemp makes the file private (0600); give it the mode a new file would get.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  int error = ::fchmod(fd, 0666 & ~mask) == 0 ? 0 : errno;
  if (error == 0) error = write_all(fd, content);
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  // Test facility: a crash with the whole file written but not yet in place.
  if (error == 0) common::fault_point("export.rename");
  if (error == 0 && std::rename(temporary.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temporary.c_str());
    cannot_write(path, error);
  }
}

void capture_standard_output() { std::cout.rdbuf(&stdout_buffer()); }

void finish_standard_output() {
  std::cout.flush();
  const int error = stdout_buffer().error();
  if (error != 0) cannot_write("standard output", error);
}

Table vertical(const Table& single_row) {
  Table out{{{"field"}, {"value"}}, {}};
  for (std::size_t i = 0; i < single_row.columns.size() && !single_row.rows.empty(); ++i) {
    const auto& cell = single_row.rows.front()[i];
    out.rows.push_back({single_row.columns[i].name, cell ? std::optional(shown(single_row.columns[i], cell)) : cell});
  }
  return out;
}

Format parse_format(const std::string& name) {
  if (name == "table") return Format::table;
  if (name == "csv") return Format::csv;
  if (name == "json") return Format::json;
  throw common::InvalidInput("unknown format \"" + name + "\"; use table, csv or json");
}

void render(const Table& table, Format format, std::ostream& out, std::size_t width) {
  if (format == Format::table) return render_table(table, out, width);
  TableWriter writer(table.columns, format, out);
  for (const auto& row : table.rows) writer.row(row);
  writer.finish();
}

TableWriter::TableWriter(std::vector<Column> columns, Format format, std::ostream& out, std::size_t width)
    : held_{std::move(columns), {}}, format_(format), out_(out), width_(width) {}

// The CSV header goes out with the first row or at the end, so that a command
// that fails before its first row (a bad filter) writes nothing.
void TableWriter::csv_header() {
  for (const Column& c : held_.columns)
    if (c.in_csv) cells_.push_back(c.name);
  common::CsvWriter(out_).write_row(cells_);
}

void TableWriter::row(std::vector<std::optional<std::string>> cells) {
  if (format_ == Format::csv && rows_ == 0) csv_header();
  switch (format_) {
    case Format::csv: csv_row(held_.columns, cells, cells_, out_); break;
    case Format::json: out_ << (rows_ == 0 ? "[\n" : ",\n") << json_row(held_.columns, cells); break;
    case Format::table:
      for (std::size_t i = 0; i < cells.size(); ++i)
        if (!held_.columns[i].in_table) cells[i].reset();
      held_.rows.push_back(std::move(cells));
      break;
  }
  ++rows_;
}

void TableWriter::finish() {
  switch (format_) {
    case Format::csv:
      if (rows_ == 0) csv_header();
      break;
    case Format::json: out_ << (rows_ == 0 ? "[]\n" : "\n]\n"); break;
    case Format::table: render_table(held_, out_, width_); break;
  }
}

std::size_t terminal_width() {
  winsize size{};
  if (isatty(STDOUT_FILENO) != 0 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) return size.ws_col;
  // Not a terminal: no limit, unless COLUMNS asks for one (e.g. output captured by a script).
  const char* columns = std::getenv("COLUMNS");
  return columns != nullptr ? std::strtoul(columns, nullptr, 10) : 0;
}

}  // namespace syscensus::cli
