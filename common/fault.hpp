#pragma once
// Fault injection, a test facility: named points in the write paths where a
// test can kill the process or make an operation fail, to prove that a crash
// or a full disk at that point loses or corrupts nothing. Armed only by the
// environment variable SYSCENSUS_FAULT=NAME or NAME:N (the Nth pass through the
// point, counted from 1; default 1), read once; unset, a point costs one
// comparison. Never set it in production.
#include <string_view>

namespace syscensus::common {

/// Kills the process with SIGKILL (no cleanup, no destructors, like a crash or
/// `kill -9`) on the pass SYSCENSUS_FAULT names; otherwise does nothing.
void fault_point(std::string_view name);

/// True on the pass SYSCENSUS_FAULT names (false otherwise): the caller then
/// fails as if the operating system had refused the operation there.
bool fault_fails(std::string_view name);

}  // namespace syscensus::common
