// PostgreSQL only (registered by CMake when a PostgreSQL URL is given): the
// server's connections are cut; requests answer 503 with Retry-After, never
// 500, and the server recovers by itself without a restart.
#include <catch2/catch.hpp>
#include <httplib.h>
#include <soci/soci.h>

#include <unistd.h>

#include <thread>

#include "api/server.hpp"
#include "registry/tokens.hpp"
#include "support/registry_fixture.hpp"

using namespace syscensus;

namespace {
const std::string kKey = "outage-test-key";
}  // namespace

TEST_CASE("api: a lost database answers 503 and recovers by itself", "[api][outage]") {
  testing::TestDb test;
  schema::Database db = test.open();
  testing::load_sample_bodies(db);
  const std::string token =
      registry::create_token(db, "t", registry::parse_scope("admin"), "", kKey, "test").token;
  api::ServerOptions options;
  // Named connections, so only this server's are cut: other tests share the database.
  const std::string application = "syscensus_outage_" + std::to_string(getpid());
  options.db_url = test.url() + "&application_name=" + application;
  options.port = 0;
  // One worker for reads: a connection's requests go to whichever worker is free, so with two
  // the requests below could all reach the one whose session was never opened, and none notice.
  options.threads = 1;
  options.token_key = kKey;
  options.access_log = false;
  api::Server server(options);
  const int port = server.bind();
  std::thread thread([&server] { server.run(); });
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(120, 0);
  std::string bearer = "Bearer ";
  bearer += token;  // built in steps: GCC 12 warns falsely (-Wrestrict) on the one-expression form
  httplib::Headers auth;
  auth.emplace("Authorization", bearer);
  REQUIRE(client.Get("/api/v1/units", auth)->status == 200);

  db.session() << "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + application + "'";
  int unavailable = 0;
  int ok = 0;
  for (int i = 0; i < 12; ++i) {
    const auto r = client.Get("/api/v1/units", auth);
    REQUIRE(r);
    INFO("request " << i << ": " << r->status);
    CHECK((r->status == 200 || r->status == 503));
    if (r->status == 503) {
      ++unavailable;
      CHECK(r->get_header_value("Retry-After") == "5");
    } else {
      ++ok;
    }
  }
  CHECK(unavailable >= 1);  // the cut was noticed...
  CHECK(ok >= 8);           // ...and the worker reconnected
  CHECK(client.Get("/readyz")->status == 200);
  server.stop();
  thread.join();
}
