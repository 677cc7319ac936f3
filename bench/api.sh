#!/usr/bin/env bash
# The HTTP lookup step of bench/run.sh on its own, for working on the API's speed: the database is
# prepared once (units, entities, systems; no survey round) and kept, so a run only starts a server
# and the load.
#
#   bash bench/api.sh [--size 100k] [--backend postgresql|sqlite|both] [--runs 3] [--seconds 10]
#                     [--connections 32] [--dir /tmp/bench-apiperf] [--bin PATH] [--perf] [-- SERVE-ARGS...]
#
#   - GET /api/v1/systems/{code} under wrk -t 2 -c C (bench/wrk/lookup.lua), and on PostgreSQL
#     pgbench -c C -j 2 -T S with the primary-key lookup of bench/sql/postgresql/lookup.pgbench
#     (simple protocol), as bench/run.sh runs them; the ratio of the medians
#   - GET /api/v1/systems?province&level&limit=50 under wrk (bench/wrk/list.lua)
#   - --perf: perf record --call-graph dwarf of the server during one more lookup run; the
#     inclusive and self profiles go to DIR/perf-BACKEND.txt
# The Release binary is built in DIR/build (--bin: use that syscensus binary instead); data (bench/gen.py), the SQLite database and a
# pg_dump of the PostgreSQL one stay in DIR and are reused; a throwaway PostgreSQL cluster
# (scripts/pg_cluster.sh) is started and removed. Arguments after -- go to `syscensus serve`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
SIZE=100k
BACKEND=postgresql
RUNS=3
SECONDS_PER_LOAD=10
CONNECTIONS=32
DIR=/tmp/bench-apiperf
PERF=0
BIN=""
SERVE_ARGS=()
while (($#)); do
  case $1 in
  --size) SIZE=$2; shift 2 ;;
  --backend) BACKEND=$2; shift 2 ;;
  --runs) RUNS=$2; shift 2 ;;
  --seconds) SECONDS_PER_LOAD=$2; shift 2 ;;
  --connections) CONNECTIONS=$2; shift 2 ;;
  --dir) DIR=$2; shift 2 ;;
  --perf) PERF=1; shift ;;
  --bin) BIN=$2; shift 2 ;;
  --) shift; SERVE_ARGS=("$@"); break ;;
  *) echo "api.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=lib.sh
source "$BENCH/lib.sh"
set_backends api.sh "$BACKEND"

mkdir -p "$DIR"
chmod 755 "$DIR"
WORK=$(mktemp -d "$DIR/run.XXXXXXXX")
SERVER_PID=""
# shellcheck source=../scripts/pg_cluster.sh
source "$ROOT/scripts/pg_cluster.sh"
cleanup() { stop_server; pg_cluster_stop; rm -rf -- "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- build, data, key ---------------------------------------------------------------------------
if [[ -n $BIN ]]; then
  S=$(realpath "$BIN")
else
  BUILD=$DIR/build
  if [[ ! -f $BUILD/CMakeCache.txt ]]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYSCENSUS_TESTS=OFF >"$WORK/cmake.log" 2>&1 ||
      { cat "$WORK/cmake.log" >&2; exit 1; }
  fi
  log "building $BUILD at $(git -C "$ROOT" rev-parse --short HEAD)"
  cmake --build "$BUILD" --target syscensus >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; exit 1; }
  S=$BUILD/cli/syscensus
fi
log "syscensus: $S"
DATA=$DIR/data/$SIZE
if [[ ! -f $DATA/manifest.json ]]; then
  log "generating the $SIZE data set into $DATA"
  python3 "$BENCH/gen.py" --size "$SIZE" --out "$DATA" >&2
fi
[[ -s $DIR/token.key ]] || head -c 32 /dev/urandom | base64 >"$DIR/token.key"
export SYSCENSUS_TOKEN_KEY
SYSCENSUS_TOKEN_KEY=$(cat "$DIR/token.key")
export PGOPTIONS="-c client_min_messages=warning"
pg_psql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U postgres "$@"; }

url() { if [[ $1 == sqlite ]]; then echo "sqlite:$DIR/api-$SIZE.db"; else echo "postgresql://postgres@127.0.0.1:$PG_CLUSTER_PORT/api"; fi; }
sc() { local b=$1; shift; "$S" --db "$(url "$b")" "$@" >"$WORK/setup.out" 2>&1 || { cat "$WORK/setup.out" >&2; return 1; }; }

prepare() {
  local b=$1
  log "$b: preparing the database (units, entities, systems of $SIZE)"
  sc "$b" init
  sc "$b" units import "$DATA/units.csv"
  sc "$b" entities import "$DATA/entities.csv"
  sc "$b" systems import "$DATA/systems.csv"
  "$S" --db "$(url "$b")" token create --name bench-reader --role reader 2>/dev/null | tail -n 1 >"$DIR/token-$b-$SIZE"
}

database() { # BACKEND: the database ready in $(url BACKEND), prepared once and kept
  local b=$1
  if [[ $b == sqlite ]]; then
    [[ -f $DIR/api-$SIZE.db && -s $DIR/token-sqlite-$SIZE ]] || { rm -f "$DIR/api-$SIZE.db"*; prepare sqlite; }
    sc sqlite init # a database kept from an earlier schema version is brought up to date
    return
  fi
  pg_cluster_start
  pg_psql -d postgres -c "CREATE DATABASE api" >/dev/null
  if [[ -f $DIR/api-$SIZE.pgdump && -s $DIR/token-postgresql-$SIZE ]]; then
    log "postgresql: restoring $DIR/api-$SIZE.pgdump"
    pg_restore -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U postgres -d api --no-owner "$DIR/api-$SIZE.pgdump"
    sc postgresql init
  else
    prepare postgresql
    pg_dump -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U postgres -Fc -f "$DIR/api-$SIZE.pgdump" api
  fi
  pg_psql -d api -c "VACUUM ANALYZE" >/dev/null
}

# ---- load ---------------------------------------------------------------------------------------
serve() { start_server "$S" "$(url "$1")" /dev/null "$WORK/serve.log" "${SERVE_ARGS[@]}"; }
wrk_run() { # SCRIPT: prints wrk's BENCH line
  BENCH_TOKEN=$TOKEN BENCH_CODES=$DATA/lookup_codes.txt timeout $((SECONDS_PER_LOAD + 60)) \
    wrk -t 2 -c "$CONNECTIONS" -d "${SECONDS_PER_LOAD}s" --timeout 10s -s "$1" "http://127.0.0.1:$HTTP_PORT" |
    grep '^BENCH' | sed 's/^BENCH //'
}
field() { sed -nE "s/.*(^| )$1=([^ ]+).*/\\2/p"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

run_backend() {
  local b=$1 i line tps max_id
  database "$b"
  TOKEN=$(cat "$DIR/token-$b-$SIZE")
  serve "$b"
  local code
  code=$(head -n 1 "$DATA/lookup_codes.txt")
  curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP_PORT/api/v1/systems/$code" >/dev/null ||
    { log "GET /api/v1/systems/$code failed"; return 1; }
  # Not measured: opens the server's database sessions, as pgbench's rate leaves out its connecting
  # (bench/run.sh, step_api).
  SECONDS_PER_LOAD=3 wrk_run "$BENCH/wrk/lookup.lua" >/dev/null
  : >"$WORK/lookup" && : >"$WORK/pgbench" && : >"$WORK/list"
  for ((i = 1; i <= RUNS; i++)); do
    line=$(wrk_run "$BENCH/wrk/lookup.lua")
    echo "$line" >>"$WORK/lookup"
    log "$b lookup $i: $line"
    if [[ $b == postgresql ]]; then
      max_id=$(pg_psql -d api -At -c "SELECT max(id) FROM systems")
      tps=$(pgbench -n -c "$CONNECTIONS" -j 2 -T "$SECONDS_PER_LOAD" -D max="$max_id" \
        -f "$BENCH/sql/postgresql/lookup.pgbench" -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U postgres api 2>&1 |
        awk '/^tps = / { print $3; exit }')
      echo "$tps" >>"$WORK/pgbench"
      log "$b pgbench $i: tps=$tps"
    fi
  done
  for ((i = 1; i <= RUNS; i++)); do
    line=$(wrk_run "$BENCH/wrk/list.lua")
    echo "$line" >>"$WORK/list"
    log "$b list $i: $line"
  done
  if ((PERF)); then
    wrk_run "$BENCH/wrk/lookup.lua" >"$WORK/perf-wrk" &
    local wrk_pid=$!
    sleep 1
    perf record -F 499 --call-graph dwarf,8192 -p "$SERVER_PID" -o "$WORK/serve.data" -- sleep $((SECONDS_PER_LOAD - 2)) >/dev/null 2>&1 || true
    wait "$wrk_pid"
    set +o pipefail
    {
      echo "# perf record --call-graph dwarf -p <serve> during wrk -c $CONNECTIONS lookups ($b, $SIZE): $(cat "$WORK/perf-wrk")"
      echo "# inclusive (children), 2% and more:"
      perf_summary "$WORK/serve.data" 2 30
    } >"$DIR/perf-$b.txt"
    set -o pipefail
    log "wrote $DIR/perf-$b.txt"
  fi
  stop_server
  local rps p99 errors list_rps list_p99 ref
  rps=$(field rps <"$WORK/lookup" | median)
  p99=$(field p99_ms <"$WORK/lookup" | median)
  errors=$(field errors <"$WORK/lookup" | awk '{ s += $1 } END { print s + 0 }')
  list_rps=$(field rps <"$WORK/list" | median)
  list_p99=$(field p99_ms <"$WORK/list" | median)
  ref=$(median <"$WORK/pgbench")
  printf '%s | lookup %s/s p99 %s ms errors %s | pgbench %s tps | ratio %s | list %s/s p99 %s ms | load %s\n' \
    "$b" "$rps" "$p99" "$errors" "${ref:--}" \
    "$([[ -n $ref ]] && awk -v a="$rps" -v b="$ref" 'BEGIN { printf "%.2f", a / b }' || echo -)" \
    "$list_rps" "$list_p99" "$(cut -d' ' -f1-3 /proc/loadavg)"
  if [[ $b == postgresql ]]; then pg_cluster_stop; fi
}

for b in "${BACKENDS[@]}"; do run_backend "$b"; done
