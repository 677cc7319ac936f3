#!/usr/bin/env bash
# Profiles of the targets bench/run.sh finds missed (bench/README.md, "What was found"):
#
#   bash bench/profile.sh [--size 100k] [--data DIR] [--seconds 10]
#
# On the data set of bench/gen.py, with the Release binary of /tmp/bench-build:
#   - perf record -g (system-wide, so the PostgreSQL backend is seen too) of the systems import,
#     the national upload and the coverage and gaps reports on PostgreSQL, and of the upload and
#     the systems import on SQLite; the top symbols (self time) per process go to
#     bench/results/profile/*.txt
#   - the HTTP lookup under wrk, as `serve` runs it, then with TCP_NODELAY forced on its accepted
#     sockets (bench/tools/nodelay_shim.c, LD_PRELOAD), then with that and --threads 32: a
#     diagnostic of the latency floor, not a change to the product
# Needs perf, wrk, a C compiler, and the tools of bench/run.sh. Stops and removes what it starts.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
BUILD=${BENCH_BUILD_DIR:-/tmp/bench-build}
SIZE=100k
DATA_ROOT=""
SECONDS_PER_LOAD=10
while (($#)); do
  case $1 in
  --size) SIZE=$2; shift 2 ;;
  --data) DATA_ROOT=$2; shift 2 ;;
  --seconds) SECONDS_PER_LOAD=$2; shift 2 ;;
  *) echo "profile.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
OUT=$BENCH/results/profile
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/syscensus-profile.XXXXXXXX)
chmod 755 "$WORK"
SERVER_PID=""
# shellcheck source=../scripts/pg_cluster.sh
source "$ROOT/scripts/pg_cluster.sh"
cleanup() {
  if [[ -n $SERVER_PID ]]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  pg_cluster_stop
  rm -rf -- "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# shellcheck source=lib.sh
source "$BENCH/lib.sh"

[[ -f $BUILD/CMakeCache.txt ]] ||
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYSCENSUS_TESTS=OFF >"$WORK/cmake.log"
cmake --build "$BUILD" >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; exit 1; }
S=$BUILD/cli/syscensus
export SYSCENSUS_TOKEN_KEY
SYSCENSUS_TOKEN_KEY=$(head -c 32 /dev/urandom | base64)
DATA_ROOT=${DATA_ROOT:-$WORK/data}
DATA=$DATA_ROOT/$SIZE
[[ -f $DATA/manifest.json ]] || python3 "$BENCH/gen.py" --size "$SIZE" --out "$DATA" >&2
CAMPAIGN=BENCH2026
QUESTIONNAIRE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["questionnaire"])' "$DATA/manifest.json")

export PGOPTIONS="-c client_min_messages=warning"
pg_psql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U postgres "$@"; }
url() { if [[ $1 == sqlite ]]; then echo "sqlite:$WORK/$2.db"; else echo "postgresql://postgres@127.0.0.1:$PG_CLUSTER_PORT/$2"; fi; }
fresh() {
  if [[ $1 == sqlite ]]; then rm -f "$WORK/$2.db" "$WORK/$2.db-wal" "$WORK/$2.db-shm"
  else pg_psql -d postgres -c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2"; fi
}
copy() {
  if [[ $1 == sqlite ]]; then
    rm -f "$WORK/$3.db" "$WORK/$3.db-wal" "$WORK/$3.db-shm"
    sqlite3 "$WORK/$2.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    cp "$WORK/$2.db" "$WORK/$3.db"
  else pg_psql -d postgres -c "DROP DATABASE IF EXISTS $3" -c "CREATE DATABASE $3 TEMPLATE $2"; fi
}
sc() { local b=$1 db=$2; shift 2; "$S" --db "$(url "$b" "$db")" "$@" >/dev/null; }

# top NAME: the perf report of $WORK/NAME.data: samples by process (other sessions' processes
# included, the machine is shared), then self time by symbol within syscensus and postgres.
top() {
  local name=$1
  set +o pipefail
  {
    echo "# perf record -a -g -F 499 of: ${TITLE}"
    echo "# wall ${WALL}s; all samples of the machine by process:"
    perf report -i "$WORK/$name.data" --stdio --no-children --sort comm 2>/dev/null | grep -E '^ +[0-9]' | head -6
    echo "# top symbols (self time), share of the samples of syscensus and postgres only:"
    perf report -i "$WORK/$name.data" --stdio --no-children --comms syscensus,postgres --percentage relative \
      --sort comm,dso,symbol -g none 2>/dev/null | grep -E '^ +[0-9]' | sed -E 's/ +/ /g; s/ - - *$//' | cut -c1-200 | head -30
  } >"$OUT/$name.txt"
  set -o pipefail
  log "wrote $OUT/$name.txt"
}
# profiled NAME TITLE CMD...: CMD under system-wide perf, then its report.
profiled() {
  local name=$1 t0 t1
  TITLE=$2
  shift 2
  t0=$(date +%s%N)
  perf record -a -g -F 499 -o "$WORK/$name.data" -- "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" ||
    { tail -5 "$WORK/$name.err" >&2; return 1; }
  t1=$(date +%s%N)
  WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  top "$name"
}

prepare() {
  local b=$1
  log "$b: preparing the databases"
  fresh "$b" base
  sc "$b" base init
  sc "$b" base units import "$DATA/units.csv"
  sc "$b" base entities import "$DATA/entities.csv"
  copy "$b" base ready
  sc "$b" ready systems import "$DATA/systems.csv"
  sc "$b" ready questionnaire import "$DATA/questionnaire.json"
  sc "$b" ready campaign create "$CAMPAIGN" --questionnaire "$QUESTIONNAIRE" --title "Tự đánh giá 2026" \
    --opens 2026-11-01 --closes 2026-12-25
  sc "$b" ready campaign open "$CAMPAIGN"
  if [[ $b == postgresql ]]; then pg_psql -d ready -c "ANALYZE"; fi
}

wrk_line() { # LABEL: one wrk run of the lookup script against $HTTP_PORT
  BENCH_TOKEN=$TOKEN BENCH_CODES=$DATA/lookup_codes.txt wrk -t 2 -c 32 -d "${SECONDS_PER_LOAD}s" --timeout 10s \
    -s "$BENCH/wrk/lookup.lua" "http://127.0.0.1:$HTTP_PORT" | grep '^BENCH' | sed "s/^BENCH/$1:/"
}
serve() { # serve DB [ENV...] [-- ARGS]: starts the server, sets SERVER_PID and HTTP_PORT
  local db=$1
  shift
  HTTP_PORT=$(free_port)
  env "$@" "$S" --db "$(url postgresql "$db")" serve --listen "127.0.0.1:$HTTP_PORT" ${THREADS:+--threads $THREADS} \
    >/dev/null 2>"$WORK/serve.log" &
  SERVER_PID=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
}

# ---- SQLite ---------------------------------------------------------------------------------
prepare sqlite
copy sqlite base run
profiled sqlite-systems-import "syscensus systems import (SQLite, $SIZE)" "$S" --db "$(url sqlite run)" systems import "$DATA/systems.csv"
copy sqlite ready run
profiled sqlite-upload "syscensus survey upload (SQLite, $SIZE national file)" "$S" --db "$(url sqlite run)" --as admin \
  survey upload "$CAMPAIGN" "$DATA/survey_national.csv"

# ---- PostgreSQL -----------------------------------------------------------------------------
pg_cluster_start
prepare postgresql
copy postgresql base run
profiled pg-systems-import "syscensus systems import (PostgreSQL, $SIZE)" "$S" --db "$(url postgresql run)" systems import "$DATA/systems.csv"
copy postgresql ready run
profiled pg-upload "syscensus survey upload (PostgreSQL, $SIZE national file)" "$S" --db "$(url postgresql run)" --as admin \
  survey upload "$CAMPAIGN" "$DATA/survey_national.csv"
pg_psql -d run -c "ANALYZE"
profiled pg-report-coverage "syscensus report coverage --by province (PostgreSQL)" "$S" --db "$(url postgresql run)" \
  report coverage "$CAMPAIGN" --by province
profiled pg-report-gaps "syscensus report gaps --limit 10 (PostgreSQL)" "$S" --db "$(url postgresql run)" \
  report gaps "$CAMPAIGN" --limit 10

# ---- PostgreSQL: where the server's time goes, statement by statement -----------------------
# log_min_duration_statement and auto_explain (with trigger times) for one more systems import,
# entities import and upload; the lines over 200 ms go to pg-statements.txt. Timing adds overhead.
log "PostgreSQL statement log of the imports and the upload"
pg_psql -d postgres -c "LOAD 'auto_explain'" -c "ALTER SYSTEM SET log_min_duration_statement = 200" \
  -c "ALTER SYSTEM SET session_preload_libraries = 'auto_explain'" -c "ALTER SYSTEM SET auto_explain.log_min_duration = 1000" \
  -c "ALTER SYSTEM SET auto_explain.log_analyze = on" -c "ALTER SYSTEM SET auto_explain.log_triggers = on" \
  -c "SELECT pg_reload_conf()" >/dev/null
statement_log() { # TITLE CMD...
  local title=$1 n0
  shift
  n0=$(wc -l <"$PG_CLUSTER_DIR/server.log")
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null
  t1=$(date +%s%N)
  echo "## $title: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }') s wall"
  tail -n +$((n0 + 1)) "$PG_CLUSTER_DIR/server.log" | grep -E 'duration:|Trigger for|Insert on|Update on|loops=23' |
    sed -E 's/^.*LOG: +//' | cut -c1-220
}
{
  fresh postgresql ent
  sc postgresql ent init
  sc postgresql ent units import "$DATA/units.csv"
  statement_log "entities import" "$S" --db "$(url postgresql ent)" entities import "$DATA/entities.csv"
  copy postgresql base run2
  statement_log "systems import" "$S" --db "$(url postgresql run2)" systems import "$DATA/systems.csv"
  copy postgresql ready run2
  statement_log "survey upload" "$S" --db "$(url postgresql run2)" --as admin survey upload "$CAMPAIGN" "$DATA/survey_national.csv"
} >"$OUT/pg-statements.txt"
pg_psql -d postgres -c "ALTER SYSTEM RESET log_min_duration_statement" -c "ALTER SYSTEM RESET session_preload_libraries" \
  -c "SELECT pg_reload_conf()" >/dev/null
log "wrote $OUT/pg-statements.txt"

# ---- HTTP: the latency floor ----------------------------------------------------------------
log "HTTP lookups: as served, with TCP_NODELAY forced, and with --threads 32"
cc -O2 -shared -fPIC -o "$WORK/nodelay_shim.so" "$BENCH/tools/nodelay_shim.c" -ldl
TOKEN=$("$S" --db "$(url postgresql run)" token create --name profile --role reader | tail -n 1)
{
  echo "# wrk -t 2 -c 32 -d ${SECONDS_PER_LOAD}s, GET /api/v1/systems/{code}, PostgreSQL, $SIZE"
  THREADS="" serve run
  wrk_line "serve (8 threads, as built)"
  stop_server
  THREADS="" serve run LD_PRELOAD="$WORK/nodelay_shim.so"
  wrk_line "serve (8 threads) + TCP_NODELAY"
  stop_server
  THREADS=32 serve run LD_PRELOAD="$WORK/nodelay_shim.so"
  wrk_line "serve --threads 32 + TCP_NODELAY"
  stop_server
  # Where the server's time goes once the Nagle stall is gone: perf on the server under wrk.
  THREADS="" serve run LD_PRELOAD="$WORK/nodelay_shim.so"
  wrk_line "serve (8 threads) + TCP_NODELAY, under perf" &
  sleep 1
  perf record -F 499 --call-graph dwarf,16384 -p "$SERVER_PID" -o "$WORK/serve.data" -- sleep $((SECONDS_PER_LOAD - 2)) \
    >/dev/null 2>&1 || true
  wait
  stop_server
  max_id=$(pg_psql -d run -At -c "SELECT max(id) FROM systems")
  echo "pgbench: $(pgbench -n -c 32 -j 2 -T "$SECONDS_PER_LOAD" -D max="$max_id" -f "$BENCH/sql/postgresql/lookup.pgbench" \
    -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U postgres run 2>&1 | grep -E '^(tps|latency average)' | tr '\n' ' ')"
} >"$OUT/http-nodelay.txt"
cat "$OUT/http-nodelay.txt"
log "wrote $OUT/http-nodelay.txt"
set +o pipefail
{
  echo "# perf record --call-graph dwarf -p <serve> during wrk -c 32 (TCP_NODELAY forced), PostgreSQL, $SIZE"
  echo "# inclusive time (children) of the server's functions, 3% and more:"
  perf_summary "$WORK/serve.data" 3 25
} >"$OUT/http-serve.txt"
set -o pipefail
log "wrote $OUT/http-serve.txt"
