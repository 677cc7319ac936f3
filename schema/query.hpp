#pragma once
// Reading query results as text, the one form every backend can give for
// every column type, with named parameters bound at run time.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "schema/database.hpp"

namespace soci {
class session;
}

namespace syscensus::schema {

/// A column value as text; nullopt is SQL NULL.
using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

/// A named parameter (`:name` in the SQL).
struct Param {
  std::string name;
  std::variant<std::string, long long> value;
};

/// Runs `sql` and calls `on_row` for each of its rows (`columns` wide).
void for_each_row(soci::session& session, const std::string& sql, std::size_t columns,
                  const std::vector<Param>& params, const std::function<void(const Row&)>& on_row);

class Database;

/// for_each_row through a statement kept prepared on `db`'s connection, by SQL
/// text and parameter types: it is parsed and planned once instead of on every
/// run. For the few queries run on every request. SQLite prepares in-process,
/// but the lookup's statement took most of a request to prepare there (5,200
/// lookups a second over HTTP re-prepared, 17,400-22,900 kept: bench/README.md).
void for_each_row_prepared(Database& db, const std::string& sql, std::size_t columns, const std::vector<Param>& params,
                           const std::function<void(const Row&)>& on_row);

/// for_each_row for a query whose rows may not fit in memory (a whole listing, the
/// change log). libpq holds a query's whole result before its first row is read; on
/// PostgreSQL this reads through a cursor, 1,000 rows a fetch, inside a read-only
/// transaction of its own when none is open (so every row comes from one snapshot).
/// `limit` is the most rows the query can return (its LIMIT; 1 for a unique key; 0
/// for no bound): a query bounded by one fetch runs plainly, in one round trip.
/// SQLite steps through rows as they are read: for_each_row.
void for_each_row_batched(Database& db, const std::string& sql, std::size_t columns, const std::vector<Param>& params,
                          const std::function<void(const Row&)>& on_row, long long limit = 0);

/// Runs `sql` and returns all its rows.
std::vector<Row> fetch_rows(soci::session& session, const std::string& sql, std::size_t columns,
                            const std::vector<Param>& params = {});

/// A LIKE pattern matching `text` anywhere, with % _ and \ escaped; use it
/// with `LIKE :p ESCAPE '\'`.
std::string contains_pattern(const std::string& text);

/// A JSON array bound as `:param`, as a one-column table `j` of its values (`j.value`), for
/// `FROM` or `IN (SELECT j.value FROM ...)`: one parameter for a whole list.
std::string json_values(Dialect dialect, const char* param);

/// Runs a statement that returns nothing.
void execute(soci::session& session, const std::string& sql, const std::vector<Param>& params = {});

}  // namespace syscensus::schema
