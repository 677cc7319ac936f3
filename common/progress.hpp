#pragma once
// Progress of long work (imports, uploads): the library reports what it has
// done, whoever runs it decides whether and how to show it (the CLI draws a
// status line on terminals; the server shows nothing).
#include <cstdint>
#include <functional>
#include <string_view>

namespace syscensus::common {

struct Progress {
  std::string_view stage;   ///< "reading", "storing", ...
  std::uint64_t rows = 0;   ///< rows read so far
  std::uint64_t bytes = 0;  ///< bytes of the input read so far
};

using ProgressFn = std::function<void(const Progress&)>;

/// Calls a ProgressFn once every `every` rows (and on demand), so the hot
/// loop pays one increment and one comparison per row.
class ProgressTicker {
 public:
  explicit ProgressTicker(const ProgressFn& fn, std::uint64_t every = 2048) : fn_(fn), every_(every) {}

  /// One more row; `bytes` is read only when the callback runs.
  template <typename Bytes>
  void row(Bytes&& bytes) {
    ++rows_;
    if (fn_ && rows_ % every_ == 0) fn_({"reading", rows_, bytes()});
  }
  /// Reports a stage change now (e.g. "storing" once the input is read).
  void stage(std::string_view name, std::uint64_t bytes) const {
    if (fn_) fn_({name, rows_, bytes});
  }
  std::uint64_t rows() const { return rows_; }

 private:
  const ProgressFn& fn_;
  std::uint64_t every_;
  std::uint64_t rows_ = 0;
};

}  // namespace syscensus::common
