#pragma once
// Internal to api/: deadlines on client connections. cpp-httplib 0.11's
// timeouts apply to each read and each write, so a client that sends a byte
// now and then (slowloris), or reads its answer that way, holds a worker
// thread for ever; the library does not give the handlers their socket. The
// watchdog therefore finds the server's connected sockets itself (the
// process's descriptors whose local port is the server's), knows each by its
// peer address, and shuts one down when its deadline passes: the worker
// blocked on it returns at once and closes it.
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace syscensus::api {

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;

  /// `first` is the deadline of a new connection: its first request head must
  /// have arrived by then.
  explicit Watchdog(std::chrono::milliseconds first);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  /// Starts watching the connections accepted on `port`.
  void start(int port);
  /// Sets the deadline of the connection from `peer` ("address:port", as
  /// cpp-httplib's remote_addr and remote_port); Clock::time_point::max(): none.
  void set(const std::string& peer, Clock::time_point deadline);
  /// Connections shut down so far.
  unsigned long long cut() const;

 private:
  struct Connection {
    int fd = -1;  ///< -1 until a scan has seen the socket
    Clock::time_point deadline;
    bool seen = false;
  };
  void loop();
  void scan(Clock::time_point now);
  std::chrono::milliseconds first_;
  int port_ = -1;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, Connection> connections_;  // by peer
  unsigned long long cut_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace syscensus::api
