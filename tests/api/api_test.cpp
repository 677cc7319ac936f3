// The HTTP API on a real server over loopback, on each backend: tokens and
// scopes (own object, another province's, a missing one), the refusals the
// server makes before reading a body, uploads over HTTP, the change feed and
// the OpenAPI document.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <regex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "api/server.hpp"
#include "registry/systems.hpp"
#include "registry/tokens.hpp"
#include "schema/query.hpp"
#include "support/registry_fixture.hpp"
#include "survey/campaign.hpp"
#include "survey/catalog.hpp"
#include "survey/upload.hpp"

using namespace syscensus;
using nlohmann::json;

namespace {

const std::string kKey = "test-key";
using testing::read_file;

struct Api {
  testing::TestDb test;
  std::map<std::string, std::string> tokens;  // role name -> bearer token
  std::unique_ptr<api::Server> server;
  std::thread thread;
  int port = 0;

  explicit Api(const std::function<void(api::ServerOptions&)>& adjust = {}) {
    schema::Database db = test.open();
    testing::load_sample_bodies(db);
    std::ifstream systems(testing::sample_path("systems.csv"), std::ios::binary);
    registry::import_systems(db, systems, {"systems.csv", "test", false});
    survey::import_questionnaire(db, survey::parse_questionnaire(read_file(testing::sample_path("questionnaire.json"))),
                                 "test");
    survey::create_campaign(db, {"R1", "tt12-self-assessment@1", "Vòng 1", "2026-11-01", "2026-12-25", {}}, "test");
    survey::open_campaign(db, "R1", "test");
    for (const auto& [name, scope] : std::map<std::string, std::string>{
             {"admin", "admin"}, {"reader", "reader"}, {"hcm", "province:79"}, {"hanoi", "province:01"},
             {"btc", "ministry:000.00.00.G04"}})
      tokens[name] = registry::create_token(db, name, registry::parse_scope(scope), "", kKey, "test").token;
    api::ServerOptions options;
    options.db_url = test.url();
    options.port = 0;
    options.threads = 4;
    options.max_upload_mb = 1;
    options.token_key = kKey;
    options.access_log = false;
    if (adjust) adjust(options);
    server = std::make_unique<api::Server>(options);
    port = server->bind();
    REQUIRE(port > 0);
    thread = std::thread([this] { server->run(); });
  }
  ~Api() {
    server->stop();
    thread.join();
  }

  // Generous timeouts: CI machines may be busy; a timeout must fail the test, not crash it.
  static void patient(httplib::Client& client) {
    client.set_read_timeout(120, 0);
    client.set_write_timeout(120, 0);
  }

  httplib::Result get(const std::string& path, const std::string& who) {
    httplib::Client client("127.0.0.1", port);
    patient(client);
    httplib::Headers headers;
    if (!who.empty()) headers.emplace("Authorization", "Bearer " + (tokens.count(who) ? tokens[who] : who));
    return client.Get(path.c_str(), headers);
  }
  httplib::Result post(const std::string& path, const std::string& who, const std::string& body) {
    httplib::Client client("127.0.0.1", port);
    patient(client);
    httplib::Headers headers{{"Authorization", "Bearer " + tokens[who]}};
    return client.Post(path.c_str(), headers, body, "text/csv");
  }
};

int status(const httplib::Result& r) { return r ? r->status : -1; }

// The body of a response that must have arrived.
std::string body(const httplib::Result& r) {
  REQUIRE(r);
  return r->body;
}

// A socket connected to the server, which sends `bytes` at once; -1 when it cannot connect.
int send_raw(int port, const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  const timeval timeout{60, 0};  // a server that never answers fails the test instead of hanging it
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(bytes.size())) {
    close(fd);
    return -1;
  }
  return fd;
}

// Sends only a request head and returns the response's status line: the server
// must answer before reading any body.
std::string head_only(int port, const std::string& head) {
  const int fd = send_raw(port, head);
  REQUIRE(fd >= 0);
  char buffer[256] = {};
  const ssize_t n = recv(fd, buffer, sizeof buffer - 1, 0);
  close(fd);
  const std::string response(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  return response.substr(0, response.find("\r\n"));
}

// Sends `bytes` at once and returns all the server sends until it closes the connection.
std::string round_trip(int port, const std::string& bytes) {
  const int fd = send_raw(port, bytes);
  REQUIRE(fd >= 0);
  std::string received;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) received.append(buffer, static_cast<std::size_t>(n));
  close(fd);
  return received;
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

}  // namespace

TEST_CASE("api: every route answers each role as its scope allows", "[api]") {
  Api api;
  // system of Hồ Chí Minh City (79) / of Hà Nội (01) / missing
  struct Case { std::string path; std::map<std::string, int> expect; };
  const std::vector<Case> cases = {
      {"/api/v1/systems/HCM-0002", {{"admin", 200}, {"reader", 200}, {"hcm", 200}, {"hanoi", 404}, {"btc", 404}, {"", 401}}},
      {"/api/v1/systems/HNI-0004", {{"admin", 200}, {"hcm", 404}, {"hanoi", 200}, {"", 401}}},
      {"/api/v1/systems/BTC-0003", {{"hcm", 200}, {"btc", 200}, {"hanoi", 404}}},  // Bộ Tài chính's system in 79
      {"/api/v1/systems/NO-SUCH", {{"admin", 404}, {"hcm", 404}, {"reader", 404}}},
      {"/api/v1/systems", {{"admin", 200}, {"hcm", 200}, {"", 401}, {"not-a-token", 401}}},
      {"/api/v1/units", {{"admin", 200}, {"hcm", 200}, {"", 401}}},
      {"/api/v1/entities/000.00.00.G04", {{"admin", 200}, {"hcm", 200}}},
      {"/api/v1/entities/000.00.00.G99", {{"admin", 404}}},
      {"/api/v1/changes", {{"admin", 200}, {"reader", 200}, {"hcm", 403}, {"btc", 403}}},
      {"/api/v1/campaigns/R1", {{"admin", 200}, {"hcm", 200}, {"reader", 200}}},
      {"/api/v1/campaigns/R9", {{"admin", 404}, {"hcm", 404}}},
      {"/api/v1/campaigns/R1/template.csv", {{"hcm", 200}, {"admin", 400}}},
      {"/api/v1/campaigns/R1/reports/coverage?by=province", {{"admin", 200}, {"hcm", 200}}},
      {"/api/v1/campaigns/R1/reports/compare?with=R1&by=level", {{"admin", 200}, {"hcm", 200}}},
      {"/api/v1/campaigns/R1/reports/compare", {{"admin", 400}}},
      {"/api/v1/campaigns/R1/reports/gaps?province=74", {{"hcm", 200}}},
      {"/api/v1/questionnaires/tt12-self-assessment@1", {{"reader", 200}}},
      {"/healthz", {{"", 200}}},
      {"/readyz", {{"", 200}}},
      {"/api/v1/openapi.json", {{"", 200}}},
      {"/api/v1/no-such-route", {{"admin", 404}}},
  };
  for (const Case& c : cases)
    for (const auto& [who, expected] : c.expect) {
      INFO(c.path << " as " << (who.empty() ? "nobody" : who));
      CHECK(status(api.get(c.path, who)) == expected);
    }
}

TEST_CASE("api: lists and counts never leak another province", "[api]") {
  Api api;
  const auto page = json::parse(body(api.get("/api/v1/systems?limit=1000", "hcm")));
  REQUIRE(!page["items"].empty());
  for (const auto& s : page["items"]) CHECK(s["current_province"] == "79");
  const auto campaign = json::parse(body(api.get("/api/v1/campaigns/R1", "hcm")));
  CHECK(campaign["coverage"]["expected"] == 28);
  const auto coverage = json::parse(body(api.get("/api/v1/campaigns/R1/reports/coverage?by=province", "hcm")));
  REQUIRE(coverage["items"].size() == 1);
  CHECK(coverage["items"][0]["group"] == "79");
}

TEST_CASE("api: cursor pages walk every system once", "[api]") {
  Api api;
  std::set<std::string> seen;
  std::string next = "/api/v1/systems?limit=150";
  for (int pages = 0; !next.empty() && pages < 10; ++pages) {
    const auto page = json::parse(body(api.get(next, "admin")));
    for (const auto& s : page["items"]) CHECK(seen.insert(s["code"]).second);
    next = page["next"].is_null() ? "" : page["next"].get<std::string>();
  }
  CHECK(seen.size() == 400);
  CHECK(status(api.get("/api/v1/systems?limit=100000", "admin")) == 400);
}

TEST_CASE("api: uploads, refusals before the body, and the error report", "[api]") {
  Api api;
  const std::string good = read_file(testing::sample_path("uploads/R2026_79.csv"));
  auto first = api.post("/api/v1/campaigns/R1/uploads", "hcm", good);
  REQUIRE(status(first) == 201);
  const auto receipt = json::parse(first->body);
  CHECK(receipt["created"] == 25);
  CHECK(status(api.post("/api/v1/campaigns/R1/uploads", "hcm", good)) == 200);  // identical
  CHECK(status(api.post("/api/v1/campaigns/R1/uploads", "hanoi", good)) == 422);  // not Hà Nội's systems
  CHECK(status(api.post("/api/v1/campaigns/R1/uploads", "reader", good)) == 403);
  CHECK(status(api.post("/api/v1/campaigns/R9/uploads", "hcm", good)) == 404);
  const auto bad = api.post("/api/v1/campaigns/R1/uploads", "admin", read_file(testing::sample_path("uploads/R2026_92_errors.csv")));
  REQUIRE(status(bad) == 422);
  const auto problem = json::parse(bad->body);
  CHECK(problem["issues"].size() == 8);  // as admin, the other province's system is no mistake
  CHECK(bad->get_header_value("Content-Type") == "application/problem+json");

  const std::string auth = "Authorization: Bearer " + api.tokens["hcm"] + "\r\n";
  CHECK(head_only(api.port, "POST /api/v1/campaigns/R1/uploads HTTP/1.1\r\nHost: x\r\n" + auth +
                                "Content-Length: 2097152\r\n\r\n") == "HTTP/1.1 413 Payload Too Large");
  CHECK(head_only(api.port, "POST /api/v1/campaigns/R1/uploads HTTP/1.1\r\nHost: x\r\n" + auth +
                                "Transfer-Encoding: chunked\r\n\r\n") == "HTTP/1.1 411 Length Required");
  // A Content-Length that is no number, or beyond 64 bits, is refused, not a 500.
  CHECK(head_only(api.port, "POST /api/v1/campaigns/R1/uploads HTTP/1.1\r\nHost: x\r\n" + auth +
                                "Content-Length: abc\r\n\r\n") == "HTTP/1.1 400 Bad Request");
  CHECK(head_only(api.port, "POST /api/v1/campaigns/R1/uploads HTTP/1.1\r\nHost: x\r\n" + auth +
                                "Content-Length: 99999999999999999999999\r\n\r\n") == "HTTP/1.1 413 Payload Too Large");
  CHECK(head_only(api.port, "POST /api/v1/campaigns/R1/uploads HTTP/1.1\r\nHost: x\r\n"
                            "Content-Length: 2097152\r\n\r\n") == "HTTP/1.1 401 Unauthorized");
  httplib::Client client("127.0.0.1", api.port);
  CHECK(status(client.Get(("/api/v1/systems?access_token=" + api.tokens["admin"]).c_str())) == 400);
  // The body of a refused upload is never read as requests: the connection closes after the answer.
  const std::string hidden = "GET /api/v1/units HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n";
  const std::string refused = round_trip(api.port, "POST /api/v1/campaigns/R1/uploads HTTP/1.1\r\nHost: x\r\n"
                                                 "Content-Length: " + std::to_string(hidden.size()) + "\r\n\r\n" + hidden);
  CHECK(refused.rfind("HTTP/1.1 401 Unauthorized\r\n", 0) == 0);
  CHECK(count_of(refused, "HTTP/1.1 ") == 1);
  std::string flood = "GET /api/v1/units HTTP/1.1\r\nHost: x\r\n" + auth;
  for (int i = 0; i < 100; ++i) flood += "X-Flood-" + std::to_string(i) + ": y\r\n";
  CHECK(head_only(api.port, flood + "\r\n") == "HTTP/1.1 431 Request Header Fields Too Large");
}

TEST_CASE("api: a client that asks to continue gets its go-ahead before it sends the body", "[api]") {
  // curl sends Expect: 100-continue with bodies over 1 MB and waits a second for the answer.
  Api api;
  const std::string csv = read_file(testing::sample_path("uploads/R2026_79.csv"));
  const int fd = send_raw(api.port, "POST /api/v1/campaigns/R1/uploads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                        api.tokens["hcm"] + "\r\nContent-Type: text/csv\r\nContent-Length: " +
                                        std::to_string(csv.size()) + "\r\nExpect: 100-continue\r\n\r\n");
  REQUIRE(fd >= 0);
  const timeval patience{3, 0};  // the answer is due at once; a test that waits longer has failed
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  char buffer[256] = {};
  const ssize_t n = recv(fd, buffer, sizeof buffer - 1, 0);
  CHECK(std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0) == "HTTP/1.1 100 Continue\r\n\r\n");
  REQUIRE(send(fd, csv.data(), csv.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(csv.size()));
  const timeval longer{60, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &longer, sizeof longer);
  std::string answer;
  ssize_t got = 0;
  while (answer.find("\r\n\r\n") == std::string::npos && (got = recv(fd, buffer, sizeof buffer, 0)) > 0)
    answer.append(buffer, static_cast<std::size_t>(got));
  close(fd);
  CHECK(answer.rfind("HTTP/1.1 201 Created\r\n", 0) == 0);
}

TEST_CASE("api: an upload over HTTP stores what the CLI path stores", "[api]") {
  Api api;
  const std::string file = read_file(testing::sample_path("uploads/R2026_79.csv"));
  const auto receipt = json::parse(body(api.post("/api/v1/campaigns/R1/uploads", "hcm", file)));
  testing::TestDb other;  // the same set-up, uploaded through the use case the CLI calls
  schema::Database db = other.open();
  testing::load_sample_bodies(db);
  std::ifstream systems(testing::sample_path("systems.csv"), std::ios::binary);
  registry::import_systems(db, systems, {"systems.csv", "test", false});
  survey::import_questionnaire(db, survey::parse_questionnaire(read_file(testing::sample_path("questionnaire.json"))), "t");
  survey::create_campaign(db, {"R1", "tt12-self-assessment@1", "Vòng 1", "2026-11-01", "2026-12-25", {}}, "t");
  survey::open_campaign(db, "R1", "t");
  std::istringstream in(file);
  const auto cli = survey::upload_survey(db, "R1", in, {"f", "t", registry::parse_scope("province:79"), false});
  CHECK(receipt["content_hash"] == cli.content_hash);
  CHECK(receipt["created"] == cli.created);
  schema::Database served = api.test.open();
  const char* sql = "SELECT s.code || ':' || sub.answers_hash FROM submissions sub JOIN systems s ON s.id = sub.system_id"
                    " ORDER BY s.code";
  CHECK(schema::fetch_rows(served.session(), sql, 1) == schema::fetch_rows(db.session(), sql, 1));
}

TEST_CASE("api: the change feed pages in order and resumes", "[api]") {
  Api api;
  std::vector<long long> seqs;
  std::string next = "/api/v1/changes?limit=200";
  for (int pages = 0; pages < 20; ++pages) {
    const auto page = json::parse(body(api.get(next, "reader")));
    if (page["items"].empty()) break;
    for (const auto& item : page["items"]) seqs.push_back(item["seq"]);
    next = page["next"];
  }
  REQUIRE(!seqs.empty());
  for (std::size_t i = 0; i < seqs.size(); ++i) CHECK(seqs[i] == static_cast<long long>(i) + 1);  // gap-free
}

TEST_CASE("api: a revoked token stops working at the next request", "[api]") {
  Api api;
  CHECK(status(api.get("/api/v1/units", "hcm")) == 200);
  schema::Database db = api.test.open();
  registry::revoke_token(db, "hcm", "test");
  CHECK(status(api.get("/api/v1/units", "hcm")) == 401);
}

TEST_CASE("api: a token revoked by another process stops working within the cache lifetime", "[api]") {
  Api api;
  CHECK(status(api.get("/api/v1/units", "hcm")) == 200);  // now remembered by the server
  schema::Database db = api.test.open();
  // What `syscensus token revoke` run elsewhere leaves behind: the row, not this process's cache.
  schema::execute(db.session(), "UPDATE tokens SET revoked_at = 'elsewhere' WHERE name = 'hcm'");
  const auto revoked = std::chrono::steady_clock::now();
  int last = 200;
  while (last == 200 && std::chrono::steady_clock::now() - revoked < registry::kTokenCacheLifetime + std::chrono::seconds(10)) {
    last = status(api.get("/api/v1/units", "hcm"));
    if (last == 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(last == 401);
  // The loop's requests take time of their own on a busy machine: allow three seconds beyond it
  // (without the lifetime, the loop above runs out after ten and the 401 check fails).
  CHECK(std::chrono::steady_clock::now() - revoked < registry::kTokenCacheLifetime + std::chrono::seconds(3));
  CHECK(status(api.get("/api/v1/units", "admin")) == 200);
}

namespace {

// Connects and sends `head` one byte every `gap` until the server closes the connection or the
// bytes run out; the seconds until it was closed, or -1 when it never was.
double dribble(int port, const std::string& head, std::chrono::milliseconds gap) {
  const auto started = std::chrono::steady_clock::now();
  const auto seconds = [&started] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  const int fd = send_raw(port, "");
  if (fd < 0) return -1;
  double closed = -1;
  for (char c : head) {
    char answer = 0;
    const ssize_t got = recv(fd, &answer, 1, MSG_DONTWAIT);
    if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK) ||
        send(fd, &c, 1, MSG_NOSIGNAL) != 1) {
      closed = seconds();
      break;
    }
    std::this_thread::sleep_for(gap);
  }
  close(fd);
  return closed;
}

}  // namespace

TEST_CASE("api: slow clients are cut off and do not starve the others", "[api]") {
  // One worker, a two-second limit, and six clients sending their heads a byte at a time: they
  // hold no worker while they send, so another client is answered at once, and each is cut two
  // seconds after it connected.
  Api api([](api::ServerOptions& o) {
    o.threads = 1;
    o.client_timeout_sec = 2;
  });
  constexpr int kSlow = 6;
  // A kept-alive connection left idle: closed at the keep-alive time, which is no fault of its own.
  const int idle = send_raw(api.port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(idle >= 0);
  char answer[512];
  REQUIRE(recv(idle, answer, sizeof answer, 0) > 0);
  // 20 seconds of dribbling: longer than any limit, shorter than the test's patience.
  const std::string head = "GET /api/v1/units HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(200, 'a');
  std::vector<double> closed_after(kSlow, -1);
  std::vector<std::thread> slow;
  for (int i = 0; i < kSlow; ++i)
    slow.emplace_back([&, i] { closed_after[i] = dribble(api.port, head, std::chrono::milliseconds(100)); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the slow ones are sending

  const auto asked = std::chrono::steady_clock::now();
  CHECK(status(api.get("/api/v1/units", "admin")) == 200);
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count();
  CHECK(waited < 1.2);  // a worker held by a slow head would wait out its two seconds
  for (auto& t : slow) t.join();
  for (double closed : closed_after) {
    CHECK(closed > 1.5);  // not refused at once...
    CHECK(closed < 5.0);  // ...but cut once the limit passed
  }
  CHECK(recv(idle, answer, sizeof answer, 0) == 0);  // closed by the server
  close(idle);
  const std::string metrics = body(api.get("/metrics", ""));
  CHECK(metrics.find("syscensus_http_slow_connections_cut_total " + std::to_string(kSlow)) != std::string::npos);
}

TEST_CASE("api: a write that takes its time does not hold up the reads", "[api]") {
  // One worker for each: an upload whose body comes slowly holds the one for writes, not the reads'.
  Api api([](api::ServerOptions& o) {
    o.threads = 1;
    o.write_threads = 1;
  });
  const std::string body_bytes(15, 'x');
  const int writer = send_raw(api.port, "POST /api/v1/campaigns/none/uploads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                            api.tokens["admin"] + "\r\nContent-Type: text/csv\r\nContent-Length: " +
                                            std::to_string(body_bytes.size()) + "\r\n\r\n");
  REQUIRE(writer >= 0);
  std::thread sending([&] {
    for (const char c : body_bytes) {  // 1.5 s for the body
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      send(writer, &c, 1, MSG_NOSIGNAL);
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the body is being read
  const auto asked = std::chrono::steady_clock::now();
  CHECK(status(api.get("/api/v1/units", "admin")) == 200);
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count() < 0.9);
  sending.join();
  char answer[16] = {};
  CHECK(recv(writer, answer, sizeof answer - 1, MSG_WAITALL) > 0);
  CHECK(std::string(answer).rfind("HTTP/1.1 ", 0) == 0);  // the write was served too
  close(writer);
}

TEST_CASE("api: requests sent back to back on one connection are all answered, in order", "[api]") {
  Api api;
  const std::string auth = "Authorization: Bearer " + api.tokens["hcm"] + "\r\n";
  const std::string units = "GET /api/v1/units?limit=1 HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n";
  // Pipelined: the second and third heads arrive with the first, in one segment.
  const std::string answers = round_trip(api.port, units + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + units.substr(0, units.size() - 2) +
                                                     "Connection: close\r\n\r\n");
  CHECK(count_of(answers, "HTTP/1.1 200 OK\r\n") == 3);
  const auto health = answers.find("\r\n\r\nok\n");
  CHECK(health != std::string::npos);
  CHECK(answers.find("HTTP/1.1 200 OK\r\n", health) != std::string::npos);  // the third came after it
}

namespace {

// Reads one answer to GET /healthz from `fd`; "" when the server closed the connection first.
std::string health_answer(int fd) {
  std::string received;
  char buffer[512];
  while (received.size() < 3 || received.compare(received.size() - 3, 3, "ok\n") != 0) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return "";
    received.append(buffer, static_cast<std::size_t>(n));
  }
  return received;
}

}  // namespace

TEST_CASE("api: idle connections hold no worker, and requests sent back to back take turns", "[api]") {
  Api api([](api::ServerOptions& o) {
    o.threads = 1;
    o.keep_alive_max_count = 3;
  });
  const std::string health = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string last = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

  // Twenty connections kept open after a request, with one worker: none holds it, none is closed.
  std::vector<int> idle;
  for (int i = 0; i < 20; ++i) {
    idle.push_back(send_raw(api.port, health));
    REQUIRE(idle.back() >= 0);
    CHECK(!health_answer(idle.back()).empty());
  }
  const auto asked = std::chrono::steady_clock::now();
  CHECK(count_of(round_trip(api.port, last), "HTTP/1.1 200 OK\r\n") == 1);
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count() < 1.0);
  // /metrics counts them (a connection is set aside just after its answer went out: ask again).
  const std::string gauge = "syscensus_http_connections_idle 20\n";
  bool counted = false;
  for (int i = 0; i < 50 && !counted; ++i) {
    counted = body(api.get("/metrics", "")).find(gauge) != std::string::npos;
    if (!counted) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(counted);
  for (const int fd : idle) {  // each one's next request is answered on the same connection
    CHECK(send(fd, health.data(), health.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(health.size()));
    CHECK(!health_answer(fd).empty());
    close(fd);
  }

  // 2,000 requests sent at once on one connection: after every 3 the connection goes back in line,
  // so another one's request is answered before they all are; and none of them is dropped.
  constexpr int kBatch = 2000;
  std::string batch;
  for (int i = 0; i < kBatch; ++i) batch += health;
  std::atomic<int> answered{0};
  std::atomic<int> answered_before_other{-1};
  const int busy = send_raw(api.port, batch);
  REQUIRE(busy >= 0);
  std::thread reader([&] {
    std::string received;
    char buffer[4096];
    ssize_t n = 0;
    while (answered < kBatch && (n = recv(busy, buffer, sizeof buffer, 0)) > 0) {
      received.append(buffer, static_cast<std::size_t>(n));
      answered = static_cast<int>(count_of(received, "HTTP/1.1 200 OK\r\n"));
    }
  });
  while (answered == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const std::string other = round_trip(api.port, last);
  answered_before_other = answered.load();
  reader.join();
  close(busy);
  CHECK(count_of(other, "HTTP/1.1 200 OK\r\n") == 1);
  CHECK(answered == kBatch);
  CHECK(answered_before_other < kBatch);  // without taking turns: all 2,000 first
}

namespace {

// A server on any free port of an empty database, without an access log.
api::ServerOptions quiet_options(const testing::TestDb& test) {
  api::ServerOptions options;
  options.db_url = test.url();
  options.port = 0;
  options.token_key = kKey;
  options.access_log = false;
  return options;
}

}  // namespace

TEST_CASE("api: a server stopped as it starts, or before, stops", "[api]") {
  // stop() used to be lost when it came before the listener ran: run() then served forever.
  testing::TestDb test;
  const api::ServerOptions options = quiet_options(test);
  for (int i = 0; i < 20; ++i) {
    api::Server server(options);
    REQUIRE(server.bind() > 0);
    std::thread running([&server] { server.run(); });
    server.stop();
    running.join();
  }
  api::Server server(options);
  REQUIRE(server.bind() > 0);
  server.stop();
  server.run();  // returns at once
}

TEST_CASE("api: many clients connecting at once all get in", "[api]") {
  // cpp-httplib listened with a backlog of 5: of 40 clients connecting before the server accepted,
  // 6 got in and the others' connections were dropped and retried a second later.
  testing::TestDb test;
  const api::ServerOptions options = quiet_options(test);
  api::Server server(options);
  const int port = server.bind();
  REQUIRE(port > 0);
  constexpr int kClients = 40;
  std::vector<int> fds;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (int i = 0; i < kClients; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    fds.push_back(fd);
  }
  int connected = 0;  // nothing accepts yet: connected means queued
  for (const int fd : fds) {
    pollfd p{fd, POLLOUT, 0};
    int error = 0;
    socklen_t length = sizeof error;
    if (poll(&p, 1, 500) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0) ++connected;
  }
  CHECK(connected == kClients);
  std::thread running([&server] { server.run(); });
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  int answered = 0;
  for (const int fd : fds) {
    const int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    const timeval timeout{60, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    char answer[64] = {};
    if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()) &&
        recv(fd, answer, sizeof answer - 1, MSG_WAITALL) > 0 && std::string(answer).rfind("HTTP/1.1 200 OK", 0) == 0)
      ++answered;
    close(fd);
  }
  CHECK(answered == kClients);
  server.stop();
  running.join();
}

TEST_CASE("api: every routed path is documented", "[api]") {
  Api api;
  const auto routes = api.server->routes();
  CHECK(routes.size() == api::route_docs().size());
  for (const auto& [method, pattern] : routes) {
    // Fill the documented path's parameters with a sample that the pattern must take.
    bool documented = false;
    for (const auto& doc : api::route_docs()) {
      if (doc.method != method) continue;
      std::string sample = doc.path;
      for (auto [name, value] : {std::pair{"{code}", "x1"}, {"{id}", "x1"}, {"{version}", "1"},
                                 {"{format}", "csv"}, {"{report}", "coverage"}}) {
        const auto at = sample.find(name);
        if (at != std::string::npos) sample.replace(at, std::string(name).size(), value);
      }
      if (std::regex_match(sample, std::regex(pattern)) || doc.path == pattern) documented = true;
    }
    INFO(method << " " << pattern);
    CHECK(documented);
  }
}

TEST_CASE("api: every documented route is routed", "[api]") {
  Api api;
  const auto doc = json::parse(body(api.get("/api/v1/openapi.json", "")));
  std::size_t operations = 0;
  for (const auto& [path, methods] : doc["paths"].items()) operations += methods.size();
  CHECK(operations == api::route_docs().size());
  for (const auto& route : api::route_docs()) {
    if (route.method != "GET") continue;
    std::string path = route.path;
    for (auto [from, to] : {std::pair{"{code}", "R1"}, {"{id}", "x"}, {"{version}", "1"}, {"{report}", "coverage"}, {"{format}", "json"}}) {
      const auto at = path.find(from);
      if (at != std::string::npos) path.replace(at, std::string(from).size(), to);
    }
    const auto r = api.get(path, "admin");
    INFO(path);
    REQUIRE(r);
    CHECK(r->body.find("no such route") == std::string::npos);
  }
}

namespace {

httplib::Result patch(Api& api, const std::string& path, const std::string& who, const std::string& etag,
                      const std::string& body) {
  httplib::Client client("127.0.0.1", api.port);
  Api::patient(client);
  httplib::Headers headers{{"Authorization", "Bearer " + api.tokens[who]}};
  if (!etag.empty()) headers.emplace("If-Match", etag);
  return client.Patch(path.c_str(), headers, body, "application/json");
}

}  // namespace

TEST_CASE("api: create, conditional change and retire, within the caller's scope", "[api]") {
  Api api;
  const std::string path = "/api/v1/systems/HCM-0002";
  const auto before = api.get(path, "hcm");
  const std::string etag = before->get_header_value("ETag");
  CHECK(etag == "\"1\"");
  CHECK(status(patch(api, path, "hcm", "", R"({"level": 4})")) == 428);
  const auto changed = patch(api, path, "hcm", etag, R"({"level": 4, "hosting": "gov_cloud"})");
  REQUIRE(status(changed) == 200);
  CHECK(json::parse(changed->body)["level"] == 4);
  CHECK(changed->get_header_value("ETag") == "\"2\"");
  CHECK(status(patch(api, path, "hcm", etag, R"({"level": 5})")) == 412);  // the second edit of version 1 loses
  CHECK(status(patch(api, path, "hanoi", "\"2\"", R"({"level": 5})")) == 404);
  CHECK(status(patch(api, path, "reader", "\"2\"", R"({"level": 5})")) == 403);
  const auto moved = patch(api, path, "hcm", "\"2\"", R"({"province": "01"})");
  CHECK(status(moved) == 422);  // a province cannot move its system to another province
  CHECK(status(patch(api, path, "hcm", "\"2\"", R"({"level": 9, "colour": "red"})")) == 422);
  CHECK(json::parse(body(api.get(path, "admin")))["version"] == 2);

  const std::string fresh = R"({"code": "HCM-NEW-1", "name": "Hệ thống mới", "owner": "000.00.00.H29",
      "category": "a", "dossier_status": "none", "internet_facing": false, "lifecycle": "planned"})";
  CHECK(status(api.post("/api/v1/systems", "hcm", fresh)) == 201);
  CHECK(status(api.post("/api/v1/systems", "hcm", fresh)) == 409);
  CHECK(status(api.post("/api/v1/systems", "hanoi",
                        R"({"code": "HCM-NEW-2", "name": "X", "owner": "000.00.00.H29", "category": "a",
                            "dossier_status": "none", "internet_facing": false, "lifecycle": "planned"})")) == 422);
  CHECK(status(api.post("/api/v1/systems", "hcm", std::string(20, '[') + std::string(20, ']'))) == 400);
  // Saving one system loads only the entities it names: an unknown one is still reported, the
  // operator is stored and the province comes from the owner.
  const auto unknown = api.post("/api/v1/systems", "hcm",
                                R"({"code": "HCM-NEW-3", "name": "X", "owner": "000.00.00.X99", "category": "a",
                                    "dossier_status": "none", "internet_facing": false, "lifecycle": "planned"})");
  REQUIRE(status(unknown) == 422);
  CHECK(unknown->body.find("\"code\":\"unknown_entity\"") != std::string::npos);
  REQUIRE(status(api.post("/api/v1/systems", "hcm",
                          R"({"code": "HCM-NEW-4", "name": "Y", "owner": "000.00.09.H29", "operator": "000.00.12.H29",
                              "category": "a", "dossier_status": "none", "internet_facing": false,
                              "lifecycle": "planned"})")) == 201);
  const json saved = json::parse(body(api.get("/api/v1/systems/HCM-NEW-4", "admin")));
  CHECK(saved["operator"] == "000.00.12.H29");
  CHECK(saved["province"] == "79");
  // A ministry saves only under its own owners.
  const auto ministry_system = [](const std::string& code, const std::string& owner) {
    return R"({"code": ")" + code + R"(", "name": "Z", "owner": ")" + owner +
           R"(", "category": "a", "dossier_status": "none", "internet_facing": false, "lifecycle": "planned"})";
  };
  CHECK(status(api.post("/api/v1/systems", "btc", ministry_system("BTC-NEW-1", "000.00.01.G04"))) == 201);
  CHECK(status(api.post("/api/v1/systems", "btc", ministry_system("BTC-NEW-2", "000.00.09.H29"))) == 422);

  CHECK(status(api.post("/api/v1/systems/HCM-NEW-1/retire", "hcm", R"({"reason": "Gộp vào hệ thống dùng chung"})")) == 200);
  CHECK(status(api.post("/api/v1/systems/HCM-NEW-1/retire", "hcm", R"({"reason": "again"})")) == 409);
  CHECK(status(api.post("/api/v1/systems/HNI-0004/retire", "hcm", R"({"reason": "x"})")) == 404);
  // Bodies of the wrong shape are refused as such (they answered 500, with the exception's text in a header).
  for (const std::string bad : {R"({"reason": 5})", R"({"reason": "x", "date": 7})", "[1]", R"("x")"}) {
    INFO(bad);
    const auto r = api.post("/api/v1/systems/HCM-0002/retire", "hcm", bad);
    CHECK(status(r) == 400);
    CHECK_FALSE(r->has_header("EXCEPTION_WHAT"));
  }

  const std::string csv = "code,name,owner,category,dossier_status,internet_facing,lifecycle\n"
                          "HNI-NEW-1,X,000.00.00.H26,a,none,no,planned\n";
  CHECK(status(api.post("/api/v1/systems/import", "hcm", csv)) == 422);  // Hà Nội's owner: not province 79's
  CHECK(status(api.post("/api/v1/systems/import", "admin", csv)) == 200);
}

TEST_CASE("api: the systems export is sent as it is read, and whole", "[api]") {
  Api api;
  const auto csv = api.get("/api/v1/systems.csv", "admin");
  REQUIRE(status(csv) == 200);
  CHECK(csv->get_header_value("Transfer-Encoding") == "chunked");
  CHECK(csv->body.size() > 64 * 1024);  // more than one part
  const auto again = json::parse(body(api.post("/api/v1/systems/import", "admin", csv->body)));
  CHECK(again["rows"] == 400);  // every system of the sample, each once
  CHECK(again["unchanged"] == 400);
  // A client that leaves part-way through costs the server nothing lasting.
  const int fd = send_raw(api.port, "GET /api/v1/systems.csv HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                        api.tokens["admin"] + "\r\n\r\n");
  REQUIRE(fd >= 0);
  char some[100];
  CHECK(recv(fd, some, sizeof some, 0) > 0);
  close(fd);
  CHECK(status(api.get("/api/v1/systems.csv", "hcm")) == 200);

  // Round results likewise; a round the caller cannot see is still a 404, decided before sending.
  for (const char* format : {"csv", "json"}) {
    INFO(format);
    const auto results = api.get(std::string("/api/v1/campaigns/R1/results.") + format, "admin");
    REQUIRE(status(results) == 200);
    CHECK(results->get_header_value("Transfer-Encoding") == "chunked");
    CHECK(status(api.get(std::string("/api/v1/campaigns/NONE/results.") + format, "admin")) == 404);
  }
  const auto items = json::parse(body(api.get("/api/v1/campaigns/R1/results.json", "admin")))["items"];
  long long expected = 0;  // the systems the round asked, by the coverage report
  const json coverage = json::parse(body(api.get("/api/v1/campaigns/R1/reports/coverage?by=province", "admin")));
  for (const auto& g : coverage["items"]) expected += g["expected"].get<long long>();
  CHECK(expected > 0);
  CHECK(static_cast<long long>(items.size()) == expected);
}

TEST_CASE("api: exports import back unchanged, results and metrics", "[api]") {
  Api api;
  const auto csv = api.get("/api/v1/systems.csv", "hcm");
  REQUIRE(status(csv) == 200);
  CHECK(csv->body.find("HNI-") == std::string::npos);  // only the province's own systems
  const auto again = api.post("/api/v1/systems/import", "hcm", csv->body);
  REQUIRE(status(again) == 200);
  CHECK(json::parse(again->body)["unchanged"] == json::parse(again->body)["rows"]);

  REQUIRE(status(api.post("/api/v1/campaigns/R1/uploads", "hcm", read_file(testing::sample_path("uploads/R2026_79.csv")))) == 201);
  const auto results = json::parse(body(api.get("/api/v1/campaigns/R1/results.json", "hcm")));
  CHECK(results["items"].size() == 28);
  long long received = 0;
  for (const auto& r : results["items"]) received += r["received"].get<bool>();
  CHECK(received == 25);
  CHECK(body(api.get("/api/v1/campaigns/R1/results.csv", "hcm")).rfind("system,name,province,owner,level,received,score,score_POL", 0) == 0);
  // A system answered again: one row still, with the new submission's score, not the replaced one's.
  const std::string file = read_file(testing::sample_path("uploads/R2026_79.csv"));
  std::string again_row = file.substr(0, file.find('\n', file.find('\n') + 1) + 1);
  const auto yes = again_row.find(",yes,", again_row.find("BTC-0003"));
  REQUIRE(yes != std::string::npos);
  again_row.replace(yes, 5, ",no,");
  REQUIRE(status(api.post("/api/v1/campaigns/R1/uploads", "hcm", again_row)) == 201);
  const auto after = json::parse(body(api.get("/api/v1/campaigns/R1/results.json", "hcm")));
  REQUIRE(after["items"].size() == 28);
  for (std::size_t i = 0; i < 28; ++i) {
    const json& was = results["items"][i];
    const json& now = after["items"][i];
    INFO(now.dump());
    CHECK(now["system"] == was["system"]);
    if (now["system"] == "BTC-0003")
      CHECK(now["score"].get<double>() < was["score"].get<double>());
    else
      CHECK(now == was);
  }

  const std::string metrics = body(api.get("/metrics", ""));
  CHECK(metrics.find("syscensus_http_requests_total{route=\"/api/v1/systems.csv\",method=\"GET\",status=\"200\"} 1") !=
        std::string::npos);
  CHECK(metrics.find("syscensus_uploads_total{outcome=\"accepted\"} 2") != std::string::npos);
}

TEST_CASE("api: replaying the change feed rebuilds the registry's systems", "[api]") {
  Api api;
  schema::Database db = api.test.open();
  registry::retire_system(db, "HCM-0002", "Thay thế", "", "test");
  REQUIRE(status(api.post("/api/v1/systems/import", "admin",
                          "code,name,owner,category,dossier_status,internet_facing,lifecycle\n"
                          "NEW-1,Hệ thống mới,000.00.00.H29,a,none,no,planned\n")) == 200);
  std::map<std::string, json> replica;  // what a downstream platform keeps
  std::string next = "/api/v1/changes?limit=250";
  for (int pages = 0; pages < 20; ++pages) {
    const std::string text = body(api.get(next, "reader"));
    INFO(next << " answered " << text.substr(0, 300));
    const auto page = json::parse(text);
    REQUIRE(page.is_object());
    REQUIRE(page.contains("items"));
    if (page.at("items").empty()) break;
    for (const auto& change : page.at("items"))
      if (change.at("kind") == "system") replica[change.at("code").get<std::string>()] = change.at("after");
    next = page.at("next").get<std::string>();
  }
  const std::string text = body(api.get("/api/v1/systems?limit=1000", "admin"));
  INFO("systems answered " << text.substr(0, 300));
  const auto all = json::parse(text).at("items");
  REQUIRE(all.is_array());
  REQUIRE(replica.size() == all.size());
  for (const auto& system : all) {
    json expected = system;
    for (const char* derived : {"owner_name", "province_name", "current_province", "retire_reason", "version"})
      expected.erase(derived);
    const std::string code = system.at("code").get<std::string>();
    INFO(code);
    CHECK(replica[code] == expected);
  }
}

namespace {

// The system codes of a CSV export (first column, header skipped).
std::set<std::string> csv_codes(const std::string& csv) {
  std::set<std::string> codes;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line))
    if (!line.empty()) codes.insert(line.substr(0, line.find(',')));
  return codes;
}

std::set<std::string> field_set(const json& items, const char* name) {
  std::set<std::string> values;
  for (const auto& item : items) values.insert(item.at(name).get<std::string>());
  return values;
}

}  // namespace

TEST_CASE("api: exports and reports hold exactly the caller's rows", "[api][access]") {
  Api api;
  for (const auto& [who, file] : std::map<std::string, std::string>{{"hcm", "R2026_79.csv"}, {"hanoi", "R2026_01.csv"}})
    REQUIRE(status(api.post("/api/v1/campaigns/R1/uploads", who, read_file(testing::sample_path("uploads/" + file)))) == 201);
  const json admin_results = json::parse(body(api.get("/api/v1/campaigns/R1/results.json", "admin")))["items"];
  CHECK(json::parse(body(api.get("/api/v1/campaigns/R1/results.json", "reader")))["items"] == admin_results);
  for (const std::string who : {"hcm", "hanoi", "btc"}) {
    INFO(who);
    // The registry export is the caller's systems, as the list shows them.
    const auto own = field_set(json::parse(body(api.get("/api/v1/systems?limit=1000", who)))["items"], "code");
    REQUIRE(!own.empty());
    CHECK(csv_codes(body(api.get("/api/v1/systems.csv", who))) == own);
    // Results: the admin's rows of the caller's systems, nothing else, in CSV and JSON alike.
    json expected = json::array();
    for (const auto& r : admin_results)
      if (own.count(r["system"].get<std::string>())) expected.push_back(r);
    REQUIRE(!expected.empty());
    CHECK(json::parse(body(api.get("/api/v1/campaigns/R1/results.json", who)))["items"] == expected);
    CHECK(csv_codes(body(api.get("/api/v1/campaigns/R1/results.csv", who))) == field_set(expected, "system"));
    // Who still owes answers: only the caller's systems.
    const json missing = json::parse(body(api.get("/api/v1/campaigns/R1/reports/missing", who)));
    for (const auto& m : missing["items"]) CHECK(own.count(m["code"].get<std::string>()) == 1);
  }
  // Grouped reports: a province gets its own line, with the admin's numbers for it.
  for (const std::string report : {"coverage?by=province", "compliance?by=province", "compare?with=R1&by=province"}) {
    INFO(report);
    const auto all = json::parse(body(api.get("/api/v1/campaigns/R1/reports/" + report, "admin")))["items"];
    const auto hcm = json::parse(body(api.get("/api/v1/campaigns/R1/reports/" + report, "hcm")))["items"];
    REQUIRE(hcm.size() == 1);
    CHECK(hcm[0]["group"] == "79");
    for (const auto& row : all)
      if (row["group"] == "79") CHECK(hcm[0] == row);
  }
  CHECK(json::parse(body(api.get("/api/v1/campaigns/R1/reports/gaps?province=01", "hcm")))["items"].empty());
  CHECK(json::parse(body(api.get("/api/v1/campaigns/R1/reports/gaps", "hcm"))) ==
        json::parse(body(api.get("/api/v1/campaigns/R1/reports/gaps?province=79", "admin"))));
  // A ministry's template of a province lists only its own systems there.
  const auto btc = csv_codes(body(api.get("/api/v1/campaigns/R1/template.csv?province=79", "btc")));
  CHECK(btc == std::set<std::string>{"BTC-0003"});
  CHECK(status(api.get("/api/v1/campaigns/R1/template.csv?province=01", "hcm")) == 200);  // its own province, whatever it asks
  CHECK(csv_codes(body(api.get("/api/v1/campaigns/R1/template.csv?province=01", "hcm"))).count("HNI-0004") == 0);
}

TEST_CASE("api: hostile parameters and bodies are refused and the server stays up", "[api][limits]") {
  Api api;
  // Limits and cursors: out of range, not numbers, beyond 64 bits.
  for (const std::string query : {"limit=0", "limit=-1", "limit=1001", "limit=99999999999999999999999", "limit=1e3",
                                  "limit=%00", "limit=12abc"}) {
    INFO(query);
    const auto r = api.get("/api/v1/systems?" + query, "admin");
    CHECK(status(r) == 400);
    INFO(body(r));
    CHECK(body(r).find("must be a whole number from 1 to 1000") != std::string::npos);
  }
  CHECK(status(api.get("/api/v1/changes?after=-1", "admin")) == 400);
  CHECK(status(api.get("/api/v1/changes?after=99999999999999999999", "admin")) == 400);
  CHECK(status(api.get("/api/v1/changes?limit=1000000000", "admin")) == 400);

  // Deep JSON is refused while parsing, before it can recurse; so are bodies that are not objects.
  httplib::Client client("127.0.0.1", api.port);
  Api::patient(client);
  const httplib::Headers admin{{"Authorization", "Bearer " + api.tokens["admin"]}};
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto r = client.Post("/api/v1/systems", admin, deep, "application/json");
  CHECK(status(r) == 400);
  CHECK(body(r).find("nested deeper than 8 levels") != std::string::npos);
  r = client.Patch("/api/v1/systems/HCM-0001", admin, std::string(50000, '{'), "application/json");
  CHECK((status(r) == 400 || status(r) == 428));  // 428 first when If-Match is missing: still no crash
  r = client.Post("/api/v1/systems", admin, "[1,2,3]", "application/json");
  CHECK(status(r) == 400);
  r = client.Post("/api/v1/systems", admin, "{\"code\": \"" + std::string(200, 'A'), "application/json");
  CHECK(status(r) == 400);

  // After all of it the server still answers.
  CHECK(status(api.get("/api/v1/systems?limit=1", "admin")) == 200);
  CHECK(status(api.get("/healthz", "")) == 200);
}
