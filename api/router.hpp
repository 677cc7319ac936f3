#pragma once
// Internal to api/: what a route handler receives, and the one place where
// errors become HTTP statuses with a problem+json body.
#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "registry/scope.hpp"
#include "schema/database.hpp"

namespace syscensus::api {

/// One request being handled.
struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  const registry::Scope& scope;  ///< from the bearer token
  schema::Database& db;          ///< this worker thread's connection

  /// A query parameter, or "" when absent.
  std::string param(const std::string& name) const;
  /// An integer parameter within [min, max], `fallback` when absent; InvalidInput otherwise.
  long long int_param(const std::string& name, long long fallback, long long min, long long max) const;
  /// The n-th regex capture of the path (1-based).
  std::string path(std::size_t n) const { return req.matches[static_cast<int>(n)]; }
  /// Throws Forbidden unless the caller may write.
  void require_writer() const;
  void json(int status, const nlohmann::ordered_json& body);
};

using Handler = std::function<void(Call&)>;

/// Registers handlers on the HTTP server, wrapping each with error mapping.
class Router {
 public:
  /// `reset` drops the calling thread's connection after a database failure;
  /// `running(nullptr)` is called before a handler runs and
  /// `running(&res)` after, however it ends.
  Router(httplib::Server& server, std::function<schema::Database&()> database,
         std::function<const registry::Scope&()> scope, std::function<void()> reset,
         std::function<void(const httplib::Response*)> running);
  void get(const std::string& pattern, Handler handler);
  void post(const std::string& pattern, Handler handler);
  void patch(const std::string& pattern, Handler handler);
  /// Every (method, path pattern) registered so far.
  const std::vector<std::pair<std::string, std::string>>& routes() const { return routes_; }

 private:
  httplib::Server::Handler wrap(Handler handler);
  httplib::Server& server_;
  std::function<schema::Database&()> database_;
  std::function<const registry::Scope&()> scope_;
  std::function<void()> reset_;
  std::function<void(const httplib::Response*)> running_;
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
