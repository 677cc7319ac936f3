#include "common/fault.hpp"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <string>

namespace syscensus::common {
namespace {

struct Fault {
  std::string name;  // empty: not armed
  long long pass = 1;
  std::atomic<long long> passes{0};

  Fault() {
    const char* env = std::getenv("SYSCENSUS_FAULT");
    if (env == nullptr) return;
    name = env;
    const auto colon = name.rfind(':');
    if (colon == std::string::npos) return;
    char* end = nullptr;
    const long long n = std::strtoll(name.c_str() + colon + 1, &end, 10);
    // A malformed count arms nothing rather than a point nobody meant.
    pass = *end == '\0' && n > 0 ? n : 0;
    name.resize(colon);
  }
};

// Read once, on the first pass through any point (a function-local static: thread-safe).
Fault& fault() {
  static Fault armed;
  return armed;
}

bool hit(std::string_view name) {
  Fault& f = fault();
  if (f.name.empty() || f.name != name) return false;
  return f.passes.fetch_add(1) + 1 == f.pass;
}

}  // namespace

void fault_point(std::string_view name) {
  if (hit(name)) std::raise(SIGKILL);
}

bool fault_fails(std::string_view name) { return hit(name); }

}  // namespace syscensus::common
