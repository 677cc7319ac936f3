#include "api/metrics.hpp"

#include <regex>
#include <sstream>
#include <vector>

#include "api/server.hpp"

namespace syscensus::api {
namespace {

struct Pattern {
  std::string method;
  std::string route;
  std::regex regex;
};

const std::vector<Pattern>& patterns() {
  static const std::vector<Pattern> list = [] {
    std::vector<Pattern> out;
    static const std::regex parameter(R"(\{[a-z]+\})");
    for (const RouteDoc& doc : route_docs()) {
      std::string escaped = std::regex_replace(doc.path, std::regex(R"([.])"), R"(\.)");
      out.push_back({doc.method, doc.path, std::regex(std::regex_replace(escaped, parameter, "[^/]+"))});
    }
    return out;
  }();
  return list;
}

}  // namespace

std::string route_of(const std::string& method, const std::string& path) {
  for (const Pattern& p : patterns())
    if (p.method == method && std::regex_match(path, p.regex)) return p.route;
  return "other";
}

void Metrics::observe(const std::string& method, const std::string& path, int status, double seconds) {
  const std::string route = route_of(method, path);
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, method, status}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++buckets_[i];
  seconds_ += seconds;
  ++count_;
  if (route == "/api/v1/campaigns/{code}/uploads")
    ++uploads_[status == 201 ? "accepted" : status == 200 ? "identical" : status == 422 ? "rejected" : "refused"];
}

std::string Metrics::text() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::ostringstream out;
  out << "# HELP syscensus_http_requests_total Requests by route, method and status.\n"
      << "# TYPE syscensus_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out << "syscensus_http_requests_total{route=\"" << std::get<0>(key) << "\",method=\"" << std::get<1>(key)
        << "\",status=\"" << std::get<2>(key) << "\"} " << n << "\n";
  out << "# HELP syscensus_http_request_seconds Request latency.\n"
      << "# TYPE syscensus_http_request_seconds histogram\n";
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    out << "syscensus_http_request_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << buckets_[i] << "\n";
  out << "syscensus_http_request_seconds_bucket{le=\"+Inf\"} " << count_ << "\n"
      << "syscensus_http_request_seconds_sum " << seconds_ << "\n"
      << "syscensus_http_request_seconds_count " << count_ << "\n"
      << "# HELP syscensus_uploads_total Survey uploads by outcome.\n"
      << "# TYPE syscensus_uploads_total counter\n";
  for (const auto& [outcome, n] : uploads_) out << "syscensus_uploads_total{outcome=\"" << outcome << "\"} " << n << "\n";
  return out.str();
}

}  // namespace syscensus::api
