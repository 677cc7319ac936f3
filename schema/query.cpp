#include "schema/query.hpp"

#include <soci/soci.h>

namespace syscensus::schema {
namespace {

// Binds copies of the parameters: SOCI keeps references until execution.
void bind_params(soci::statement& st, std::vector<Param>& params) {
  for (Param& p : params) {
    if (auto* text = std::get_if<std::string>(&p.value)) {
      st.exchange(soci::use(*text, p.name));
    } else {
      st.exchange(soci::use(std::get<long long>(p.value), p.name));
    }
  }
}

}  // namespace

// Each statement here runs once: a one-time query is one round trip on PostgreSQL
// (PQexecParams), where a repeatable one is three (PREPARE, EXECUTE, DEALLOCATE).

void for_each_row(soci::session& session, const std::string& sql, std::size_t columns,
                  const std::vector<Param>& params, const std::function<void(const Row&)>& on_row) {
  std::vector<Param> bound = params;
  std::vector<std::string> values(columns);
  std::vector<soci::indicator> indicators(columns, soci::i_ok);
  soci::statement st(session);
  for (std::size_t i = 0; i < columns; ++i) st.exchange(soci::into(values[i], indicators[i]));
  bind_params(st, bound);
  st.alloc();
  st.prepare(sql, soci::details::st_one_time_query);
  st.define_and_bind();
  Row row(columns);
  bool more = st.execute(true);
  while (more) {
    for (std::size_t i = 0; i < columns; ++i) {
      if (indicators[i] == soci::i_null) {
        row[i].reset();
      } else {
        row[i] = values[i];
      }
    }
    on_row(row);
    more = st.fetch();
  }
}

std::vector<Row> fetch_rows(soci::session& session, const std::string& sql, std::size_t columns,
                            const std::vector<Param>& params) {
  std::vector<Row> rows;
  for_each_row(session, sql, columns, params, [&rows](const Row& row) { rows.push_back(row); });
  return rows;
}

std::string contains_pattern(const std::string& text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

void execute(soci::session& session, const std::string& sql, const std::vector<Param>& params) {
  std::vector<Param> bound = params;
  soci::statement st(session);
  bind_params(st, bound);
  st.alloc();
  st.prepare(sql, soci::details::st_one_time_query);
  st.define_and_bind();
  st.execute(true);
}

}  // namespace syscensus::schema
