#include "api/watchdog.hpp"

#include <dirent.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

namespace syscensus::api {
namespace {

// How often the sockets and deadlines are looked at: a cut comes at most this late.
constexpr auto kTick = std::chrono::milliseconds(100);

int port_of(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  return -1;
}

// "address:port" of the socket's peer, formatted as cpp-httplib formats remote_addr; "" when
// `fd` is no socket of the server's port with a peer.
std::string peer_of(int fd, int server_port) {
  sockaddr_storage local{};
  socklen_t length = sizeof local;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0 || port_of(local) != server_port) return "";
  sockaddr_storage peer{};
  length = sizeof peer;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) return "";
  char host[NI_MAXHOST];
  if (getnameinfo(reinterpret_cast<sockaddr*>(&peer), length, host, sizeof host, nullptr, 0, NI_NUMERICHOST) != 0)
    return "";
  return std::string(host) + ":" + std::to_string(port_of(peer));
}

}  // namespace

Watchdog::Watchdog(std::chrono::milliseconds first) : first_(first) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Watchdog::start(int port) {
  port_ = port;
  thread_ = std::thread([this] { loop(); });
}

void Watchdog::set(const std::string& peer, Clock::time_point deadline) {
  std::lock_guard<std::mutex> lock(mutex_);
  connections_[peer].deadline = deadline;  // a connection newer than the last scan is added here
}

unsigned long long Watchdog::cut() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cut_;
}

// Every connected socket of the server's port, by peer; those gone are dropped.
void Watchdog::scan(Clock::time_point now) {
  for (auto& [peer, c] : connections_) c.seen = false;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (const dirent* entry = readdir(dir)) {
      if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
      const int fd = std::atoi(entry->d_name);
      struct stat info {};
      if (fstat(fd, &info) != 0 || !S_ISSOCK(info.st_mode)) continue;
      const std::string peer = peer_of(fd, port_);
      if (peer.empty()) continue;
      auto [it, added] = connections_.try_emplace(peer, Connection{fd, now + first_, true});
      it->second.fd = fd;
      it->second.seen = true;
    }
    closedir(dir);
  }
  for (auto it = connections_.begin(); it != connections_.end();) {
    if (it->second.seen) {
      ++it;
    } else if (it->second.fd == -1) {
      it->second.fd = -2;  // added by set() since the scan began: kept for one more scan
      ++it;
    } else {
      it = connections_.erase(it);  // closed
    }
  }
}

void Watchdog::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kTick);
    if (stopping_) break;
    const auto now = Clock::now();
    scan(now);
    for (auto& [peer, c] : connections_) {
      if (c.fd < 0 || c.deadline > now) continue;
      // The descriptor may have been closed and reused since the scan: shut it only if it is
      // still this peer's.
      if (peer_of(c.fd, port_) == peer) {
        shutdown(c.fd, SHUT_RDWR);
        ++cut_;
      }
      c.deadline = Clock::time_point::max();
    }
  }
}

}  // namespace syscensus::api
