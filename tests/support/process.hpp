#pragma once
// Running the program as a user does, for the tests that go through the
// binary: a shell command's exit code and output, temp files, a free port.
#include <string>

namespace syscensus::testing {

/// What a command did: its exit code (-1 if it did not exit), standard output and error.
struct CommandResult {
  int code = -1;
  std::string out;
  std::string err;
};

/// Runs `command` through the shell and waits for it.
CommandResult run_command(const std::string& command);

/// A new empty file in the temp folder, named syscensus_test_XXXXXX<suffix>; the caller removes it.
std::string temp_file(const std::string& suffix);

/// A TCP port on the loopback interface that nothing listens on just now.
int free_port();

}  // namespace syscensus::testing
