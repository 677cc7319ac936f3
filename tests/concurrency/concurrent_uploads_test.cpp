// Two `syscensus serve` processes on one database (a PostgreSQL schema, or one
// SQLite file), 20 clients uploading to one round at once, from the same and
// from different provinces. Afterwards the database must hold exactly what a
// serial run in commit order (the upload ids) would have left: each system's
// current answers from the last acknowledged upload that held it, every earlier
// one in its history, no upload that was not acknowledged, a gap-free change
// feed. No client may see a 5xx: lock waits are not failures. Then two edits
// of one system from the same version, one to each server: one wins, one 412.
#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <latch>
#include <map>
#include <sstream>
#include <thread>

#include "common/csv.hpp"
#include "registry/import.hpp"
#include "registry/tokens.hpp"
#include "schema/query.hpp"
#include "support/process.hpp"
#include "support/registry_fixture.hpp"
#include "survey/campaign.hpp"
#include "survey/catalog.hpp"

using namespace syscensus;
using nlohmann::json;

namespace {

const std::string kKey = "concurrency-test-key";
using testing::read_file;

// A `syscensus serve` child process, stopped with SIGTERM.
struct ServerProcess {
  pid_t pid = -1;
  int port = 0;

  ServerProcess(const std::string& url, const std::string& log) : port(testing::free_port()) {
    pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      setenv("SYSCENSUS_TOKEN_KEY", kKey.c_str(), 1);
      const std::string listen = "127.0.0.1:" + std::to_string(port);
      if (FILE* f = std::freopen(log.c_str(), "w", stderr); f == nullptr) _exit(126);
      execl(SYSCENSUS_BIN, "syscensus", "--db", url.c_str(), "serve", "--listen", listen.c_str(), "--threads", "6",
            nullptr);
      _exit(127);
    }
    httplib::Client client("127.0.0.1", port);
    bool ready = false;
    for (int i = 0; i < 600 && !ready; ++i) {  // up to 30 s on a busy machine
      auto r = client.Get("/readyz");
      ready = r && r->status == 200;
      if (!ready) usleep(50'000);
    }
    REQUIRE(ready);
  }
  // Returns the exit status (0: a clean stop after the requests in flight).
  int stop() {
    if (pid <= 0) return -1;
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  ~ServerProcess() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
};

// A province's sample upload, with each row's free-text answer (APP.08) made
// unique to this variant, so no row of it equals a row of another upload; rows
// whose index is `skip` modulo 3 are left out, so variants overlap partly.
struct Upload {
  std::string body;
  std::vector<std::string> systems;  // in file order (source_row = index + 2)
};

Upload variant(const std::string& sample, int number, int skip) {
  std::istringstream in(read_file(testing::sample_path("uploads/" + sample)));
  common::CsvReader reader(in);
  std::ostringstream out;
  common::CsvWriter writer(out);
  const auto& header = reader.header();
  const auto text = std::find(header.begin(), header.end(), "APP.08") - header.begin();
  REQUIRE(static_cast<std::size_t>(text) < header.size());
  writer.write_row(header);
  Upload upload;
  common::CsvRecord rec;
  for (int i = 0; reader.next(rec); ++i) {
    if (skip >= 0 && i % 3 == skip) continue;
    if (number > 0) rec.fields[static_cast<std::size_t>(text)] = "variant " + std::to_string(number);
    writer.write_row(rec.fields);
    upload.systems.push_back(rec.fields[0]);
  }
  REQUIRE(reader.issues().empty());
  upload.body = out.str();
  return upload;
}

struct Job {
  std::string who;
  Upload upload;
  int expect;  // 201, or the refusal expected; 0: 201 or 200 (an identical pair)
  int status = -1;
  json receipt = json();
};

void set_up(schema::Database& db) {
  testing::load_sample_bodies(db);
  std::ifstream systems(testing::sample_path("systems.csv"), std::ios::binary);
  registry::import_systems(db, systems, {"systems.csv", "test", false});
  survey::import_questionnaire(db, survey::parse_questionnaire(read_file(testing::sample_path("questionnaire.json"))),
                               "test");
  survey::create_campaign(db, {"R1", "tt12-self-assessment@1", "Vòng 1", "2026-11-01", "2026-12-25", {}}, "test");
  survey::open_campaign(db, "R1", "test");
}

httplib::Headers bearer(const std::string& token) {
  std::string value = "Bearer ";
  value += token;
  return {{"Authorization", value}};
}

}  // namespace

TEST_CASE("concurrency: 20 uploads through two servers equal a serial run, and one of two edits wins",
          "[concurrency][api]") {
  testing::TestDb test;
  schema::Database db = test.open();
  set_up(db);
  std::map<std::string, std::string> tokens;
  for (const auto& [name, scope] : std::map<std::string, std::string>{
           {"admin", "admin"}, {"reader", "reader"}, {"79", "province:79"}, {"01", "province:01"}, {"48", "province:48"}})
    tokens[name] = registry::create_token(db, name, registry::parse_scope(scope), "", kKey, "test").token;
  const long long changes_before =
      std::stoll(*schema::fetch_rows(db.session(), "SELECT count(*) FROM changes", 1)[0][0]);

  const std::string log_a = test.url().rfind("sqlite:", 0) == 0 ? test.url().substr(7) + ".a.log" : "/dev/null";
  const std::string log_b = log_a == "/dev/null" ? log_a : test.url().substr(7) + ".b.log";
  ServerProcess a(test.url(), log_a);
  ServerProcess b(test.url(), log_b);

  std::vector<Job> jobs;
  for (int v = 1; v <= 8; ++v) jobs.push_back({v == 8 ? "admin" : "79", variant("R2026_79.csv", v, v % 4 - 1), 201});
  for (int v = 11; v <= 16; ++v) jobs.push_back({"01", variant("R2026_01.csv", v, v % 4 - 1), 201});
  jobs.push_back({"admin", variant("R2026_01.csv", 17, 1), 201});
  for (int i = 0; i < 2; ++i) jobs.push_back({"48", variant("R2026_48.csv", 0, -1), 0});  // the same bytes twice
  for (int v = 21; v <= 22; ++v) jobs.push_back({"01", variant("R2026_79.csv", v, -1), 422});  // not its systems
  jobs.push_back({"reader", variant("R2026_01.csv", 23, -1), 403});
  REQUIRE(jobs.size() == 20);

  std::latch start(static_cast<std::ptrdiff_t>(jobs.size()));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    threads.emplace_back([&, i] {
      Job& job = jobs[i];
      httplib::Client client("127.0.0.1", i % 2 == 0 ? a.port : b.port);
      client.set_read_timeout(120, 0);
      client.set_write_timeout(120, 0);
      start.arrive_and_wait();
      const auto r = client.Post("/api/v1/campaigns/R1/uploads", bearer(tokens[job.who]), job.upload.body, "text/csv");
      if (!r) return;
      job.status = r->status;
      job.receipt = json::parse(r->body, nullptr, false);
    });
  }
  for (auto& t : threads) t.join();

  // Acknowledged uploads by id, which is commit order: writers hold one lock from start to commit.
  std::map<long long, const Job*> acknowledged;
  int identical_pair[2] = {0, 0};
  for (const Job& job : jobs) {
    INFO(job.who << " uploading " << job.upload.systems.size() << " rows: " << job.status << " " << job.receipt.dump());
    REQUIRE(job.status > 0);  // answered, within the timeout
    CHECK(job.status < 500);
    if (job.expect == 0) {
      REQUIRE((job.status == 201 || job.status == 200));
      ++identical_pair[job.status == 201 ? 0 : 1];
    } else {
      CHECK(job.status == job.expect);
    }
    if (job.status == 201) {
      const long long id = job.receipt.at("upload_id").get<long long>();
      CHECK(acknowledged.emplace(id, &job).second);  // ids are unique
      CHECK(job.receipt.at("rows") == job.upload.systems.size());
    } else if (job.status == 200) {
      CHECK(job.receipt.at("upload_id").is_null());
      CHECK(job.receipt.at("unchanged") == job.upload.systems.size());
    }
  }
  CHECK(identical_pair[0] == 1);  // the first of two identical uploads stores it...
  CHECK(identical_pair[1] == 1);  // ...and the second finds it unchanged
  CHECK(acknowledged.size() == 16);

  // Replay the acknowledged uploads serially in commit order: what each system's
  // history must be, and what each receipt must have counted.
  std::map<std::string, std::vector<std::pair<long long, long long>>> history;  // system -> (upload, row)
  for (const auto& [id, job] : acknowledged) {
    long long created = 0;
    long long replaced = 0;
    for (std::size_t i = 0; i < job->upload.systems.size(); ++i) {
      auto& h = history[job->upload.systems[i]];
      ++(h.empty() ? created : replaced);
      h.emplace_back(id, static_cast<long long>(i) + 2);
    }
    INFO("upload " << id << ": " << job->receipt.dump());
    CHECK(job->receipt.at("created") == created);
    CHECK(job->receipt.at("replaced") == replaced);
    CHECK(job->receipt.at("unchanged") == 0);
  }

  // The database holds that history: every submission, in order, the last one current.
  std::map<std::string, std::vector<std::pair<long long, long long>>> stored;
  std::map<std::string, int> current;
  std::map<std::string, long long> last;
  for (const auto& row : schema::fetch_rows(
           db.session(),
           "SELECT s.code, sub.upload_id, sub.source_row, sub.is_current FROM submissions sub"
           " JOIN systems s ON s.id = sub.system_id ORDER BY s.code, sub.id",
           4)) {
    stored[*row[0]].emplace_back(std::stoll(*row[1]), std::stoll(*row[2]));
    current[*row[0]] += std::stoi(*row[3]);
    if (*row[3] == "1") last[*row[0]] = std::stoll(*row[1]);
  }
  CHECK(stored == history);
  for (const auto& [code, h] : history) {
    INFO(code);
    CHECK(current[code] == 1);
    CHECK(last[code] == h.back().first);
  }
  // No upload that was not acknowledged, and each with its receipt's hash.
  std::map<long long, std::string> uploads;
  for (const auto& row : schema::fetch_rows(db.session(), "SELECT id, content_hash FROM uploads", 2))
    uploads[std::stoll(*row[0])] = *row[1];
  CHECK(uploads.size() == acknowledged.size());
  for (const auto& [id, job] : acknowledged) CHECK(uploads[id] == job->receipt.at("content_hash"));

  // The change feed, read through the other server: gap-free, one entry per submission, in commit order.
  httplib::Client feed("127.0.0.1", b.port);
  feed.set_read_timeout(120, 0);
  std::vector<long long> seqs;
  std::map<std::string, std::vector<std::string>> ops;
  std::string next = "/api/v1/changes?limit=1000";
  for (int pages = 0; pages < 10; ++pages) {
    const auto r = feed.Get(next.c_str(), bearer(tokens["reader"]));
    REQUIRE(r);
    REQUIRE(r->status == 200);
    const json page = json::parse(r->body);
    if (page.at("items").empty()) break;
    for (const auto& item : page.at("items")) {
      seqs.push_back(item.at("seq"));
      if (item.at("kind") == "submission") ops[item.at("code").get<std::string>().substr(3)].push_back(item.at("op"));
    }
    next = page.at("next");
  }
  REQUIRE(!seqs.empty());
  for (std::size_t i = 0; i < seqs.size(); ++i) CHECK(seqs[i] == static_cast<long long>(i) + 1);
  std::size_t submissions = 0;
  for (const auto& [code, h] : history) {
    INFO(code);
    std::vector<std::string> expected(h.size(), "supersede");
    expected[0] = "submit";
    CHECK(ops[code] == expected);
    submissions += h.size();
  }
  CHECK(seqs.size() == static_cast<std::size_t>(changes_before) + submissions);

  // Two edits of one system from the same version, one through each server, several times.
  const std::string path = "/api/v1/systems/HCM-0002";
  for (int round = 1; round <= 4; ++round) {
    const std::string etag = "\"" + std::to_string(round) + "\"";
    int statuses[2] = {-1, -1};
    std::latch together(2);
    std::vector<std::thread> editors;
    for (int e = 0; e < 2; ++e) {
      editors.emplace_back([&, e] {
        httplib::Client client("127.0.0.1", e == 0 ? a.port : b.port);
        client.set_read_timeout(120, 0);
        httplib::Headers headers = bearer(tokens[e == 0 ? "79" : "admin"]);
        headers.emplace("If-Match", etag);
        // Each edit really changes the system (an edit that changes nothing succeeds from any version).
        const std::string body = R"({"name": "Hệ thống, sửa )" + std::to_string(round) + "." + std::to_string(e) + R"("})";
        together.arrive_and_wait();
        const auto r = client.Patch(path.c_str(), headers, body, "application/json");
        statuses[e] = r ? r->status : -1;
      });
    }
    for (auto& t : editors) t.join();
    INFO("round " << round << ": " << statuses[0] << " and " << statuses[1]);
    CHECK(std::min(statuses[0], statuses[1]) == 200);
    CHECK(std::max(statuses[0], statuses[1]) == 412);
  }
  CHECK(*schema::fetch_rows(db.session(), "SELECT version FROM systems WHERE code = 'HCM-0002'", 1)[0][0] == "5");

  CHECK(a.stop() == 0);
  CHECK(b.stop() == 0);
  if (log_a != "/dev/null") {
    std::remove(log_a.c_str());
    std::remove(log_b.c_str());
  }
}
