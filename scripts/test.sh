#!/usr/bin/env bash
# Builds syscensus and runs its tests on SQLite and on a throwaway PostgreSQL
# cluster (scripts/pg_cluster.sh), installing missing packages first
# (scripts/deps.sh). This is what CI runs (.ci/run). Stages, in order:
#
#   test   build/test (gcc, -Werror) and the whole suite, which includes the
#          replay of every fuzz corpus (fuzz_replay:*)
#   asan   build/asan (gcc, SYSCENSUS_SANITIZE: AddressSanitizer, LeakSanitizer
#          and UndefinedBehaviorSanitizer, any finding fails) and the same suite
#   fuzz   build/fuzz (clang, SYSCENSUS_FUZZ: libFuzzer + ASan + UBSan): replay
#          each corpus, then fuzz each target for $FUZZ_SECONDS seconds (60;
#          0 replays only). A crasher fails the stage and is saved under
#          build/fuzz/crashers/<target>/ (see tests/README.md).
#
#   scripts/test.sh                  every stage (what CI runs)
#   scripts/test.sh --quick          the test stage only (a quick check while working)
#   scripts/test.sh --all            the same as no option (kept for old habits)
#   scripts/test.sh -R csv           other arguments go to ctest (test and asan stages)
#
# Stops at the first failing stage with its status; prints each stage's time.
# The cluster is removed on every exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

quick=0
case ${1:-} in
--all) shift ;;
--quick) quick=1; shift ;;
esac
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_TARGETS=(csv_reader csv_writer questionnaire)

source scripts/deps.sh
source scripts/pg_cluster.sh

trap pg_cluster_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
pg_cluster_start

timings=()
stage_start=0
begin_stage() {
  echo "== $1"
  stage_start=$SECONDS
}
end_stage() {
  timings+=("$(printf '%-28s %4ds' "$1" $((SECONDS - stage_start)))")
}
report() {
  echo "== stage times"
  printf '  %s\n' "${timings[@]}"
}

# Configure every time: the cluster's port, baked into the PostgreSQL tests, changes.
configure() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSYSCENSUS_WERROR=ON \
    -DSYSCENSUS_TEST_PG_URL="$PG_TEST_URL" "$@"
}

run_ctest() {
  ctest --test-dir "$1" --output-on-failure --no-tests=error -j2 --timeout 900 "${@:2}"
}

begin_stage "build (build/test)"
configure build/test
cmake --build build/test -j2
end_stage "build"

begin_stage "test (SQLite and PostgreSQL at 127.0.0.1:$PG_CLUSTER_PORT)"
status=0
run_ctest build/test "$@" || status=$?
end_stage "test"
if ((quick || status != 0)); then
  report
  exit "$status"
fi

begin_stage "asan build (build/asan)"
# -O1 with line tables only: the sanitizers' advice, and half the compile time
# of -O2 -g (one CLI translation unit: 27 s against 50 s), which is most of CI.
configure build/asan -DSYSCENSUS_SANITIZE=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1"
cmake --build build/asan -j2
end_stage "asan build"

begin_stage "asan test"
# Any finding ends the process with an error, so the test fails.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
# LeakSanitizer needs ptrace, which some containers forbid; it then aborts
# every process, so without it leaks go unchecked rather than all tests failing.
if build/asan/cli/syscensus --help 2>&1 >/dev/null | grep -q "LeakSanitizer has encountered a fatal error"; then
  echo "scripts/test.sh: LeakSanitizer cannot run here (ptrace refused); leaks are not checked"
  ASAN_OPTIONS=${ASAN_OPTIONS/detect_leaks=1/detect_leaks=0}
fi
run_ctest build/asan "$@" || status=$?
unset UBSAN_OPTIONS ASAN_OPTIONS
end_stage "asan test"
if ((status != 0)); then
  report
  exit "$status"
fi

begin_stage "fuzz build (build/fuzz, clang)"
configure build/fuzz -DCMAKE_CXX_COMPILER=clang++ -DSYSCENSUS_FUZZ=ON
cmake --build build/fuzz -j2 --target "${FUZZ_TARGETS[@]/#/fuzz_}"
end_stage "fuzz build"

begin_stage "fuzz replay"
run_ctest build/fuzz || status=$?
end_stage "fuzz replay"
if ((status != 0)); then
  report
  exit "$status"
fi

# Each target fuzzes from its committed corpus (the folders fuzz_replay:<target>
# replays, listed by CMake in fuzz_<target>.corpus) into a scratch corpus that is thrown away; inputs
# longer than 4 KiB add little but slow every run.
for target in "${FUZZ_TARGETS[@]}"; do
  ((FUZZ_SECONDS > 0)) || break
  begin_stage "fuzz $target (${FUZZ_SECONDS}s)"
  work=build/fuzz/work/$target
  crashers=build/fuzz/crashers/$target
  rm -rf "$work"
  mkdir -p "$work" "$crashers"
  mapfile -t corpus <build/fuzz/tests/fuzz/fuzz_"$target".corpus
  build/fuzz/tests/fuzz/fuzz_"$target" -max_total_time="$FUZZ_SECONDS" -max_len=4096 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$crashers/" "$work" "${corpus[@]}" 2>"$work.log" || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+[[:space:]]+DONE)' "$work.log" || true
  end_stage "fuzz $target"
  if ((status != 0)); then
    tail -n 60 "$work.log"
    echo "scripts/test.sh: fuzz_$target failed; the input is in $crashers/ (log: $work.log)"
    report
    exit "$status"
  fi
done
report
exit 0
