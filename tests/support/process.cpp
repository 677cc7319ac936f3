#include "support/process.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace syscensus::testing {

CommandResult run_command(const std::string& command) {
  const std::string err_file = temp_file(".err");
  CommandResult result;
  FILE* pipe = popen((command + " 2>" + err_file).c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) result.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_file);
  result.err.assign(std::istreambuf_iterator<char>(err), {});
  std::remove(err_file.c_str());
  return result;
}

std::string temp_file(const std::string& suffix) {
  std::string path = (std::filesystem::temp_directory_path() / "syscensus_test_XXXXXX").string() + suffix;
  const int fd = mkstemps(path.data(), static_cast<int>(suffix.size()));
  REQUIRE(fd >= 0);
  close(fd);
  return path;
}

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  close(fd);
  return ntohs(address.sin_port);
}

}  // namespace syscensus::testing
