#pragma once
// Prometheus counters of the server: requests by route and status, a latency
// histogram and uploads by outcome. Thread-safe.
#include <array>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace syscensus::api {

class Metrics {
 public:
  /// Records one finished request; `path` is mapped to its documented route.
  void observe(const std::string& method, const std::string& path, int status, double seconds);
  /// The Prometheus text exposition.
  std::string text() const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, long long> requests_;
  std::array<long long, kBuckets.size()> buckets_{};
  double seconds_ = 0;
  long long count_ = 0;
  std::map<std::string, long long> uploads_;
};

/// The documented route a path belongs to (e.g. /api/v1/systems/{code}), or "other".
std::string route_of(const std::string& method, const std::string& path);

}  // namespace syscensus::api
