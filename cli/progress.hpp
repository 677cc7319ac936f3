#pragma once
// A one-line status on the terminal for long imports and uploads:
//   systems.csv: 45,000 rows, 12,300 rows/s, 34%, 0:05 left
// drawn on standard error only when it is a terminal, redrawn at most ten
// times a second, shown only once the work has run for half a second, and
// erased when done so the command's summary line stands alone.
#include <chrono>
#include <cstdint>
#include <string>

#include "common/progress.hpp"

namespace syscensus::cli {

/// The status text (without terminal control): rows, rate, and with a known
/// total size, the share done and the time left.
std::string progress_text(const std::string& label, const common::Progress& p, std::uint64_t total_bytes,
                          double elapsed_seconds);

class ProgressLine {
 public:
  /// `total_bytes` is the input's size, 0 when unknown (a pipe).
  ProgressLine(std::string label, std::uint64_t total_bytes, bool enabled);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  /// The callback to hand to the import or upload (empty when disabled).
  const common::ProgressFn& callback() const { return callback_; }

 private:
  void draw(const common::Progress& p);

  std::string label_;
  std::uint64_t total_bytes_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
  bool drawn_ = false;
  common::ProgressFn callback_;
};

/// The size of a regular file, 0 when unknown (a pipe, a missing file).
std::uint64_t file_size(const std::string& path);

/// Whether progress may be drawn: standard error is a terminal that is not "dumb".
bool progress_wanted();

}  // namespace syscensus::cli
