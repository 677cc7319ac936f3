#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace syscensus::cli {
namespace {

std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string clock_text(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  char text[32];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
  }
  return text;
}

}  // namespace

std::string progress_text(const std::string& label, const common::Progress& p, std::uint64_t total_bytes,
                          double elapsed_seconds) {
  std::string text = label + ": ";
  if (p.stage != "reading") text += std::string(p.stage) + " ";
  text += grouped(p.rows) + " rows";
  if (p.stage == "reading") {
    if (elapsed_seconds > 0) text += ", " + grouped(static_cast<std::uint64_t>(p.rows / elapsed_seconds)) + " rows/s";
    if (total_bytes > 0 && p.bytes > 0 && p.bytes <= total_bytes) {
      const double done = static_cast<double>(p.bytes) / static_cast<double>(total_bytes);
      text += ", " + std::to_string(static_cast<int>(done * 100)) + "%";
      if (elapsed_seconds > 0 && done > 0) text += ", " + clock_text(elapsed_seconds * (1 - done) / done) + " left";
    }
  } else {
    text += ", " + clock_text(elapsed_seconds) + " elapsed";
  }
  return text;
}

std::uint64_t file_size(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  return error ? 0 : size;
}

bool progress_wanted() {
  const char* term = std::getenv("TERM");
  return isatty(STDERR_FILENO) != 0 && (term == nullptr || std::strcmp(term, "dumb") != 0);
}

ProgressLine::ProgressLine(std::string label, std::uint64_t total_bytes, bool enabled)
    : label_(std::move(label)), total_bytes_(total_bytes) {
  if (enabled) callback_ = [this](const common::Progress& p) { draw(p); };
}

ProgressLine::~ProgressLine() {
  if (drawn_) std::fputs("\r\033[K", stderr);  // erase: the summary follows on a clean line
}

void ProgressLine::draw(const common::Progress& p) {
  using namespace std::chrono;
  const auto now = steady_clock::now();
  const bool stage_change = p.stage != "reading";
  if (now - start_ < milliseconds(500)) return;                         // short work: no flicker
  if (!stage_change && drawn_ && now - last_ < milliseconds(100)) return;  // ten redraws a second at most
  last_ = now;
  drawn_ = true;
  const std::string text = progress_text(label_, p, total_bytes_, duration<double>(now - start_).count());
  std::fprintf(stderr, "\r\033[K%s", text.c_str());
  std::fflush(stderr);
}

}  // namespace syscensus::cli
