#include "api/router.hpp"

#include <soci/soci.h>

#include <iostream>

namespace syscensus::api {
namespace {

// Thrown by a stream's write when the client is gone or too slow: the producer stops there.
struct ClientGone {};

}  // namespace

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

void Parts::row_done() {
  constexpr std::streamoff kPart = 64 * 1024;
  if (buffer_.tellp() >= kPart) finish();
}

void Parts::finish() {
  write_(buffer_.view());
  buffer_.str("");
}

void Call::stream(const std::string& content_type, std::function<void(const Write& write)> produce) {
  res.status = 200;
  // The hooks live as long as the server's handlers; the request, until the answer is sent.
  res.set_chunked_content_provider(content_type, [produce = std::move(produce), &hooks = hooks, &req = req](
                                                     std::size_t, httplib::DataSink& sink) {
    const Write write = [&](std::string_view part) {
      hooks.sending(part.size());
      if (!sink.write(part.data(), part.size())) throw ClientGone{};
    };
    // Nothing may leave here: cpp-httplib calls this outside any handler's error mapping.
    try {
      produce(write);
      sink.done();
      return true;
    } catch (const ClientGone&) {
      // The client left or read too slowly: nothing to tell it.
    } catch (const common::StorageError&) {
      hooks.reset();
    } catch (const soci::soci_error&) {
      hooks.reset();
    } catch (const std::exception& e) {
      std::cerr << "syscensus: unexpected error while answering " << req.method << " " << req.path << ": " << e.what()
                << "\n";
    }
    return false;
  });
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

Router::Router(httplib::Server& server, Hooks hooks)
    : server_(server), hooks_(std::make_shared<const Hooks>(std::move(hooks))) {}

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
  // Not `this`: the router is a set-up helper and does not outlive set-up.
  return [handler, hooks = hooks_](const httplib::Request& req, httplib::Response& res) {
    const Hooks& h = *hooks;
    const Running guard(h.running, res);
    try {
      Call call{req, res, h.scope(), h.database(), h};
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
      h.reset();  // reconnect on this thread's next request
    } catch (const soci::soci_error&) {
      res.set_header("Retry-After", "5");
      problem(res, 503, "Service Unavailable", "the database is unavailable; try again shortly");
      h.reset();
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
