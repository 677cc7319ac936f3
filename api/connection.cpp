#include "api/connection.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <functional>

namespace syscensus::api {
namespace {

thread_local Connection* t_current = nullptr;
thread_local Connection::Clock::time_point t_accepted;  // of the connection a worker is given

// cpp-httplib's thread pool, noting when each connection was accepted and how many wait.
class Queue final : public httplib::TaskQueue {
 public:
  Queue(std::size_t threads, std::atomic<long>& waiting) : pool_(threads), waiting_(waiting) {}
  void enqueue(std::function<void()> fn) override {
    ++waiting_;
    pool_.enqueue([this, fn = std::move(fn), accepted = Connection::Clock::now()] {
      --waiting_;
      t_accepted = accepted;
      fn();
    });
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  std::atomic<long>& waiting_;
};

// Bytes read from the socket at a time; request heads are parsed a byte at a time from here.
constexpr std::size_t kReadBuffer = 16 * 1024;
// An answer up to this size is kept and sent with one call; larger ones go out as written.
constexpr std::size_t kWriteBuffer = 64 * 1024;

// The address as cpp-httplib formats remote_addr (numeric host) and the port.
void address_of(const sockaddr_storage& address, socklen_t length, std::string& ip, int& port) {
  if (address.ss_family == AF_INET) {
    port = ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  } else if (address.ss_family == AF_INET6) {
    port = ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  } else {
    return;
  }
  std::array<char, NI_MAXHOST> host{};
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host.data(), host.size(), nullptr, 0,
                  NI_NUMERICHOST) == 0)
    ip = host.data();
}

}  // namespace

Connection::Connection(socket_t fd, std::chrono::milliseconds wait, Clock::time_point deadline)
    : fd_(fd), wait_(wait), deadline_(deadline), in_buffer_(kReadBuffer) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    address_of(address, length, remote_ip_, remote_port_);
  length = sizeof address;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    address_of(address, length, local_ip_, local_port_);
}

Connection* Connection::current() { return t_current; }

int Connection::poll_once(short events, Clock::duration limit) const {
  pollfd p{fd_, events, 0};
  // Rounded up: a wait of 0.4 ms must not become a busy poll of 0 ms.
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(limit).count();
  for (;;) {
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(ms, 60'000)));
    if (ready >= 0) return ready > 0 ? 1 : 0;
    if (errno != EINTR) return -1;
  }
}

bool Connection::wait(short events) const {
  if (cut_) return false;
  const auto now = Clock::now();
  if (now >= deadline_) {
    cut_ = true;
    return false;
  }
  const Clock::duration limit = std::min<Clock::duration>(wait_, deadline_ - now);
  const int ready = poll_once(events, limit);
  if (ready == 0 && Clock::now() >= deadline_) cut_ = true;
  return ready > 0;
}

bool Connection::wait_for_request(std::chrono::milliseconds idle, const std::function<bool()>& give_up) {
  if (in_ < end_) return true;  // a request sent right behind the last one
  const auto until = std::min(Clock::now() + idle, deadline_);
  for (;;) {
    const auto now = Clock::now();
    if (now >= until) {
      cut_ = now >= deadline_;
      return false;
    }
    const int ready = poll_once(POLLIN, std::min<Clock::duration>(until - now, std::chrono::milliseconds(100)));
    if (ready != 0) return ready > 0;
    if (give_up()) return false;
  }
}

ssize_t Connection::receive(char* ptr, size_t size) {
  for (;;) {
    const ssize_t got = ::recv(fd_, ptr, size, MSG_DONTWAIT);
    if (got >= 0) return got;
    if (errno == EINTR) continue;
    if ((errno != EAGAIN && errno != EWOULDBLOCK) || !wait(POLLIN)) return -1;
  }
}

ssize_t Connection::read(char* ptr, size_t size) {
  if (in_ == end_) {
    // What was written is due before the client sends more: an interim "100 Continue" answers
    // Expect: 100-continue, and the client sends the body only once it has it.
    if (!out_.empty() && !flush()) return -1;
    if (size >= in_buffer_.size()) return receive(ptr, size);  // a large body: no copy
    const ssize_t got = receive(in_buffer_.data(), in_buffer_.size());
    if (got <= 0) return got;
    in_ = 0;
    end_ = static_cast<std::size_t>(got);
  }
  const std::size_t n = std::min(size, end_ - in_);
  std::memcpy(ptr, in_buffer_.data() + in_, n);
  in_ += n;
  return static_cast<ssize_t>(n);
}

bool Connection::send_all(const char* ptr, size_t size) {
  while (size > 0) {
    const ssize_t sent = ::send(fd_, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent >= 0) {
      ptr += sent;
      size -= static_cast<size_t>(sent);
    } else if (errno != EINTR && ((errno != EAGAIN && errno != EWOULDBLOCK) || !wait(POLLOUT))) {
      return false;
    }
  }
  return true;
}

ssize_t Connection::write(const char* ptr, size_t size) {
  if (out_.size() + size <= kWriteBuffer) {
    out_.append(ptr, size);
  } else if (!flush() || !send_all(ptr, size)) {
    return -1;
  }
  return static_cast<ssize_t>(size);
}

bool Connection::flush() {
  const bool sent = !cut_ && send_all(out_.data(), out_.size());
  out_.clear();
  return sent;
}

bool Connection::is_readable() const { return in_ < end_ || wait(POLLIN); }
bool Connection::is_writable() const { return wait(POLLOUT); }

void Connection::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = remote_ip_;
  port = remote_port_;
}

void Connection::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = local_ip_;
  port = local_port_;
}

HttpServer::HttpServer(std::size_t threads, std::chrono::seconds request_limit) : request_limit_(request_limit) {
  new_task_queue = [this, threads] { return new Queue(threads, waiting_); };
}

bool HttpServer::widen_backlog() {
  // On a socket that listens already, listen() only changes the backlog.
  return svr_sock_ != INVALID_SOCKET && ::listen(svr_sock_, SOMAXCONN) == 0;
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  const auto seconds = [](time_t s, time_t us) {
    return std::chrono::milliseconds(s * 1000 + us / 1000);
  };
  Connection connection(sock, std::max(seconds(read_timeout_sec_, read_timeout_usec_),
                                       seconds(write_timeout_sec_, write_timeout_usec_)),
                        t_accepted + request_limit_);
  t_current = &connection;
  bool ok = false;
  for (std::size_t served = 0;; ++served) {
    // Idle between requests, the worker goes to a connection that waits for one.
    const auto give_up = [this, served] { return svr_sock_ == INVALID_SOCKET || (served > 0 && waiting_ > 0); };
    if (!connection.wait_for_request(std::chrono::seconds(keep_alive_timeout_sec_), give_up)) break;
    const bool last = served + 1 >= keep_alive_max_count_ && waiting_ > 0;  // answered with Connection: close
    bool closed = false;
    ok = process_request(connection, last, closed, nullptr);
    ok = connection.flush() && ok;
    if (!ok || closed || last || connection.closing()) break;
    connection.set_deadline(Connection::Clock::now() + request_limit_);  // for the next request's head
  }
  t_current = nullptr;
  if (connection.cut()) ++cut_;
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace syscensus::api
