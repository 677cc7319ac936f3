#include "cli/output.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "common/csv.hpp"
#include "common/error.hpp"
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

void render_json(const Table& table, std::ostream& out) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : table.rows) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < table.columns.size(); ++i) object[table.columns[i].name] = typed(table.columns[i], row[i]);
    rows.push_back(std::move(object));
  }
  out << rows.dump(2) << '\n';
}

void render_csv(const Table& table, std::ostream& out) {
  common::CsvWriter writer(out);
  std::vector<std::string> cells;
  for (const Column& c : table.columns)
    if (c.in_csv) cells.push_back(c.name);
  writer.write_row(cells);
  for (const auto& row : table.rows) {
    cells.clear();
    for (std::size_t i = 0; i < row.size(); ++i)
      if (table.columns[i].in_csv) cells.push_back(row[i].value_or(""));
    writer.write_row(cells);
  }
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

}  // namespace

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
  switch (format) {
    case Format::json: render_json(table, out); break;
    case Format::csv: render_csv(table, out); break;
    case Format::table: render_table(table, out, width); break;
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
