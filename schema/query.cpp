#include "schema/query.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <atomic>
#include <map>
#include <memory>

#include "schema/database.hpp"

namespace syscensus::schema {
namespace {

// A statement with the values it binds (SOCI keeps references to them until it runs) and
// the buffers its rows are read into.
struct Bound {
  std::vector<Param> params;  // never resized after binding
  std::vector<std::string> values;
  std::vector<soci::indicator> indicators;
  soci::statement statement;

  Bound(soci::session& session, const std::string& sql, std::size_t columns, const std::vector<Param>& with,
        soci::details::statement_type type)
      : params(with), values(columns), indicators(columns, soci::i_ok), statement(session) {
    for (std::size_t i = 0; i < columns; ++i) statement.exchange(soci::into(values[i], indicators[i]));
    for (Param& p : params) {
      if (auto* text = std::get_if<std::string>(&p.value)) {
        statement.exchange(soci::use(*text, p.name));
      } else {
        statement.exchange(soci::use(std::get<long long>(p.value), p.name));
      }
    }
    statement.alloc();
    statement.prepare(sql, type);
    statement.define_and_bind();
  }

  // Runs the statement and hands each row to on_row.
  void run(const std::function<void(const Row&)>& on_row) {
    Row row(values.size());
    bool more = statement.execute(true);
    while (more) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (indicators[i] == soci::i_null) {
          row[i].reset();
        } else {
          row[i] = values[i];
        }
      }
      on_row(row);
      more = statement.fetch();
    }
  }
};

}  // namespace

class StatementCache {
 public:
  static constexpr std::size_t kMax = 64;
  std::map<std::string, std::unique_ptr<Bound>> statements;  // by SQL and parameter names and types
};

void StatementCacheDeleter::operator()(StatementCache* cache) const { delete cache; }

// A one-time query is one round trip on PostgreSQL (PQexecParams), where a
// statement prepared for one run would be three (PREPARE, EXECUTE, DEALLOCATE).
void for_each_row(soci::session& session, const std::string& sql, std::size_t columns,
                  const std::vector<Param>& params, const std::function<void(const Row&)>& on_row) {
  Bound(session, sql, columns, params, soci::details::st_one_time_query).run(on_row);
}

void for_each_row_prepared(Database& db, const std::string& sql, std::size_t columns, const std::vector<Param>& params,
                           const std::function<void(const Row&)>& on_row) {
  auto& cache = db.statement_cache();
  if (!cache) cache.reset(new StatementCache);
  std::string key;
  for (const Param& p : params) key += p.name + (std::holds_alternative<std::string>(p.value) ? ":s," : ":i,");
  key += '\n' + sql;
  auto found = cache->statements.find(key);
  try {
    if (found == cache->statements.end()) {
      if (cache->statements.size() >= StatementCache::kMax) cache->statements.clear();
      auto made = std::make_unique<Bound>(db.session(), sql, columns, params, soci::details::st_repeatable_query);
      found = cache->statements.emplace(key, std::move(made)).first;
    } else {
      // The same names and types in the same order (they are in the key): new values
      // go where the statement reads them.
      for (std::size_t i = 0; i < params.size(); ++i) found->second->params[i].value = params[i].value;
    }
    found->second->run(on_row);
  } catch (...) {
    // A statement that failed, or whose rows were left half read, is not run again.
    if (found != cache->statements.end()) cache->statements.erase(found);
    throw;
  }
}

void for_each_row_batched(Database& db, const std::string& sql, std::size_t columns, const std::vector<Param>& params,
                          const std::function<void(const Row&)>& on_row, long long limit) {
  constexpr int kBatchRows = 1000;
  if (db.dialect() != Dialect::postgresql || (limit > 0 && limit <= kBatchRows))
    return for_each_row(db.session(), sql, columns, params, on_row);
  soci::session& session = db.session();
  PGconn* conn = static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
  const bool own = PQtransactionStatus(conn) == PQTRANS_IDLE;
  // Unique per process: on_row may itself read through a cursor on the same connection.
  static std::atomic<unsigned long> opened{0};
  const std::string cursor = "syscensus_rows_" + std::to_string(++opened);
  const std::string fetch = "FETCH " + std::to_string(kBatchRows) + " FROM " + cursor;
  if (own) execute(session, "BEGIN READ ONLY");
  try {
    execute(session, "DECLARE " + cursor + " NO SCROLL CURSOR FOR " + sql, params);
    for (int fetched = kBatchRows; fetched == kBatchRows;) {
      fetched = 0;
      for_each_row(session, fetch, columns, {}, [&](const Row& row) {
        ++fetched;
        on_row(row);
      });
    }
    execute(session, "CLOSE " + cursor);
    if (own) execute(session, "COMMIT");
  } catch (...) {
    try {
      // Our own transaction ends; in the caller's, the cursor goes (unless the error
      // aborted the transaction, which the caller then rolls back with it).
      execute(session, own ? "ROLLBACK" : "CLOSE " + cursor);
    } catch (...) {
    }
    throw;
  }
}

std::vector<Row> fetch_rows(soci::session& session, const std::string& sql, std::size_t columns,
                            const std::vector<Param>& params) {
  std::vector<Row> rows;
  for_each_row(session, sql, columns, params, [&rows](const Row& row) { rows.push_back(row); });
  return rows;
}

std::string json_values(Dialect dialect, const char* param) {
  const std::string p = std::string(":") + param;
  return dialect == Dialect::postgresql ? "jsonb_array_elements_text(CAST(" + p + " AS jsonb)) AS j(value)"
                                        : "json_each(" + p + ") AS j";
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
  Bound(session, sql, 0, params, soci::details::st_one_time_query).run([](const Row&) {});
}

}  // namespace syscensus::schema
