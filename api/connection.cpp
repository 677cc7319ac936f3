#include "api/connection.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_map>

namespace syscensus::api {
namespace {

thread_local Connection* t_current = nullptr;
thread_local Connection::Clock::time_point t_accepted;  // of the connection a worker is given
thread_local bool t_writer = false;                      // a worker of the pool for writes

// Bytes read from the socket at a time; request heads are parsed a byte at a time from here.
constexpr std::size_t kReadBuffer = 16 * 1024;
// An answer up to this size is kept and sent with one call; larger ones go out as written.
constexpr std::size_t kWriteBuffer = 64 * 1024;
// Room made for an answer at its first write: a lookup's head and body fit.
constexpr std::size_t kAnswer = 4 * 1024;

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
    : fd_(fd), wait_(wait), deadline_(deadline) {
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

bool Connection::head_in() const {
  if (in_ == end_) return false;
  // A head ends with an empty line; cpp-httplib takes a bare LF for CRLF.
  const char* const begin = in_buffer_.get() + in_;
  const char* const end = in_buffer_.get() + end_;
  for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr;) {
    ++p;
    if (p < end && *p == '\n') return true;
    if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') return true;
  }
  return false;
}

bool Connection::writes() const {
  const std::string_view line(in_buffer_.get() + in_, end_ - in_);
  for (const std::string_view method : {"POST ", "PUT ", "PATCH ", "DELETE "})
    if (line.substr(0, method.size()) == method) return true;
  return false;
}

void Connection::allocate() {
  if (!in_buffer_) in_buffer_.reset(new char[kReadBuffer]);
}

void Connection::shed() {
  if (in_ == end_) {
    in_buffer_.reset();
    in_ = end_ = 0;
  }
  std::string().swap(out_);
}

Connection::Next Connection::next() {
  for (;;) {
    if (head_in()) return Next::request;
    if (in_ > 0) {  // keep what is unread at the front, for the rest to follow it
      std::memmove(in_buffer_.get(), in_buffer_.get() + in_, end_ - in_);
      end_ -= in_;
      in_ = 0;
    }
    // A head longer than the buffer: the parser reads the rest and refuses what is too long.
    if (end_ == kReadBuffer) return Next::request;
    allocate();
    const ssize_t got = ::recv(fd_, in_buffer_.get() + end_, kReadBuffer - end_, MSG_DONTWAIT);
    if (got > 0) {
      end_ += static_cast<std::size_t>(got);
    } else if (got == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) {
      return Next::closed;
    } else if (errno != EINTR) {
      if (Clock::now() < deadline_) return Next::pending;
      cut_ = true;
      return Next::closed;
    }
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
    if (size >= kReadBuffer) return receive(ptr, size);  // a large body: no copy
    allocate();
    const ssize_t got = receive(in_buffer_.get(), kReadBuffer);
    if (got <= 0) return got;
    in_ = 0;
    end_ = static_cast<std::size_t>(got);
  }
  const std::size_t n = std::min(size, end_ - in_);
  std::memcpy(ptr, in_buffer_.get() + in_, n);
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
  if (out_.capacity() < kAnswer) out_.reserve(kAnswer);  // grown once, not per part
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

// Connections waiting for the rest of a request, without a thread: an epoll set, and a thread
// that hands each connection whose client sent something back to the worker pool. Every 100 ms it
// closes the connections idle for longer than the keep-alive time and cuts those past their
// deadline (a request head sent too slowly).
class Parker {
 public:
  using Wake = std::function<void(std::shared_ptr<Connection>)>;
  Parker(Wake wake, std::chrono::milliseconds idle)
      : wake_(std::move(wake)), idle_(idle), epoll_(epoll_create1(EPOLL_CLOEXEC)), stop_(eventfd(0, EFD_CLOEXEC)) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = stop_;
    if (epoll_ < 0 || stop_ < 0 || epoll_ctl(epoll_, EPOLL_CTL_ADD, stop_, &event) != 0) {
      close_fds();
      throw std::runtime_error(std::string("cannot watch idle connections: ") + std::strerror(errno));
    }
    thread_ = std::thread([this] { run(); });
  }
  ~Parker() {
    stop();
    close_fds();
  }
  Parker(const Parker&) = delete;
  Parker& operator=(const Parker&) = delete;

  /// Keeps `connection` until its client sends more; once stopped, lets it go (it closes).
  void park(std::shared_ptr<Connection> connection) {
    Connection& c = *connection;
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return;
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    event.data.fd = c.fd_;
    // Entered before it is watched: the event may come before epoll_ctl returns.
    parked_[c.fd_] = {std::move(connection), Connection::Clock::now()};
    if (epoll_ctl(epoll_, c.watched_ ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, c.fd_, &event) != 0) {
      parked_.erase(c.fd_);
      return;
    }
    c.watched_ = true;
  }

  std::size_t size() {
    std::lock_guard<std::mutex> lock(mutex_);
    return parked_.size();
  }

  /// Closes what is parked; later connections close instead of parking.
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
    }
    const std::uint64_t one = 1;
    if (::write(stop_, &one, sizeof one) != sizeof one) std::abort();  // an eventfd takes 8 bytes
    thread_.join();
    std::lock_guard<std::mutex> lock(mutex_);
    parked_.clear();
  }

 private:
  struct Parked {
    std::shared_ptr<Connection> connection;
    Connection::Clock::time_point since;
  };

  void run() {
    constexpr int kSweep = 100;  // ms
    std::array<epoll_event, 64> events{};
    auto sweep = Connection::Clock::now() + std::chrono::milliseconds(kSweep);
    std::vector<std::shared_ptr<Connection>> ready, closing;
    for (;;) {
      const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), kSweep);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        for (int i = 0; i < n; ++i) {
          if (events[i].data.fd == stop_) return;
          // Not found: the connection was closed by a sweep after epoll_wait returned.
          const auto found = parked_.find(events[i].data.fd);
          if (found == parked_.end()) continue;
          ready.push_back(std::move(found->second.connection));
          parked_.erase(found);
        }
        const auto now = Connection::Clock::now();
        if (now >= sweep) {
          for (auto it = parked_.begin(); it != parked_.end();) {
            Connection& c = *it->second.connection;
            // Past the deadline with part of a head in: too slow, cut. With nothing in, idle:
            // closed at the keep-alive time (never later than the deadline), no fault.
            const bool late = now >= c.deadline() && c.in_ < c.end_;
            if (late) c.mark_cut();
            if (late || now - it->second.since >= idle_ || now >= c.deadline()) {
              closing.push_back(std::move(it->second.connection));
              it = parked_.erase(it);
            } else {
              ++it;
            }
          }
          sweep = now + std::chrono::milliseconds(kSweep);
        }
      }
      closing.clear();  // closes them, outside the lock
      for (auto& c : ready) wake_(std::move(c));
      ready.clear();
    }
  }

  void close_fds() {
    if (epoll_ >= 0) ::close(epoll_);
    if (stop_ >= 0) ::close(stop_);
    epoll_ = stop_ = -1;
  }

  Wake wake_;
  std::chrono::milliseconds idle_;
  int epoll_;
  int stop_;
  std::mutex mutex_;
  bool stopped_ = false;
  std::unordered_map<int, Parked> parked_;
  std::thread thread_;
};

// cpp-httplib's task queue for the listener: the pools of workers for reads and for writes, and
// the parker. Notes when each connection was accepted (its first deadline counts from then) and
// how many wait for a worker.
class Queue final : public httplib::TaskQueue {
 public:
  Queue(HttpServer& server, std::size_t threads, std::size_t write_threads, std::chrono::milliseconds idle)
      : server_(server),
        reads_(threads),
        writes_(write_threads),
        parker_([this](std::shared_ptr<Connection> c) { resume(std::move(c), false); }, idle) {}

  void enqueue(std::function<void()> fn) override {  // an accepted connection
    ++server_.waiting_;
    reads_.enqueue([this, fn = std::move(fn), accepted = Connection::Clock::now()] {
      --server_.waiting_;
      t_accepted = accepted;
      fn();
    });
  }
  /// Puts `connection` in line for a worker of the pool for writes or for reads.
  void resume(std::shared_ptr<Connection> connection, bool write) {
    ++server_.waiting_;
    (write ? writes_ : reads_).enqueue([this, write, c = std::move(connection)]() mutable {
      --server_.waiting_;
      t_writer = write;
      server_.serve(std::move(c));
    });
  }
  void park(std::shared_ptr<Connection> connection) { parker_.park(std::move(connection)); }
  std::size_t parked() { return parker_.size(); }
  void shutdown() override {
    parker_.stop();
    reads_.shutdown();
    writes_.shutdown();
  }

 private:
  HttpServer& server_;
  httplib::ThreadPool reads_;
  httplib::ThreadPool writes_;
  Parker parker_;
};

HttpServer::HttpServer(std::size_t threads, std::size_t write_threads, std::chrono::seconds request_limit)
    : request_limit_(request_limit) {
  new_task_queue = [this, threads, write_threads] {
    queue_ = new Queue(*this, threads, write_threads, std::chrono::seconds(keep_alive_timeout_sec_));
    return queue_;
  };
}

std::size_t HttpServer::idle() const {
  // Between listens there is no queue: nothing waits.
  return is_running() && queue_ != nullptr ? queue_->parked() : 0;
}

bool HttpServer::widen_backlog() {
  // On a socket that listens already, listen() only changes the backlog.
  return svr_sock_ != INVALID_SOCKET && ::listen(svr_sock_, SOMAXCONN) == 0;
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  const auto seconds = [](time_t s, time_t us) {
    return std::chrono::milliseconds(s * 1000 + us / 1000);
  };
  const auto wait = std::max(seconds(read_timeout_sec_, read_timeout_usec_), seconds(write_timeout_sec_, write_timeout_usec_));
  serve(std::shared_ptr<Connection>(new Connection(sock, wait, t_accepted + request_limit_), [this](Connection* c) {
    if (c->cut()) ++cut_;
    ::shutdown(c->socket(), SHUT_RDWR);
    ::close(c->socket());
    delete c;
  }));
  return true;
}

void HttpServer::serve(std::shared_ptr<Connection> connection) {
  Connection& c = *connection;
  for (std::size_t served = 0;; ++served) {
    const bool stopping = svr_sock_ == INVALID_SOCKET;
    const Connection::Next next = c.next();
    if (next == Connection::Next::closed) return;
    if (next == Connection::Next::pending) {
      c.shed();
      if (!stopping) queue_->park(std::move(connection));
      return;
    }
    // A write goes to the workers for writes, a read back from them; requests sent back to back
    // take turns: after the keep-alive count in a row, the connection goes to the end of the line
    // if others wait in it.
    const bool write = c.writes();
    if (write != t_writer || (served >= keep_alive_max_count_ && waiting_ > 0)) {
      queue_->resume(std::move(connection), write);
      return;
    }
    t_current = &c;
    bool closed = false;
    const bool ok = process_request(c, stopping, closed, nullptr);
    t_current = nullptr;
    if (!c.flush() || !ok || closed || stopping || c.closing()) return;
    c.set_deadline(Connection::Clock::now() + request_limit_);  // for the next request's head
  }
}

}  // namespace syscensus::api
