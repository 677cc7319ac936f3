#pragma once
// The HTTP API (`syscensus serve`): JSON under /api/v1, bearer tokens, the
// caller's scope passed into every use case, problem+json errors. The server
// keeps no state of its own, so several can run against one database.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace syscensus::api {

struct ServerOptions {
  std::string db_url;
  std::string host = "127.0.0.1";
  int port = 8080;             ///< 0: any free port (see Server::bind)
  /// Requests that read, served at once; each worker keeps a database session.
  /// Connections hold no worker between requests or while a head comes in, so
  /// this is not a limit on clients: a few per processor keep the processors and
  /// the database busy (bench/README.md, "API lookups").
  int threads = 8;
  /// Requests that write (POST, PUT, PATCH, DELETE), served at once by workers
  /// of their own: writers take the write lock one at a time, and those waiting
  /// for it must not hold every worker from the reads.
  int write_threads = 2;
  std::size_t max_upload_mb = 64;
  /// A client must send a whole request head within this many seconds of
  /// connecting or of its previous answer (the keep-alive wait included).
  int client_timeout_sec = 10;
  /// Bytes per second below which a body being sent or an answer being read
  /// is too slow: the connection is cut after client_timeout_sec + size / rate.
  std::size_t min_transfer_rate = 16 * 1024;
  /// Requests a connection sends back to back (pipelined) that are served in a
  /// row; then, if other connections wait for a worker, it goes behind them.
  std::size_t keep_alive_max_count = 100;
  std::string token_key;       ///< the key tokens were hashed with
  bool access_log = true;      ///< one line per request on stderr
};

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds the listening socket; returns the port. Throws StorageError.
  int bind();
  /// Serves until stop(); requests in flight finish first.
  void run();
  /// Thread-safe; makes run() return.
  void stop();
  /// Every routed (method, path pattern), for checking them against route_docs().
  std::vector<std::pair<std::string, std::string>> routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One documented route: the OpenAPI document and the router are built from
/// the same list.
struct RouteDoc {
  std::string method;   ///< GET, POST
  std::string path;     ///< OpenAPI form, e.g. /api/v1/systems/{code}
  std::string summary;
  bool authenticated = true;
};
const std::vector<RouteDoc>& route_docs();

/// The OpenAPI 3 document of every route.
std::string openapi_json();

}  // namespace syscensus::api
