#!/usr/bin/env bash
# The benchmark of syscensus (issue 5): each target measured side by side with a reference on the
# same data, database and machine, in one run; median of N runs with min and max, and the ratio.
#
#   bash bench/run.sh [--size 100k] [--backend sqlite|postgresql|both] [--runs N]
#                     [--memory-sizes "10k 100k"] [--seconds 10] [--connections 32]
#                     [--threads N] [--timeout S] [--data DIR] [--keep] [--results DIR]
#                     [--steps "import upload reports api memory progress"]
#
#   1. systems import           vs sqlite3 .import / psql \copy of the same file into a plain table
#   2. national survey upload   vs sqlite3 .import / psql \copy of the same file into a text table
#   3. report coverage, compliance (by province) and gaps (top 10) on the round just uploaded
#                               vs the hand-written SQL in bench/sql/<backend>/ (same numbers checked)
#   4. HTTP GET /api/v1/systems/{code} under wrk (and a filtered list, no reference)
#                               vs pgbench point lookups by primary key, same client count (PostgreSQL)
#   5. peak RSS of the national upload at each --memory-sizes size (one run each)
# Builds a Release binary in /tmp/bench-build when needed, generates the data with bench/gen.py in
# a temp folder, starts a throwaway PostgreSQL cluster (scripts/pg_cluster.sh), stops and removes
# everything on exit. Loopback only. Prints the table and writes bench/results/latest.md (and the
# raw samples beside it). Needs: python3, sqlite3, psql + a PostgreSQL server, pgbench, wrk, curl.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
BUILD=${BENCH_BUILD_DIR:-/tmp/bench-build}
SIZE=100k
BACKEND=both
RUNS=3
MEMORY_SIZES="10k 100k"
SECONDS_PER_LOAD=10
CONNECTIONS=32
THREADS=""
STEP_TIMEOUT=1800
DATA_ROOT=""
KEEP=0
STEPS="import upload reports api memory progress"
RESULTS=$BENCH/results

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

while (($#)); do
  case $1 in
  --size) SIZE=$2; shift 2 ;;
  --backend) BACKEND=$2; shift 2 ;;
  --runs) RUNS=$2; shift 2 ;;
  --memory-sizes) MEMORY_SIZES=$2; shift 2 ;;
  --seconds) SECONDS_PER_LOAD=$2; shift 2 ;;
  --connections) CONNECTIONS=$2; shift 2 ;;
  --threads) THREADS=$2; shift 2 ;;
  --timeout) STEP_TIMEOUT=$2; shift 2 ;;
  --data) DATA_ROOT=$2; shift 2 ;;
  --keep) KEEP=1; shift ;;
  --steps) STEPS=$2; shift 2 ;;
  --results) RESULTS=$2; shift 2 ;;
  -h | --help) usage; exit 0 ;;
  *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
# shellcheck source=lib.sh
source "$BENCH/lib.sh"
set_backends run.sh "$BACKEND"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs must be a positive number" >&2; exit 2; }
for tool in python3 sqlite3 curl /usr/bin/time timeout; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 2; }
done
if [[ " ${BACKENDS[*]} " == *" postgresql "* ]]; then
  for tool in psql pgbench wrk; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (apt-get install postgresql-client wrk)" >&2; exit 2; }
  done
fi


# ---- clean-up: the temp folder, the server we started, the PostgreSQL cluster -------------------
WORK=$(mktemp -d /tmp/syscensus-bench.XXXXXXXX)
chmod 755 "$WORK"
SERVER_PID=""
# shellcheck source=../scripts/pg_cluster.sh
source "$ROOT/scripts/pg_cluster.sh"
cleanup() {
  stop_server
  pg_cluster_stop
  if ((KEEP)); then
    log "kept $WORK"
  else
    rm -rf -- "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- build ---------------------------------------------------------------------------------------
if [[ ! -f $BUILD/CMakeCache.txt ]]; then
  log "configuring a Release build in $BUILD"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYSCENSUS_TESTS=OFF >"$WORK/cmake.log" 2>&1 ||
    { cat "$WORK/cmake.log" >&2; exit 1; }
fi
COMMIT_BEFORE=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
log "building $BUILD (Release) at commit $COMMIT_BEFORE"
cmake --build "$BUILD" >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; exit 1; }
S=$BUILD/cli/syscensus
COMMIT_AFTER=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
if [[ $COMMIT_BEFORE != "$COMMIT_AFTER" ]]; then
  log "WARNING: the repository moved from $COMMIT_BEFORE to $COMMIT_AFTER during the build; building again"
  cmake --build "$BUILD" >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; exit 1; }
  COMMIT_BEFORE=$COMMIT_AFTER
fi
export SYSCENSUS_TOKEN_KEY
SYSCENSUS_TOKEN_KEY=$(head -c 32 /dev/urandom | base64)

# ---- data ------------------------------------------------------------------------------------------
DATA_ROOT=${DATA_ROOT:-$WORK/data}
gen() { # gen SIZE: the folder holding the data set of that size (generated once)
  local dir=$DATA_ROOT/$1
  if [[ ! -f $dir/manifest.json ]]; then
    log "generating the $1 data set into $dir"
    python3 "$BENCH/gen.py" --size "$1" --out "$dir" >&2
  fi
  printf '%s\n' "$dir"
}
DATA=$(gen "$SIZE")
manifest() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1/manifest.json" "$2"; }
CAMPAIGN=$(manifest "$DATA" campaign)
OPERATING=$(manifest "$DATA" operating)

SAMPLES=$WORK/samples.tsv
: >"$SAMPLES"
sample() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$SAMPLES"; }

# timed LABEL CMD...: runs CMD (stdout to $WORK/LABEL.out, stderr to $WORK/LABEL.err) under
# `timeout` and /usr/bin/time; sets T (wall seconds), RSS_MB (peak RSS) and returns CMD's status.
timed() {
  local label=$1 t0 t1 rc=0
  shift
  t0=$(date +%s%N)
  timeout --signal=TERM --kill-after=10 "$STEP_TIMEOUT" /usr/bin/time -f %M -o "$WORK/$label.rss" "$@" \
    >"$WORK/$label.out" 2>"$WORK/$label.err" || rc=$?
  t1=$(date +%s%N)
  T=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
  RSS_MB=$(awk '/^[0-9]+$/ { printf "%.1f", $1 / 1024 }' "$WORK/$label.rss" 2>/dev/null || true)
  if ((rc != 0)); then
    log "FAILED ($rc after ${T}s): $*"
    tail -5 "$WORK/$label.err" >&2 || true
  fi
  return $rc
}

# measure BACKEND STEP SIDE LABEL CMD...: one timed run recorded as a sample.
measure() {
  local backend=$1 step=$2 side=$3 label=$4
  shift 4
  if timed "$label" "$@"; then
    sample "$backend" "$step" "$side" seconds "$T"
    [[ -n $RSS_MB ]] && sample "$backend" "$step" "$side" rss_mb "$RSS_MB"
    log "  $backend | $step | $side: ${T}s, ${RSS_MB} MB"
  else
    sample "$backend" "$step" "$side" seconds FAILED
  fi
}

# ---- per backend: databases -----------------------------------------------------------------
# SQLite: a database is a file; copies of a prepared file start each run from the same state.
sqlite_url() { printf 'sqlite:%s\n' "$WORK/sqlite/$1.db"; }
sqlite_fresh() { rm -f "$WORK/sqlite/$1.db" "$WORK/sqlite/$1.db-wal" "$WORK/sqlite/$1.db-shm"; }
sqlite_copy() { # FROM TO
  sqlite_fresh "$2"
  sqlite3 "$WORK/sqlite/$1.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  cp "$WORK/sqlite/$1.db" "$WORK/sqlite/$2.db"
}
# PostgreSQL: a database per state, copied with CREATE DATABASE ... TEMPLATE.
pg_url() { printf 'postgresql://postgres@127.0.0.1:%s/%s\n' "$PG_CLUSTER_PORT" "$1"; }
export PGOPTIONS="-c client_min_messages=warning"
pg_psql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U postgres "$@"; }
pg_fresh() { pg_psql -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null; }
pg_copy() { pg_psql -d postgres -c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2 TEMPLATE $1" >/dev/null; }

db_url() { if [[ $1 == sqlite ]]; then sqlite_url "$2"; else pg_url "$2"; fi; }
db_fresh() { if [[ $1 == sqlite ]]; then sqlite_fresh "$2"; else pg_fresh "$2"; fi; }
db_copy() { if [[ $1 == sqlite ]]; then sqlite_copy "$2" "$3"; else pg_copy "$2" "$3"; fi; }
sc() { # sc BACKEND DB ARGS...: syscensus on that database, output to stderr on failure
  local backend=$1 db=$2
  shift 2
  "$S" --db "$(db_url "$backend" "$db")" "$@" >"$WORK/setup.out" 2>&1 || { cat "$WORK/setup.out" >&2; return 1; }
}

# prepare BACKEND DATA PREFIX: PREFIX_base (units, entities) and PREFIX_ready (systems,
# questionnaire, round opened), untimed.
prepare() {
  local b=$1 data=$2 p=$3
  log "$b: preparing ${p}_base and ${p}_ready from $data"
  db_fresh "$b" "${p}_base"
  sc "$b" "${p}_base" init
  sc "$b" "${p}_base" units import "$data/units.csv"
  sc "$b" "${p}_base" entities import "$data/entities.csv"
  db_copy "$b" "${p}_base" "${p}_ready"
  sc "$b" "${p}_ready" systems import "$data/systems.csv"
  sc "$b" "${p}_ready" questionnaire import "$data/questionnaire.json"
  sc "$b" "${p}_ready" campaign create "$CAMPAIGN" --questionnaire "$(manifest "$data" questionnaire)" \
    --title "Tự đánh giá bảo đảm an toàn thông tin năm 2026" --opens 2026-11-01 --closes 2026-12-25
  sc "$b" "${p}_ready" campaign open "$CAMPAIGN"
  if [[ $b == postgresql ]]; then pg_psql -d "${p}_ready" -c "ANALYZE" >/dev/null; fi
}

# The reference loads: the same file into a plain table of text columns.
csv_header() { head -n 1 "$1" | sed 's/^\xEF\xBB\xBF//; s/\r$//'; }
reference_load() { # BACKEND FILE TABLE LABEL STEP
  local b=$1 file=$2 table=$3 label=$4 step=$5 cols
  cols=$(csv_header "$file" | tr ',' '\n' | awk '{ printf "%s\"%s\" text", (NR > 1 ? ", " : ""), $0 }')
  if [[ $b == sqlite ]]; then
    rm -f "$WORK/sqlite/ref.db" "$WORK/sqlite/ref.db-wal" "$WORK/sqlite/ref.db-shm"
    # The same storage settings syscensus uses (WAL, synchronous NORMAL); .import creates the table
    # from the header and loads all rows in one transaction.
    sqlite3 "$WORK/sqlite/ref.db" "PRAGMA journal_mode=WAL;" >/dev/null
    measure "$b" "$step" reference "$label" sqlite3 "$WORK/sqlite/ref.db" "PRAGMA synchronous=NORMAL;" \
      ".import --csv $file $table"
    REF_ROWS=$(sqlite3 "$WORK/sqlite/ref.db" "SELECT count(*) FROM $table")
  else
    pg_psql -d ref -c "DROP TABLE IF EXISTS $table" -c "CREATE TABLE $table ($cols)" >/dev/null
    measure "$b" "$step" reference "$label" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_CLUSTER_PORT" \
      -U postgres -d ref -c "\\copy $table FROM '$file' WITH (FORMAT csv, HEADER true)"
    REF_ROWS=$(pg_psql -d ref -At -c "SELECT count(*) FROM $table")
  fi
}

# ---- the steps ------------------------------------------------------------------------------
step_systems_import() {
  local b=$1 i rows
  rows=$(($(wc -l <"$DATA/systems.csv") - 1))
  log "$b: 1. systems import ($rows rows) vs raw load, $RUNS runs"
  for ((i = 1; i <= RUNS; i++)); do
    db_copy "$b" main_base run
    measure "$b" "systems import" target "sys_import_${b}_$i" "$S" --db "$(db_url "$b" run)" systems import "$DATA/systems.csv"
    reference_load "$b" "$DATA/systems.csv" systems_raw "sys_ref_${b}_$i" "systems import"
    [[ $REF_ROWS == "$rows" ]] || log "WARNING: the reference loaded $REF_ROWS rows, not $rows"
  done
}

step_upload() {
  local b=$1 i
  log "$b: 2. national upload ($OPERATING rows) vs raw load, $RUNS runs"
  for ((i = 1; i <= RUNS; i++)); do
    db_copy "$b" main_ready upload
    measure "$b" "survey upload" target "upload_${b}_$i" "$S" --db "$(db_url "$b" upload)" --as admin \
      survey upload "$CAMPAIGN" "$DATA/survey_national.csv"
    grep -q "$OPERATING" "$WORK/upload_${b}_$i.out" "$WORK/upload_${b}_$i.err" ||
      log "WARNING: the receipt does not mention $OPERATING rows: $(head -c 300 "$WORK/upload_${b}_$i.out")"
    reference_load "$b" "$DATA/survey_national.csv" survey_raw "upload_ref_${b}_$i" "survey upload"
    [[ $REF_ROWS == "$OPERATING" ]] || log "WARNING: the reference loaded $REF_ROWS rows, not $OPERATING"
  done
  if [[ $b == postgresql ]]; then pg_psql -d upload -c "ANALYZE" >/dev/null; fi
}

step_reports() {
  local b=$1 i kind args ref
  log "$b: 3. reports on the uploaded round vs hand-written SQL, $RUNS runs"
  for kind in coverage compliance gaps; do
    case $kind in
    coverage) args=(report coverage "$CAMPAIGN" --by province); ref="report coverage --by province" ;;
    compliance) args=(report compliance "$CAMPAIGN" --by province); ref="report compliance --by province" ;;
    gaps) args=(report gaps "$CAMPAIGN" --limit 10); ref="report gaps --limit 10" ;;
    esac
    for ((i = 1; i <= RUNS; i++)); do
      measure "$b" "$ref" target "rep_${kind}_${b}_$i" "$S" --db "$(db_url "$b" upload)" --format csv "${args[@]}"
      if [[ $b == sqlite ]]; then
        measure "$b" "$ref" reference "rep_ref_${kind}_${b}_$i" sqlite3 -bail -csv -header "$WORK/sqlite/upload.db" \
          ".read $BENCH/sql/sqlite/$kind.sql"
      else
        measure "$b" "$ref" reference "rep_ref_${kind}_${b}_$i" psql -X -q -v ON_ERROR_STOP=1 --csv \
          -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U postgres -d upload -f "$BENCH/sql/postgresql/$kind.sql"
      fi
    done
    python3 "$BENCH/report.py" compare "$b $kind" "$WORK/rep_${kind}_${b}_1.out" "$WORK/rep_ref_${kind}_${b}_1.out" >&2 ||
      log "WARNING: $b $kind: the report and the reference differ (see above)"
  done
}

wrk_run() { # BACKEND STEP LABEL SCRIPT
  local b=$1 step=$2 label=$3 script=$4 line
  BENCH_TOKEN=$TOKEN BENCH_CODES=$DATA/lookup_codes.txt timeout $((SECONDS_PER_LOAD + 60)) \
    wrk -t 2 -c "$CONNECTIONS" -d "${SECONDS_PER_LOAD}s" --timeout 10s -s "$script" "http://127.0.0.1:$HTTP_PORT" \
    >"$WORK/$label.out" 2>&1 || true
  line=$(grep '^BENCH ' "$WORK/$label.out" || true)
  if [[ -z $line ]]; then
    log "FAILED: wrk ($label)"
    tail -5 "$WORK/$label.out" >&2
    sample "$b" "$step" target rps FAILED
    return
  fi
  local kv
  for kv in $line; do
    case $kv in
    rps=*) sample "$b" "$step" target rps "${kv#rps=}" ;;
    p99_ms=*) sample "$b" "$step" target p99_ms "${kv#p99_ms=}" ;;
    errors=*) sample "$b" "$step" target errors "${kv#errors=}" ;;
    esac
  done
  log "  $b | $step | ${line#BENCH }"
}

step_api() {
  local b=$1 i max_id threads_opt=()
  [[ -n $THREADS ]] && threads_opt=(--threads "$THREADS")
  log "$b: 4. HTTP lookups under wrk (${CONNECTIONS} connections, ${SECONDS_PER_LOAD}s) vs pgbench, $RUNS runs"
  TOKEN=$("$S" --db "$(db_url "$b" upload)" token create --name "bench-$b" --role reader 2>>"$WORK/token.err" | tail -n 1)
  # The upload step has just written this database and the reference's 100k-row table: settled
  # first, or autovacuum works on them during the measured runs (of the server and pgbench alike).
  if [[ $b == postgresql ]]; then vacuumdb --all --analyze --quiet -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U postgres; fi
  start_server "$S" "$(db_url "$b" upload)" "$WORK/serve_$b.out" "$WORK/serve_$b.log" "${threads_opt[@]}" ||
    log "WARNING: the server did not answer /healthz"
  local code
  code=$(head -n 1 "$DATA/lookup_codes.txt")
  curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP_PORT/api/v1/systems/$code" >"$WORK/one_system.json" ||
    log "WARNING: GET /api/v1/systems/$code failed"
  # pgbench's rate leaves out its initial connection time; the server opens a database session per
  # worker as the first requests come in (14 ms each here, and 32 at once): a load not measured
  # opens them first, or the first run counts them (p99 1.2-1.5 s in its first two seconds).
  BENCH_TOKEN=$TOKEN BENCH_CODES=$DATA/lookup_codes.txt timeout 60 wrk -t 2 -c "$CONNECTIONS" -d 3s --timeout 10s \
    -s "$BENCH/wrk/lookup.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null 2>&1 || true
  for ((i = 1; i <= RUNS; i++)); do
    wrk_run "$b" "GET /api/v1/systems/{code}" "wrk_lookup_${b}_$i" "$BENCH/wrk/lookup.lua"
    if [[ $b == postgresql ]]; then
      max_id=$(pg_psql -d upload -At -c "SELECT max(id) FROM systems")
      timeout $((SECONDS_PER_LOAD + 60)) pgbench -n -c "$CONNECTIONS" -j 2 -T "$SECONDS_PER_LOAD" -D max="$max_id" \
        -f "$BENCH/sql/postgresql/lookup.pgbench" -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U postgres upload \
        >"$WORK/pgbench_$i.out" 2>&1 || true
      local tps
      tps=$(awk '/^tps = / { print $3; exit }' "$WORK/pgbench_$i.out")
      if [[ -n $tps ]]; then
        sample "$b" "GET /api/v1/systems/{code}" reference rps "$tps"
        log "  $b | pgbench | tps=$tps $(grep -m1 'latency average' "$WORK/pgbench_$i.out")"
      else
        log "FAILED: pgbench"
        tail -5 "$WORK/pgbench_$i.out" >&2
      fi
    fi
  done
  for ((i = 1; i <= RUNS; i++)); do
    wrk_run "$b" "GET /api/v1/systems?province&level&limit=50" "wrk_list_${b}_$i" "$BENCH/wrk/list.lua"
  done
  stop_server
}

step_memory() {
  local b=$1 size data prefix rows
  for size in $MEMORY_SIZES; do
    log "$b: 5. peak RSS of the national upload at $size"
    if [[ $size == "$SIZE" ]]; then
      data=$DATA prefix=main
    else
      data=$(gen "$size") prefix=mem
      prepare "$b" "$data" mem
    fi
    rows=$(manifest "$data" operating)
    db_copy "$b" "${prefix}_ready" memrun
    if timed "mem_${b}_$size" "$S" --db "$(db_url "$b" memrun)" --as admin survey upload "$CAMPAIGN" "$data/survey_national.csv"; then
      sample "$b" "upload peak RSS $size" target rss_mb "$RSS_MB"
      sample "$b" "upload peak RSS $size" target rows "$rows"
      sample "$b" "upload peak RSS $size" target seconds "$T"
      log "  $b | upload $size ($rows rows): ${RSS_MB} MB peak, ${T}s"
    fi
    if [[ $b == sqlite ]]; then
      rm -f "$WORK/sqlite/ref.db"
      timed "mem_ref_${b}_$size" sqlite3 "$WORK/sqlite/ref.db" ".import --csv $data/survey_national.csv raw" &&
        sample "$b" "upload peak RSS $size" reference rss_mb "$RSS_MB"
    fi
    db_fresh "$b" memrun
  done
}

# Progress on a terminal (issue 5): the national upload once more, under a pseudo-terminal
# (script(1)); what it printed is shown under the table. The timed runs above had no terminal.
step_progress() {
  local b=$1
  if ! command -v script >/dev/null; then
    PROGRESS_TTY="(script(1) is not installed)"
    return
  fi
  db_copy "$b" main_ready tty
  timeout "$STEP_TIMEOUT" script -qec "$S --db $(db_url "$b" tty) --as admin survey upload $CAMPAIGN $DATA/survey_national.csv" \
    /dev/null >"$WORK/tty.out" 2>&1 </dev/null || true
  # Lines as a terminal shows them: without the escape sequences that clear them.
  PROGRESS_TTY=$(sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$WORK/tty.out" | tr '\r' '\n' | grep -v '^$' | head -c 800 | tr '\n' ' ')
  QUIET_NO_TTY=$(cat "$WORK/upload_${b}_1.err" "$WORK/upload_${b}_1.out" | head -c 400 | tr '\r\n' '  ')
  db_fresh "$b" tty
}

# ---- run ----------------------------------------------------------------------------------------
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
PROGRESS_TTY=""
QUIET_NO_TTY=""
for b in "${BACKENDS[@]}"; do
  if [[ $b == postgresql ]]; then
    log "starting a throwaway PostgreSQL cluster"
    pg_cluster_start
    pg_fresh ref
  else
    mkdir -p "$WORK/sqlite"
  fi
  prepare "$b" "$DATA" main
  has() { [[ " $STEPS " == *" $1 "* ]]; }
  has import && step_systems_import "$b"
  if has upload || has reports || has api; then step_upload "$b"; fi
  has reports && step_reports "$b"
  has api && step_api "$b"
  has memory && step_memory "$b"
  if has progress && [[ $b == sqlite ]]; then step_progress "$b"; fi
  if [[ $b == postgresql ]]; then pg_cluster_stop; fi
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the table ------------------------------------------------------------------------------
python3 - "$DATA" "$WORK/meta.json" <<EOF
import json, os, sys
data, out = sys.argv[1], sys.argv[2]
m = json.load(open(os.path.join(data, "manifest.json")))
nat = os.path.join(data, "survey_national.csv")
with open(nat, "rb") as f:
    header = f.readline()
m.update({
    "runs": $RUNS, "connections": $CONNECTIONS,
    "national_rows": m["operating"], "national_columns": header.count(b",") + 1,
    "national_mb": round(os.path.getsize(nat) / 1e6, 1),
})
json.dump(m, open(out, "w"))
EOF
mkdir -p "$RESULTS"
{
  echo "# syscensus benchmark: latest results"
  echo
  echo "Run $STARTED by \`bash bench/run.sh --size $SIZE --backend $BACKEND --runs $RUNS --steps \"$STEPS\"$(
    [[ $STEPS == *memory* ]] && echo " --memory-sizes \"$MEMORY_SIZES\"")\`, binary built at commit" \
    "$COMMIT_BEFORE$(git -C "$ROOT" status --porcelain -- . ':!bench' 2>/dev/null | grep -q . && echo ' (with uncommitted changes)')."
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM;" \
    "load average before $LOAD_BEFORE, after $LOAD_AFTER."
  echo "HTTP: wrk -t 2 -c $CONNECTIONS -d ${SECONDS_PER_LOAD}s, server \`serve\` ${THREADS:+--threads $THREADS}${THREADS:-with its default threads};" \
    "pgbench -c $CONNECTIONS -j 2 -T $SECONDS_PER_LOAD (simple protocol)."
  echo
  python3 "$BENCH/report.py" table "$SAMPLES" "$WORK/meta.json"
  if [[ -n $PROGRESS_TTY ]]; then
    echo
    echo "Progress (issue 5): the national upload ($OPERATING rows, SQLite) run on a pseudo-terminal" \
      "(\`script -qec\`) printed only: \`${PROGRESS_TTY//\`/}\`; without a terminal it printed: \`${QUIET_NO_TTY//\`/}\`"
  fi
} >"$RESULTS/latest.md"
cp "$SAMPLES" "$RESULTS/latest-samples.tsv"
cat "$RESULTS/latest.md"
