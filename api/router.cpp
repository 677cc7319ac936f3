#include "api/router.hpp"

#include <soci/soci.h>

#include <iostream>

namespace syscensus::api {

std::string Call::param(const std::string& name) const {
  return req.has_param(name.c_str()) ? req.get_param_value(name.c_str()) : "";
}

long long Call::int_param(const std::string& name, long long fallback, long long min, long long max) const {
  const std::string text = param(name);
  if (text.empty()) return fallback;
  try {
    std::size_t used = 0;
    const long long value = std::stoll(text, &used);
    if (used == text.size() && value >= min && value <= max) return value;
  } catch (const std::exception&) {
    // fall through to the error below
  }
  throw common::InvalidInput("parameter " + name + "=" + common::quoted_value(text) + " must be a whole number from " +
                             std::to_string(min) + " to " + std::to_string(max));
}

void Call::require_writer() const {
  if (!scope.may_write()) throw common::Forbidden("a reader token may not change anything");
}

void Call::json(int status, const nlohmann::ordered_json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

nlohmann::ordered_json issues_json(const std::vector<common::Issue>& issues) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& i : issues) {
    out.push_back({{"row", i.row}, {"column", i.col}, {"field", i.column},
                   {"value", i.value ? nlohmann::ordered_json(*i.value) : nlohmann::ordered_json(nullptr)},
                   {"code", i.code}, {"message", i.message}, {"hint", i.hint}});
  }
  return out;
}

void problem(httplib::Response& res, int status, const std::string& title, const std::string& detail,
             const std::vector<common::Issue>& issues) {
  nlohmann::ordered_json body{{"type", "about:blank"}, {"title", title}, {"status", status}, {"detail", detail}};
  if (!issues.empty()) body["issues"] = issues_json(issues);
  res.status = status;
  res.set_content(body.dump(), "application/problem+json");
}

Router::Router(httplib::Server& server, std::function<schema::Database&()> database,
               std::function<const registry::Scope&()> scope, std::function<void()> reset,
               std::function<void(const httplib::Response*)> running)
    : server_(server),
      database_(std::move(database)),
      scope_(std::move(scope)),
      reset_(std::move(reset)),
      running_(std::move(running)) {}

namespace {

// Tells the server that a handler runs and, however it ends, that it has ended.
class Running {
 public:
  using Hook = std::function<void(const httplib::Response*)>;
  Running(const Hook& hook, const httplib::Response& res) : hook_(hook), res_(res) { hook_(nullptr); }
  ~Running() { hook_(&res_); }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

 private:
  const Hook& hook_;
  const httplib::Response& res_;
};

}  // namespace

httplib::Server::Handler Router::wrap(Handler handler) {
  // Copies, not `this`: the router is a set-up helper and does not outlive set-up.
  return [handler, database = database_, scope = scope_, reset = reset_, running = running_](
             const httplib::Request& req, httplib::Response& res) {
    const Running guard(running, res);
    try {
      Call call{req, res, scope(), database()};
      handler(call);
    } catch (const common::InvalidInput& e) {
      // Data with problems in it is unprocessable; a malformed request is bad.
      if (e.issues().empty()) {
        problem(res, 400, "Bad Request", e.what());
      } else {
        problem(res, 422, "Unprocessable Content", e.what(), e.issues());
      }
    } catch (const common::NotFound& e) {
      problem(res, 404, "Not Found", e.what());
    } catch (const common::Forbidden& e) {
      problem(res, 403, "Forbidden", e.what());
    } catch (const common::StaleVersion& e) {
      problem(res, 412, "Precondition Failed", e.what());
    } catch (const common::Conflict& e) {
      problem(res, 409, "Conflict", e.what());
    } catch (const common::StorageError&) {
      res.set_header("Retry-After", "5");
      problem(res, 503, "Service Unavailable", "the database is unavailable; try again shortly");
      reset();  // reconnect on this thread's next request
    } catch (const soci::soci_error&) {
      res.set_header("Retry-After", "5");
      problem(res, 503, "Service Unavailable", "the database is unavailable; try again shortly");
      reset();
    } catch (const std::exception& e) {
      // A bug, not the caller's fault: its text goes to the log, never to the client
      // (cpp-httplib would send it in an EXCEPTION_WHAT header).
      std::cerr << "syscensus: unexpected error on " << req.method << " " << req.path << ": " << e.what() << "\n";
      problem(res, 500, "Internal Server Error", "an unexpected error; it was logged");
    }
  };
}

void Router::get(const std::string& pattern, Handler handler) {
  routes_.emplace_back("GET", pattern);
  server_.Get(pattern, wrap(std::move(handler)));
}
void Router::post(const std::string& pattern, Handler handler) {
  routes_.emplace_back("POST", pattern);
  server_.Post(pattern, wrap(std::move(handler)));
}
void Router::patch(const std::string& pattern, Handler handler) {
  routes_.emplace_back("PATCH", pattern);
  server_.Patch(pattern, wrap(std::move(handler)));
}

}  // namespace syscensus::api
