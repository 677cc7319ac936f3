#pragma once
// Internal to api/: the server's client connections. cpp-httplib 0.11 parses requests and routes
// them; the sockets under it are read and written here (httplib::Server's
// process_and_close_socket, as its SSLServer does), because its own way costs and lacks:
// - It gave each connection a worker thread from accept to close. Here a worker takes a
//   connection only once a whole request head is in; between requests, and while a client is
//   still sending a head, the connection waits in an epoll set (the parker) without a thread.
// - Its timeouts apply to each read and each write, so a client that sends a byte now and then
//   (slowloris), or reads its answer that way, held a worker thread for ever. Here a whole request
//   has a deadline, which the server moves as a request goes (head, body, handler, answer).
// - It wrote an answer's head and body with a system call each, polled before every read and
//   write, and looked the peer's address up again for every request; bytes a client sent past one
//   request (pipelining) were lost with the per-request stream that had read them. Here an answer
//   goes out with one send, a read polls only when nothing is there yet, the addresses are looked
//   up once, and what was read stays with the connection.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace syscensus::api {

/// One client connection, as cpp-httplib's request parser reads and writes it. It does not own
/// the socket: whoever made it closes it.
class Connection final : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  /// `wait` bounds each read or write that has to wait for the client; `deadline` the first request.
  Connection(socket_t fd, std::chrono::milliseconds wait, Clock::time_point deadline);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// The connection the calling thread serves; nullptr outside a request.
  static Connection* current();

  /// By `deadline` the client must have sent or read what is due; Clock::time_point::max(): no deadline.
  void set_deadline(Clock::time_point deadline) { deadline_ = deadline; }
  Clock::time_point deadline() const { return deadline_; }
  /// True once a deadline passed: the connection is to be cut.
  bool cut() const { return cut_; }
  /// Marks the connection cut (its deadline passed while nobody was reading it).
  void mark_cut() { cut_ = true; }
  /// Closes the connection once the answer is out (e.g. one sent before a body was read).
  void close_after_answer() { closing_ = true; }
  bool closing() const { return closing_; }

  /// What the client has sent so far, read without waiting.
  enum class Next {
    request,  ///< a whole request head is in (or more than the read buffer holds): parse it
    pending,  ///< not yet: wait until the socket is readable and ask again
    closed,   ///< the client closed or failed, or the deadline passed
  };
  Next next();
  /// After next() gave `request`: true when its method writes (POST, PUT, PATCH, DELETE).
  bool writes() const;
  /// Frees the buffers while the connection waits for its client (what part of a head came in
  /// is kept): an idle connection then costs a few hundred bytes, not the 16 KiB read buffer and
  /// the capacity of its largest answer. They are made again when needed.
  void shed();

  /// Sends what write() kept (read() does too before it waits for the client); false when the
  /// client did not take it in time or is gone.
  bool flush();

  // httplib::Stream
  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  using httplib::Stream::write;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

 private:
  friend class Parker;
  /// One poll for `events` of at most `limit`: 1 ready, 0 timed out, -1 failed.
  int poll_once(short events, Clock::duration limit) const;
  /// Waits for `events` within the per-call wait and the deadline.
  bool wait(short events) const;
  ssize_t receive(char* ptr, size_t size);
  bool send_all(const char* ptr, size_t size);
  /// True when [in_, end_) holds the blank line that ends a request head.
  bool head_in() const;
  void allocate();

  socket_t fd_;
  std::chrono::milliseconds wait_;
  Clock::time_point deadline_;
  mutable bool cut_ = false;
  bool closing_ = false;
  bool watched_ = false;  // registered with the parker's epoll set
  std::string remote_ip_, local_ip_;
  int remote_port_ = 0, local_port_ = 0;
  std::unique_ptr<char[]> in_buffer_;  // kReadBuffer bytes, or none while idle
  std::size_t in_ = 0, end_ = 0;       // unread bytes: in_buffer_[in_, end_)
  std::string out_;               // the answer so far, sent by flush()
};

class Queue;

/// cpp-httplib's server over Connection. A worker serves a connection only while it has a request
/// in: a connection idle between requests (keep-alive), or whose client is still sending a request
/// head, waits in an epoll set without a thread (the parker), and goes back in line for a worker
/// once the rest arrives. cpp-httplib gave each connection a worker until it closed, so idle
/// clients kept others waiting, and the many threads needed for many clients took turns on the
/// processors and made the tail latency. Requests that write have workers of their own: they
/// take the database's write lock one at a time, and waiting for it must not take every worker
/// from the reads.
class HttpServer final : public httplib::Server {
 public:
  /// Serves reads with `threads` workers and writes with `write_threads`. A request's head must
  /// have come in within `request_limit` of the connection's accept (also while it waited for a
  /// worker) or of the answer before; the server moves the deadline on from there
  /// (Connection::current()).
  HttpServer(std::size_t threads, std::size_t write_threads, std::chrono::seconds request_limit);
  /// Lets connections queue up to the system's limit (somaxconn) before they are accepted; after
  /// bind. cpp-httplib 0.11 listens with a backlog of 5, so when 32 clients connect at once the
  /// rest are dropped and their connect is retried only a second later.
  bool widen_backlog();
  /// Connections cut so far because a deadline passed.
  unsigned long long cut() const { return cut_; }
  /// Connections waiting now for their client (idle, or a head coming in), without a worker.
  std::size_t idle() const;
  /// Connections waiting now for a worker, with a request in (or just accepted).
  long queued() const { return waiting_; }

 private:
  friend class Queue;
  bool process_and_close_socket(socket_t sock) override;
  /// Serves the requests `connection` has in, then parks it or closes it.
  void serve(std::shared_ptr<Connection> connection);

  std::chrono::seconds request_limit_;
  std::atomic<unsigned long long> cut_{0};
  std::atomic<long> waiting_{0};  // connections in line for a worker
  Queue* queue_ = nullptr;        // the running listener's, set before it accepts
};

}  // namespace syscensus::api
