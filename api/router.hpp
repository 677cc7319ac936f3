#pragma once
// Internal to api/: what a route handler receives, and the one place where
// errors become HTTP statuses with a problem+json body.
#include <httplib.h>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "registry/scope.hpp"
#include "schema/database.hpp"

namespace syscensus::api {

/// Writes the next part of a streamed answer (Call::stream).
using Write = std::function<void(std::string_view part)>;

/// Collects a streamed answer and hands it to a Write in parts of about 64 KiB.
class Parts {
 public:
  explicit Parts(const Write& write) : write_(write) {}
  std::ostream& out() { return buffer_; }
  /// Sends what was collected once it makes a part; call after each row.
  void row_done();
  /// Sends the rest.
  void finish();

 private:
  const Write& write_;
  std::ostringstream buffer_;
};

/// What a route needs of the server besides the request: the caller's database session and scope,
/// and hooks for the connection.
struct Hooks {
  std::function<schema::Database&()> database;
  std::function<const registry::Scope&()> scope;
  /// Drops the calling thread's database session after a failure (a new one on the next request).
  std::function<void()> reset;
  /// Called with nullptr before a handler runs and with the response after, however it ends.
  std::function<void(const httplib::Response*)> running;
  /// The client must take `bytes` more of a streamed answer in time (the connection's deadline).
  std::function<void(std::size_t bytes)> sending;
};

/// One request being handled.
struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  const registry::Scope& scope;  ///< from the bearer token
  schema::Database& db;          ///< this worker thread's connection
  const Hooks& hooks;

  /// A query parameter, or "" when absent.
  std::string param(const std::string& name) const;
  /// An integer parameter within [min, max], `fallback` when absent; InvalidInput otherwise.
  long long int_param(const std::string& name, long long fallback, long long min, long long max) const;
  /// The n-th regex capture of the path (1-based).
  std::string path(std::size_t n) const { return req.matches[static_cast<int>(n)]; }
  /// Throws Forbidden unless the caller may write.
  void require_writer() const;
  void json(int status, const nlohmann::ordered_json& body);
  /// Answers 200 with what `produce` writes, sent as it is written (chunked) once the handler
  /// has returned, on the same thread and database session; what it needs must be captured by
  /// value. A failure in `produce`, or a client that stops reading, ends the answer without its
  /// last chunk, which clients report as an error.
  void stream(const std::string& content_type, std::function<void(const Write& write)> produce);
};

using Handler = std::function<void(Call&)>;

/// Registers handlers on the HTTP server, wrapping each with error mapping.
class Router {
 public:
  Router(httplib::Server& server, Hooks hooks);
  void get(const std::string& pattern, Handler handler);
  void post(const std::string& pattern, Handler handler);
  void patch(const std::string& pattern, Handler handler);
  /// Every (method, path pattern) registered so far.
  const std::vector<std::pair<std::string, std::string>>& routes() const { return routes_; }

 private:
  httplib::Server::Handler wrap(Handler handler);
  httplib::Server& server_;
  std::shared_ptr<const Hooks> hooks_;  // shared by every handler, which outlive the router
  std::vector<std::pair<std::string, std::string>> routes_;
};

/// Writes an application/problem+json response.
void problem(httplib::Response& res, int status, const std::string& title, const std::string& detail,
             const std::vector<common::Issue>& issues = {});

/// The issues as JSON objects (row, column, field, value, code, message, hint).
nlohmann::ordered_json issues_json(const std::vector<common::Issue>& issues);

void add_registry_routes(Router& router);
void add_survey_routes(Router& router);

}  // namespace syscensus::api
