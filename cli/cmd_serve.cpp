#include <CLI/CLI.hpp>
#include <csignal>
#include <memory>
#include <pthread.h>
#include <thread>

#include "api/server.hpp"
#include "cli/commands.hpp"
#include "common/error.hpp"
#include "registry/tokens.hpp"
#include "schema/migrations.hpp"

namespace syscensus::cli {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  // The API's defaults (api/server.hpp); each worker keeps a database session.
  int threads = api::ServerOptions{}.threads;
  int write_threads = api::ServerOptions{}.write_threads;
  std::size_t max_upload_mb = 64;
};

void run_serve(const ServeArgs& args, const Context& ctx) {
  const auto colon = args.listen.rfind(':');
  if (colon == std::string::npos) throw common::InvalidInput("--listen \"" + args.listen + "\": write HOST:PORT");
  api::ServerOptions options;
  options.db_url = schema::resolve_url(ctx.db_url);
  options.host = args.listen.substr(0, colon);
  options.port = std::stoi(args.listen.substr(colon + 1));
  options.threads = args.threads;
  options.write_threads = args.write_threads;
  options.max_upload_mb = args.max_upload_mb;
  options.token_key = registry::token_key(false);
  {
    schema::Database db = ctx.open();  // fail early on a missing or outdated database
  }
  // Signals are taken by one thread, which stops the server: requests in flight finish.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  api::Server server(options);
  const int port = server.bind();
  if (port < 0) throw common::StorageError("cannot listen on " + args.listen);
  *ctx.err << "syscensus: serving " << options.db_url << " on http://" << options.host << ":" << port
           << " (" << options.threads << " workers for reads, " << options.write_threads
           << " for writes); stop with Ctrl-C or SIGTERM\n";
  std::thread waiter([&server, signals] {
    int received = 0;
    sigwait(&signals, &received);
    server.stop();
  });
  server.run();
  if (waiter.joinable()) {
    pthread_kill(waiter.native_handle(), SIGTERM);  // wake the waiter when run() ended on its own
    waiter.join();
  }
  *ctx.err << "syscensus: stopped\n";
}

}  // namespace

void setup_serve(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Run the HTTP API (see /api/v1/openapi.json); tokens: syscensus token");
  cmd->add_option("--listen", args->listen, "HOST:PORT (loopback by default; put TLS in a reverse proxy)")
      ->capture_default_str();
  cmd->add_option("--threads", args->threads,
                  "Requests that read served at once (idle connections hold none; a few per processor)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option("--write-threads", args->write_threads,
                  "Requests that write (POST, PUT, PATCH, DELETE) served at once, beside the reads")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_option("--max-upload-mb", args->max_upload_mb, "Largest accepted body")->capture_default_str();
  cmd->callback([args, &ctx] { run_serve(*args, ctx); });
}

}  // namespace syscensus::cli
