// The server's client connection (api/connection.hpp) over a socket pair: answers go out whole,
// deadlines bound reads and writes, and bytes read past one request stay for the next.
#include "api/connection.hpp"

#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

using namespace syscensus;
using api::Connection;

namespace {

// Both ends of a local stream socket; the server's end is `server`.
struct Pair {
  int server = -1;
  int client = -1;
  Pair() {
    int fds[2];
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    server = fds[0];
    client = fds[1];
  }
  ~Pair() {
    if (server >= 0) close(server);
    if (client >= 0) close(client);
  }
  Pair(const Pair&) = delete;
  Pair& operator=(const Pair&) = delete;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

constexpr std::chrono::milliseconds kWait{10'000};

}  // namespace

TEST_CASE("connection: an answer goes out whole, within the buffer or beyond it", "[api][connection]") {
  const std::size_t body_size = GENERATE(std::size_t{2'000}, std::size_t{300'000});
  Pair pair;
  std::string received;
  std::thread reader([&] {
    char buffer[8192];
    ssize_t n = 0;
    while ((n = recv(pair.client, buffer, sizeof buffer, 0)) > 0) received.append(buffer, static_cast<std::size_t>(n));
  });
  std::string sent;
  {
    Connection connection(pair.server, kWait, Connection::Clock::now() + std::chrono::seconds(30));
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body_size) + "\r\n\r\n";
    std::string body(body_size, 'x');
    for (std::size_t i = 0; i < body.size(); i += 997) body[i] = static_cast<char>('a' + i % 26);
    CHECK(connection.write(head.data(), head.size()) == static_cast<ssize_t>(head.size()));
    CHECK(connection.write(body.data(), body.size()) == static_cast<ssize_t>(body.size()));
    CHECK(connection.flush());
    CHECK_FALSE(connection.cut());
    sent = head + body;
  }
  shutdown(pair.server, SHUT_WR);
  reader.join();
  CHECK(received == sent);
}

TEST_CASE("connection: a client that does not read its answer is cut at the deadline", "[api][connection]") {
  Pair pair;
  const auto start = std::chrono::steady_clock::now();
  Connection connection(pair.server, kWait, Connection::Clock::now() + std::chrono::milliseconds(300));
  const std::string answer(8 << 20, 'x');  // more than the socket buffers hold
  CHECK(connection.write(answer.data(), answer.size()) == -1);
  CHECK(connection.cut());
  const double took = seconds_since(start);
  CHECK(took >= 0.25);
  CHECK(took < 5.0);  // the deadline, not the ten-second wait per write
}

TEST_CASE("connection: a client that sends nothing is cut at the deadline", "[api][connection]") {
  Pair pair;
  const auto start = std::chrono::steady_clock::now();
  Connection connection(pair.server, kWait, Connection::Clock::now() + std::chrono::milliseconds(300));
  char byte = 0;
  CHECK(connection.read(&byte, 1) == -1);
  CHECK(connection.cut());
  CHECK(seconds_since(start) < 5.0);
}

TEST_CASE("connection: what was written goes out before a read waits for the client", "[api][connection]") {
  // As an interim "100 Continue" must: the client sends its body only once it has it.
  Pair pair;
  const timeval patience{10, 0};  // a server that never sends fails the test instead of hanging it
  setsockopt(pair.client, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  std::thread client([&pair] {
    char interim[3] = {};
    if (recv(pair.client, interim, sizeof interim, MSG_WAITALL) == 3 && std::string(interim, 3) == "100")
      send(pair.client, "body", 4, 0);
  });
  Connection connection(pair.server, kWait, Connection::Clock::now() + std::chrono::seconds(5));
  CHECK(connection.write("100", 3) == 3);
  char body[4] = {};
  CHECK(connection.read(body, sizeof body) == 4);
  CHECK(std::string(body, 4) == "body");
  client.join();
}

TEST_CASE("connection: bytes read past one request stay for the next", "[api][connection]") {
  Pair pair;
  const std::string first = "GET /a HTTP/1.1\r\n\r\n";
  const std::string second = "GET /b HTTP/1.1\r\n\r\n";
  const std::string both = first + second;
  REQUIRE(send(pair.client, both.data(), both.size(), 0) == static_cast<ssize_t>(both.size()));
  Connection connection(pair.server, kWait, Connection::Clock::now() + std::chrono::seconds(30));
  std::string read;
  char byte = 0;
  REQUIRE(connection.next() == Connection::Next::request);
  while (read.size() < first.size() && connection.read(&byte, 1) == 1) read += byte;
  CHECK(read == first);
  // Nothing more arrives on the socket: the second request is already read and waiting.
  REQUIRE(connection.next() == Connection::Next::request);
  char rest[64] = {};
  CHECK(connection.read(rest, sizeof rest) == static_cast<ssize_t>(second.size()));
  CHECK(std::string(rest) == second);
  CHECK(connection.next() == Connection::Next::pending);
}

TEST_CASE("connection: a request is ready once its whole head is in, without waiting for it", "[api][connection]") {
  Pair pair;
  Connection connection(pair.server, kWait, Connection::Clock::now() + std::chrono::seconds(30));
  const auto start = std::chrono::steady_clock::now();
  CHECK(connection.next() == Connection::Next::pending);  // nothing sent: no wait either
  CHECK(seconds_since(start) < 1.0);
  const auto send_text = [&pair](const std::string& text) {
    REQUIRE(send(pair.client, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size()));
  };
  send_text("GET /a HTTP/1.1\r\nHost: x\r\n");
  CHECK(connection.next() == Connection::Next::pending);  // the head has not ended
  connection.shed();  // as the server does while it waits: what came is kept
  send_text("\r");
  CHECK(connection.next() == Connection::Next::pending);
  connection.shed();
  send_text("\n");
  REQUIRE(connection.next() == Connection::Next::request);
  std::string head(256, '\0');
  head.resize(static_cast<std::size_t>(connection.read(head.data(), head.size())));
  CHECK(head == "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");  // what came in pieces, kept whole
  connection.shed();  // nothing unread: the buffers go, and come back for the next request
  send_text("GET /b HTTP/1.0\n\n");  // bare line feeds end a head too
  CHECK(connection.next() == Connection::Next::request);
  CHECK_FALSE(connection.cut());
}

TEST_CASE("connection: a head larger than the read buffer goes to the parser", "[api][connection]") {
  Pair pair;
  const std::string start = "GET /a HTTP/1.1\r\nX-Long: " + std::string(20 * 1024, 'a');  // not ended
  std::thread client([&] { send(pair.client, start.data(), start.size(), MSG_NOSIGNAL); });
  Connection connection(pair.server, kWait, Connection::Clock::now() + std::chrono::seconds(30));
  Connection::Next next = Connection::Next::pending;
  for (int i = 0; i < 100 && next == Connection::Next::pending; ++i) {
    next = connection.next();
    if (next == Connection::Next::pending) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(next == Connection::Next::request);  // its parser refuses the line as too long
  client.join();
}

TEST_CASE("connection: a closed client, or a head past its deadline, ends the connection", "[api][connection]") {
  Pair pair;
  Connection late(pair.server, kWait, Connection::Clock::now() + std::chrono::milliseconds(100));
  REQUIRE(send(pair.client, "GET /", 5, 0) == 5);
  CHECK(late.next() == Connection::Next::pending);
  CHECK_FALSE(late.cut());
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  CHECK(late.next() == Connection::Next::closed);
  CHECK(late.cut());

  Pair other;
  Connection closed(other.server, kWait, Connection::Clock::now() + std::chrono::seconds(30));
  close(other.client);
  other.client = -1;
  CHECK(closed.next() == Connection::Next::closed);
  CHECK_FALSE(closed.cut());  // a client that leaves is no fault
}
