#include "cli/progress.hpp"

#include <catch2/catch.hpp>

using syscensus::cli::progress_text;
using syscensus::common::Progress;

TEST_CASE("progress: rows, rate, share done and time left while reading", "[progress]") {
  // 45,000 rows in 4 s of a 1,000,000-byte file of which 250,000 are read: 25%, 12 s left.
  CHECK(progress_text("systems.csv", {"reading", 45000, 250000}, 1000000, 4.0) ==
        "systems.csv: 45,000 rows, 11,250 rows/s, 25%, 0:12 left");
  // A quarter read in 20 minutes: an hour left.
  CHECK(progress_text("big.csv", {"reading", 1234567, 1000000}, 4000000, 1200.0) ==
        "big.csv: 1,234,567 rows, 1,028 rows/s, 25%, 1:00:00 left");
}

TEST_CASE("progress: without a known size, only rows and rate", "[progress]") {
  CHECK(progress_text("<stdin>", {"reading", 999, 5000}, 0, 0.5) == "<stdin>: 999 rows, 1,998 rows/s");
  CHECK(progress_text("<stdin>", {"reading", 10, 0}, 0, 0) == "<stdin>: 10 rows");
}

TEST_CASE("progress: later stages show the rows and the time spent", "[progress]") {
  CHECK(progress_text("r.csv", {"storing", 100000, 64000000}, 64000000, 75.2) == "r.csv: storing 100,000 rows, 1:15 elapsed");
}

TEST_CASE("progress: the ticker calls back every N rows and on stage changes", "[progress]") {
  std::vector<Progress> seen;
  const syscensus::common::ProgressFn fn = [&](const Progress& p) { seen.push_back(p); };
  syscensus::common::ProgressTicker ticker(fn, 3);
  std::uint64_t bytes = 0;
  for (int i = 0; i < 7; ++i) ticker.row([&] { return bytes += 10; });
  ticker.stage("storing", 999);
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].rows == 3);
  CHECK(seen[0].bytes == 10);  // bytes are asked for only when reporting
  CHECK(seen[1].rows == 6);
  CHECK(seen[2].stage == "storing");
  CHECK(seen[2].rows == 7);
  CHECK(seen[2].bytes == 999);
  const syscensus::common::ProgressFn none;
  syscensus::common::ProgressTicker quiet(none, 1);
  quiet.row([]() -> std::uint64_t { FAIL("bytes asked for with no callback"); return 0; });
  CHECK(quiet.rows() == 1);
}
