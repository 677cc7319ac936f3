#include "api/server.hpp"

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "api/metrics.hpp"
#include "api/router.hpp"
#include "api/connection.hpp"
#include "common/date.hpp"
#include "registry/tokens.hpp"
#include "schema/migrations.hpp"
#include "schema/query.hpp"

namespace syscensus::api {
namespace {

// Per worker thread: its connection, the caller's scope and when the request began.
thread_local std::unique_ptr<schema::Database> t_db;
thread_local registry::Scope t_scope;
thread_local std::chrono::steady_clock::time_point t_started;

constexpr std::size_t kMaxHeaders = 64;
constexpr std::size_t kMaxHeaderBytes = 32 * 1024;

bool is_public(const std::string& path) {
  return path == "/healthz" || path == "/readyz" || path == "/metrics" || path == "/api/v1/openapi.json";
}

// A Content-Length that does not parse counts as 0 here; cpp-httplib refuses it itself.
std::size_t content_length(const httplib::Request& req) {
  try {
    return req.has_header("Content-Length") ? std::stoull(req.get_header_value("Content-Length")) : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

struct Server::Impl {
  explicit Impl(ServerOptions o)
      : options(std::move(o)),
        http(static_cast<std::size_t>(std::max(1, options.threads)), static_cast<std::size_t>(std::max(1, options.write_threads)),
             std::chrono::seconds(std::max(1, options.client_timeout_sec))) {}
  ServerOptions options;
  HttpServer http;
  std::mutex log_mutex;
  Metrics metrics;
  std::vector<std::pair<std::string, std::string>> routes;
  // httplib's stop() does nothing before its listener runs: a stop() that
  // comes first must keep run() from starting, or wait for it to have started.
  std::atomic<bool> starting{false};
  std::atomic<bool> stopping{false};

  // The client must send or read `bytes` more within client_timeout_sec plus the time they take at
  // min_transfer_rate.
  void client_deadline(std::size_t bytes) {
    const auto rate = std::max<std::size_t>(1, options.min_transfer_rate);
    Connection::current()->set_deadline(Connection::Clock::now() +
                                        std::chrono::seconds(std::max(1, options.client_timeout_sec)) +
                                        std::chrono::seconds(bytes / rate));
  }
  // No deadline while a handler runs; after it, the answer must be read in time.
  void handler_running(const httplib::Response* res) {
    if (res == nullptr) {
      Connection::current()->set_deadline(Connection::Clock::time_point::max());
    } else {
      client_deadline(res->body.size());
    }
  }

  schema::Database& db() {
    if (!t_db) t_db = std::make_unique<schema::Database>(options.db_url);
    return *t_db;
  }

  // Authenticates before the body is read, so unauthenticated uploads cost nothing.
  httplib::Server::HandlerResponse pre_route(const httplib::Request& req, httplib::Response& res) {
    client_deadline(content_length(req));  // the head is in; now the body, if any
    const auto handled = refuse(req, res);
    // A refused request's body was never read: close, or it would be parsed as the next request.
    if (handled == httplib::Server::HandlerResponse::Handled) {
      res.set_header("Connection", "close");
      Connection::current()->close_after_answer();
    }
    return handled;
  }

  httplib::Server::HandlerResponse refuse(const httplib::Request& req, httplib::Response& res) {
    t_started = std::chrono::steady_clock::now();
    t_scope = registry::Scope{registry::Role::reader, ""};
    // cpp-httplib 0.11 bounds each header line but not their number; refuse
    // floods here (a proxy in front bounds them before they are read at all).
    std::size_t header_bytes = 0;
    for (const auto& [name, value] : req.headers) header_bytes += name.size() + value.size();
    if (req.headers.size() > kMaxHeaders || header_bytes > kMaxHeaderBytes) {
      problem(res, 431, "Request Header Fields Too Large", "too many or too large headers");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.has_param("access_token") || req.has_param("token")) {
      problem(res, 400, "Bad Request", "tokens in URLs are refused; send them as Authorization: Bearer");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (is_public(req.path)) return httplib::Server::HandlerResponse::Unhandled;
    const std::string header = req.get_header_value("Authorization");
    if (header.rfind("Bearer ", 0) != 0) {
      res.set_header("WWW-Authenticate", "Bearer");
      problem(res, 401, "Unauthorized", "send a token as Authorization: Bearer TOKEN");
      return httplib::Server::HandlerResponse::Handled;
    }
    std::optional<registry::Scope> scope;
    try {
      scope = registry::authenticate(db(), header.substr(7), options.token_key);
    } catch (const std::exception&) {
      t_db.reset();
      res.set_header("Retry-After", "5");
      problem(res, 503, "Service Unavailable", "the database is unavailable; try again shortly");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!scope) {
      res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      problem(res, 401, "Unauthorized", "the token is not valid, has expired or was revoked");
      return httplib::Server::HandlerResponse::Handled;
    }
    if ((req.method == "POST" || req.method == "PATCH") && !req.has_header("Content-Length")) {
      problem(res, 411, "Length Required", "uploads must send Content-Length (chunked bodies are refused)");
      return httplib::Server::HandlerResponse::Handled;
    }
    const std::size_t limit = options.max_upload_mb * 1024 * 1024;
    if (req.has_header("Content-Length")) {
      // Parsed without throwing: std::stoull threw on "abc" or 2^64, which answered 500.
      const std::string text = req.get_header_value("Content-Length");
      unsigned long long length = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), length);
      if (error == std::errc::invalid_argument || end != text.data() + text.size()) {
        problem(res, 400, "Bad Request", "Content-Length is not a number of bytes");
        return httplib::Server::HandlerResponse::Handled;
      }
      if (error == std::errc::result_out_of_range || length > limit) {
        problem(res, 413, "Payload Too Large", "the body is larger than " + std::to_string(options.max_upload_mb) + " MB");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    t_scope = *scope;
    return httplib::Server::HandlerResponse::Unhandled;
  }

  // One line per request; never the token.
  void log(const httplib::Request& req, const httplib::Response& res) {
    // A request line that did not parse is not logged: it may be uploaded data
    // sent where a request was due.
    if (req.path.empty() || req.path[0] != '/') return;
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_started).count();
    metrics.observe(req.method, req.path, res.status, ms / 1000.0);
    if (!options.access_log) return;
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1f", ms);
    // One write per line: std::cerr is unbuffered, and each << would be a system call.
    const std::string line = common::now_utc() + " " + req.remote_addr + " " + req.method + " " + req.path + " " +
                             std::to_string(res.status) + " " + duration + "ms scope=" + t_scope.text() + "\n";
    std::lock_guard<std::mutex> lock(log_mutex);
    std::cerr.write(line.data(), static_cast<std::streamsize>(line.size()));
  }

  void health_routes() {
    http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
    http.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
      try {
        schema::fetch_rows(db().session(), "SELECT 1", 1);
        res.set_content("ready\n", "text/plain");
      } catch (const std::exception&) {
        t_db.reset();
        res.set_header("Retry-After", "5");
        problem(res, 503, "Service Unavailable", "the database is unavailable");
      }
    });
    http.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(metrics.text() +
                          "# HELP syscensus_http_slow_connections_cut_total Connections cut for sending or reading too slowly.\n"
                          "# TYPE syscensus_http_slow_connections_cut_total counter\n"
                          "syscensus_http_slow_connections_cut_total " + std::to_string(http.cut()) + "\n"
                          "# HELP syscensus_http_connections_idle Connections waiting for their client, holding no worker.\n"
                          "# TYPE syscensus_http_connections_idle gauge\n"
                          "syscensus_http_connections_idle " + std::to_string(http.idle()) + "\n"
                          "# HELP syscensus_http_connections_queued Connections with a request in, waiting for a worker.\n"
                          "# TYPE syscensus_http_connections_queued gauge\n"
                          "syscensus_http_connections_queued " + std::to_string(http.queued()) + "\n",
                      "text/plain; version=0.0.4");
    });
    http.Get("/api/v1/openapi.json", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(openapi_json(), "application/json");
    });
  }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  Impl& i = *impl_;
  i.http.set_payload_max_length(i.options.max_upload_mb * 1024 * 1024);
  // Each read and write waits at most client_timeout_sec; the connection's deadline bounds a whole request.
  const int timeout = std::max(1, i.options.client_timeout_sec);
  i.http.set_read_timeout(timeout, 0);
  i.http.set_write_timeout(timeout, 0);
  i.http.set_keep_alive_timeout(std::min(5, timeout));
  // cpp-httplib closes a connection after 5 requests by default: clients then reconnect all the
  // time, and a reconnecting client waits in line behind every connection already queued. Here
  // a connection goes on while no other waits for a worker (connection.hpp).
  i.http.set_keep_alive_max_count(std::max<std::size_t>(1, i.options.keep_alive_max_count));
  // Small JSON answers must not wait for delayed ACKs (Nagle): bench/README.md, "HTTP lookups".
  i.http.set_tcp_nodelay(true);
  i.http.set_pre_routing_handler([&i](const httplib::Request& req, httplib::Response& res) { return i.pre_route(req, res); });
  i.http.set_logger([&i](const httplib::Request& req, const httplib::Response& res) { i.log(req, res); });
  i.http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const char* title = res.status == 404 ? "Not Found" : res.status == 413 ? "Payload Too Large" : "Error";
    problem(res, res.status, title, res.status == 404 ? "no such route" : "");
  });
  i.health_routes();
  Router router(i.http, {[&i]() -> schema::Database& { return i.db(); }, []() -> const registry::Scope& { return t_scope; },
                         [] { t_db.reset(); }, [&i](const httplib::Response* res) { i.handler_running(res); },
                         [&i](std::size_t bytes) { i.client_deadline(bytes); }});
  add_registry_routes(router);
  add_survey_routes(router);
  i.routes = router.routes();
  for (const char* path : {"/healthz", "/readyz", "/metrics", "/api/v1/openapi.json"}) i.routes.emplace_back("GET", path);
}

std::vector<std::pair<std::string, std::string>> Server::routes() const { return impl_->routes; }

Server::~Server() = default;

int Server::bind() {
  Impl& i = *impl_;
  const int port = i.options.port == 0 ? i.http.bind_to_any_port(i.options.host) : i.options.port;
  if (i.options.port != 0 && !i.http.bind_to_port(i.options.host, i.options.port)) return -1;
  if (port < 0 || !i.http.widen_backlog()) return -1;
  return port;
}

void Server::run() {
  Impl& i = *impl_;
  i.starting = true;
  if (!i.stopping) i.http.listen_after_bind();
  i.starting = false;
}

void Server::stop() {
  Impl& i = *impl_;
  i.stopping = true;
  while (i.starting && !i.http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  i.http.stop();
}

}  // namespace syscensus::api
