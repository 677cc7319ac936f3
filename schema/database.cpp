#include "schema/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include "common/error.hpp"

namespace syscensus::schema {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";

std::string mask_password(const std::string& url) {
  static const std::regex password(R"((://[^:/@]*:)[^@]*@)");
  return std::regex_replace(url, password, "$1***@");
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// The one option a SQLite URL takes, `?max_page_count=N`: caps the file at N
// pages, so tests can make the database "full" on demand.
struct SqliteUrl {
  std::string path;
  std::string max_page_count;  ///< digits, or empty
};

SqliteUrl parse_sqlite_url(const std::string& url) {
  SqliteUrl parsed{url.substr(kSqlitePrefix.size()), ""};
  const auto question = parsed.path.find('?');
  if (question == std::string::npos) return parsed;
  const std::string option = parsed.path.substr(question + 1);
  parsed.path.resize(question);
  constexpr std::string_view kKey = "max_page_count=";
  const std::string value = starts_with(option, kKey) ? option.substr(kKey.size()) : "";
  if (value.empty() || value.size() > 10 || value.find_first_not_of("0123456789") != std::string::npos)
    throw common::InvalidInput("database URL \"" + url + "\": unknown option \"" + option +
                               "\"; a SQLite URL takes only ?max_page_count=N");
  parsed.max_page_count = value;
  return parsed;
}

std::string sqlite_connect_string(const std::string& url, std::string path, bool create) {
  if (starts_with(path, "//")) path = path.substr(2);  // sqlite://PATH
  if (path.empty()) throw common::InvalidInput("database URL \"" + url + "\" has no file path");
  if (path.find_first_of("\"' ") != std::string::npos)
    throw common::InvalidInput("SQLite path \"" + path + "\" may not contain spaces or quotes");
  // A busy timeout so concurrent writers wait instead of failing at once.
  if (!create && !std::filesystem::exists(path))
    throw common::StorageError("no database at " + path + "; create it with `syscensus init`");
  return "db=" + path + " timeout=30";
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

void add_keyword(std::string& conninfo, const std::string& key, const std::string& raw) {
  if (raw.empty()) return;
  std::string value;
  for (char c : percent_decode(raw)) {
    if (c == '\\' || c == '\'') value += '\\';
    value += c;
  }
  conninfo += (conninfo.empty() ? "" : " ") + key + "='" + value + "'";
}

// SOCI 4.0.3 rewrites connection strings word by word, which breaks libpq
// URIs; hand it libpq's keyword form instead.
std::string postgresql_conninfo(const std::string& url) {
  static const std::regex form(R"(postgres(?:ql)?://(?:([^:@/]*)(?::([^@/]*))?@)?([^:/?]*)(?::([0-9]+))?(?:/([^?]*))?(?:\?(.*))?)");
  std::smatch m;
  if (!std::regex_match(url, m, form))
    throw common::InvalidInput("malformed PostgreSQL URL \"" + mask_password(url) +
                               "\"; use postgresql://user:password@host:port/database");
  std::string conninfo;
  add_keyword(conninfo, "user", m[1]);
  add_keyword(conninfo, "password", m[2]);
  add_keyword(conninfo, "host", m[3]);
  add_keyword(conninfo, "port", m[4]);
  add_keyword(conninfo, "dbname", m[5]);
  const std::string query = m[6];
  std::size_t start = 0;
  while (start < query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(start, end - start);
    const std::size_t eq = pair.find('=');
    if (eq != std::string::npos) add_keyword(conninfo, pair.substr(0, eq), pair.substr(eq + 1));
    start = end + 1;
  }
  return conninfo;
}

void sqlite_pragmas(soci::session& session) {
  session << "PRAGMA foreign_keys = ON";
  session << "PRAGMA journal_mode = WAL";
  session << "PRAGMA synchronous = NORMAL";
}

}  // namespace

std::string error_text(const soci::soci_error& error) {
  const std::string message = error.get_error_message();
  // "<backend class>::<function>: <message>": the first word names a C++ function.
  const std::size_t word = message.find(' ');
  const std::size_t colon = message.find(": ");
  if (colon != std::string::npos && colon < word && message.find("::") < colon) return message.substr(colon + 2);
  return message;
}

std::string resolve_url(const std::string& explicit_url) {
  if (!explicit_url.empty()) return explicit_url;
  if (const char* env = std::getenv("SYSCENSUS_DB"); env != nullptr && *env != '\0') return env;
  return kDefaultUrl;
}

Database::Database(const std::string& url, bool create) : display_url_(mask_password(url)) {
  try {
    if (starts_with(url, kSqlitePrefix)) {
      dialect_ = Dialect::sqlite;
      const SqliteUrl parsed = parse_sqlite_url(url);
      session_ = std::make_unique<soci::session>(soci::sqlite3, sqlite_connect_string(url, parsed.path, create));
      sqlite_pragmas(*session_);
      if (!parsed.max_page_count.empty()) *session_ << "PRAGMA max_page_count = " + parsed.max_page_count;
    } else if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
      dialect_ = Dialect::postgresql;
      session_ = std::make_unique<soci::session>(soci::postgresql, postgresql_conninfo(url));
      *session_ << "SET client_min_messages = warning";
      // Our cursors (for_each_row_batched) are always read to the end: plan them for the
      // whole result, not for the first tenth of it.
      *session_ << "SET cursor_tuple_fraction = 1";
    } else {
      throw common::InvalidInput("unknown database URL \"" + display_url_ +
                                 "\"; use sqlite:PATH or postgresql://user@host:port/db");
    }
  } catch (const soci::soci_error& e) {
    throw common::StorageError("cannot open database " + display_url_ + ": " + error_text(e));
  }
}

Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&& other) noexcept {
  statements_.reset();  // before the session they were prepared on goes
  session_ = std::move(other.session_);
  dialect_ = other.dialect_;
  display_url_ = std::move(other.display_url_);
  statements_ = std::move(other.statements_);
  return *this;
}

void Database::exec_script(const std::string& sql) {
  if (dialect_ == Dialect::sqlite) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(session_->get_backend());
    char* error = nullptr;
    if (sqlite_api::sqlite3_exec(backend->conn_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error != nullptr ? error : "unknown error";
      sqlite_api::sqlite3_free(error);
      throw common::StorageError("SQL script failed: " + message);
    }
    return;
  }
  auto* backend = static_cast<soci::postgresql_session_backend*>(session_->get_backend());
  PGresult* result = PQexec(backend->conn_, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
  std::string message = ok ? "" : PQresultErrorMessage(result);
  PQclear(result);
  if (!ok) throw common::StorageError("SQL script failed: " + message);
}

}  // namespace syscensus::schema
