#!/usr/bin/env bash
# PostgreSQL stopped hard (pg_ctl stop -m immediate) while `syscensus serve`
# handles uploads and reads, then started again. Proves: while it is down every
# request answers 503 with Retry-After (never a 500, never a hang); the server
# recovers by itself once PostgreSQL is back; every upload acknowledged with 201
# is stored with its receipt's hash; and nothing is half-stored (each upload
# holds exactly the submissions its receipt counted, one current answer set per
# system, one change-log entry per submission).
#
#   bash tests/concurrency/pg_outage.sh path/to/syscensus
#
# Runs its own throwaway cluster (scripts/pg_cluster.sh): stopping the one the
# other tests share would fail them. Needs curl and psql.
set -euo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
samples=$root/samples

source "$root/scripts/pg_cluster.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/syscensus-outage.XXXXXXXX")
server_pid=''
load_pids=()
cleanup() {
  local pid
  touch "$work/stop" 2>/dev/null || true
  for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  pg_cluster_stop
  rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "FAIL: $*" >&2
  if [[ -f $work/serve.log ]]; then
    echo "---- server log (last 30 lines)" >&2
    tail -n 30 "$work/serve.log" >&2
  fi
  exit 1
}

pg_cluster_start
port=$PG_CLUSTER_PORT
url=$PG_TEST_URL
pg_ctl_as_owner() { _pg_cluster_as_owner "$PG_CLUSTER_BIN/pg_ctl" "$@"; }
# The shared test cluster runs with synchronous_commit=off, which may lose the
# last commits on a crash: a commit the server acknowledged must survive here.
pg_start() {
  pg_ctl_as_owner -w -t 60 -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/server.log" \
    -o "-p $port -k '$PG_CLUSTER_DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=on -c max_connections=100" \
    start >/dev/null
}
pg_ctl_as_owner -w -t 60 -D "$PG_CLUSTER_DIR/data" -m fast stop >/dev/null
pg_start

export SYSCENSUS_TOKEN_KEY=outage-test-key
S() { "$bin" --db "$url" "$@"; }
S init >/dev/null
S units import "$samples/units.csv" >/dev/null
S entities import "$samples/entities.csv" >/dev/null
S systems import "$samples/systems.csv" >/dev/null
S questionnaire import "$samples/questionnaire.json" >/dev/null
S campaign create R1 --questionnaire tt12-self-assessment@1 --title T --opens 2026-11-01 --closes 2026-12-25 >/dev/null
S campaign open R1 >/dev/null
hcm=$(S token create --name hcm --role province --unit 79 2>/dev/null)
hanoi=$(S token create --name hanoi --role province --unit 01 2>/dev/null)
admin=$(S token create --name admin --role admin 2>/dev/null)

# Upload variants: the sample files with the Nth "yes" of every row turned
# into "no" or "partial", so successive uploads replace each other's answers.
n=0
for p in 79 01; do
  for answer in no partial; do
    for k in 1 2 3 4 5 6 7 8 9 10; do
      n=$((n + 1))
      sed "2,\$ s/,yes,/,$answer,/$k" "$samples/uploads/R2026_$p.csv" >"$work/$p-$n.csv"
    done
  done
done

# Straight to the server, whatever proxy the environment names.
curl() { command curl --noproxy '*' "$@"; }

http_port=$(_pg_cluster_free_port)
base=http://127.0.0.1:$http_port
"$bin" --db "$url" serve --listen "127.0.0.1:$http_port" --threads 4 2>"$work/serve.log" &
server_pid=$!
for ((i = 0; i < 300; i++)); do
  curl -fsS -o /dev/null "$base/readyz" 2>/dev/null && break
  sleep 0.1
done
[[ $i -lt 300 ]] || fail "the server did not become ready"

# One request: prints "STATUS RETRY-AFTER", saves the body; status 000 means
# no answer within the time limit (a hang) or a refused connection.
request() {
  local body=$1 headers=$2
  shift 2
  local status retry
  status=$(curl -sS -m 20 -o "$body" -D "$headers" -w '%{http_code}' "$@" 2>/dev/null) || status=${status:-000}
  retry=$(tr -d '\r' <"$headers" 2>/dev/null | sed -n 's/^[Rr]etry-[Aa]fter: *//p' | head -n 1)
  echo "$status ${retry:--}"
}

# A client uploading the files of one province in turn, logging for each
# request the status, Retry-After and, for a 201, the upload id and hash.
uploader() {
  local p=$1 token=$2 i=0 file out id hash
  local files=("$work/$p"-*.csv)
  while [[ ! -e $work/stop ]]; do
    file=${files[i % ${#files[@]}]}
    i=$((i + 1))
    out=$(request "$work/up-$p.body" "$work/up-$p.headers" -H "Authorization: Bearer $token" \
      -H 'Content-Type: text/csv' --data-binary "@$file" "$base/api/v1/campaigns/R1/uploads")
    id=- hash=-
    if [[ $out == 201* ]]; then
      id=$(grep -o '"upload_id":[0-9]*' "$work/up-$p.body" | cut -d: -f2)
      hash=$(grep -o '"content_hash":"[0-9a-f]*"' "$work/up-$p.body" | cut -d'"' -f4)
    fi
    echo "$out $id $hash" >>"$work/log-up-$p"
  done
}

reader() {
  local token=$1 i=0 path
  local paths=(/api/v1/systems?limit=50 /api/v1/campaigns/R1/reports/coverage?by=province /api/v1/systems/HCM-0002
    /api/v1/campaigns/R1)
  while [[ ! -e $work/stop ]]; do
    path=${paths[i % ${#paths[@]}]}
    i=$((i + 1))
    echo "$(request "$work/read.body" "$work/read.headers" -H "Authorization: Bearer $token" "$base$path") - -" \
      >>"$work/log-read"
  done
}

uploader 79 "$hcm" &
load_pids+=($!)
uploader 01 "$hanoi" &
load_pids+=($!)
reader "$admin" &
load_pids+=($!)

# Wait until some uploads went through, then stop PostgreSQL hard.
for ((i = 0; i < 600; i++)); do
  [[ $(cat "$work"/log-up-* 2>/dev/null | grep -c '^201 ') -ge 4 ]] && break
  sleep 0.1
done
[[ $i -lt 600 ]] || fail "no upload succeeded before the outage"
pg_ctl_as_owner -w -t 60 -D "$PG_CLUSTER_DIR/data" -m immediate stop >/dev/null
echo "PostgreSQL stopped (immediate) after $(cat "$work"/log-up-* | grep -c '^201 ') acknowledged uploads"
sleep 2

# While it is down, every kind of request answers 503 with Retry-After, promptly.
probe() {
  local what=$1 out
  shift
  out=$(request "$work/probe.body" "$work/probe.headers" "$@")
  [[ $out == "503 5" ]] || fail "while PostgreSQL was down, $what answered \"$out\", not 503 with Retry-After: 5"
  grep -q '"status":503' "$work/probe.body" || fail "the 503 to $what has no problem body: $(cat "$work/probe.body")"
}
probe "a list of systems" -H "Authorization: Bearer $admin" "$base/api/v1/systems?limit=5"
probe "an upload" -H "Authorization: Bearer $hcm" -H 'Content-Type: text/csv' --data-binary "@$work/79-1.csv" \
  "$base/api/v1/campaigns/R1/uploads"
probe "/readyz" "$base/readyz"
sleep 1

pg_start
echo "PostgreSQL started again"
# The server recovers by itself: no restart, each worker reconnects.
for ((i = 0; i < 300; i++)); do
  curl -fsS -o /dev/null "$base/readyz" 2>/dev/null && break
  sleep 0.1
done
[[ $i -lt 300 ]] || fail "the server did not recover within 30 s of PostgreSQL coming back"
after=$(cat "$work"/log-up-* | grep -c '^201 ')
for ((i = 0; i < 600; i++)); do
  [[ $(cat "$work"/log-up-* | grep -c '^201 ') -ge $((after + 4)) ]] && break
  sleep 0.1
done
[[ $i -lt 600 ]] || fail "uploads did not succeed again after recovery"
touch "$work/stop"
wait "${load_pids[@]}"
load_pids=()

# Every answer was 200, 201 or 503 (with Retry-After): no 500, no hang.
bad=$(cat "$work"/log-* | awk '!($1 == 200 || $1 == 201 || ($1 == 503 && $2 == 5))' | sort | uniq -c)
[[ -z $bad ]] || fail "unexpected answers (count, status, retry-after, ...): $bad"
total=$(cat "$work"/log-* | wc -l)
unavailable=$(cat "$work"/log-* | grep -c '^503 ' || true)
((unavailable > 0)) || fail "no client request met the outage (503); the test proves nothing"
echo "$total requests: $unavailable answered 503 during the outage, the others 200/201"

# Every acknowledged upload is stored, with its receipt's hash.
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$url" -c "$1"; }
acknowledged=0
while read -r status _ id hash; do
  [[ $status == 201 ]] || continue
  acknowledged=$((acknowledged + 1))
  stored=$(q "SELECT content_hash FROM uploads WHERE id = $id")
  [[ $stored == "$hash" ]] || fail "upload $id was acknowledged (sha256 $hash) but the database holds \"$stored\""
done < <(cat "$work"/log-up-*)
echo "$acknowledged acknowledged uploads, each stored with its hash"

# Nothing half-stored: each upload holds what its receipt counted, one current
# submission per system, one change-log entry per submission.
check() {
  local what=$1 sql=$2 got
  got=$(q "$sql")
  [[ $got == 0 ]] || fail "$what: $got"
}
check "uploads whose submissions differ from their receipt" \
  "SELECT count(*) FROM uploads u WHERE u.created + u.replaced <> (SELECT count(*) FROM submissions s WHERE s.upload_id = u.id)"
check "systems with other than one current submission" \
  "SELECT count(*) FROM (SELECT system_id FROM submissions GROUP BY campaign_id, system_id HAVING sum(is_current) <> 1) x"
check "submissions without their change-log entry (or the reverse)" \
  "SELECT (SELECT count(*) FROM submissions) - (SELECT count(*) FROM changes WHERE kind = 'submission')"
# PostgreSQL logs identity values ahead and skips them after a crash, so the
# log's seq may jump once here: a gap without a lost entry (feed readers resume
# with ?after=), which the count above already rules out.
echo "change-log seq values skipped by the crash: $(q "SELECT max(seq) - count(*) FROM changes")"
stored_uploads=$(q "SELECT count(*) FROM uploads")
((stored_uploads >= acknowledged)) || fail "$stored_uploads uploads stored, fewer than the $acknowledged acknowledged"
# An upload cut by the outage may have committed without its answer reaching
# the client (then a later one replaced or kept it); none is half there.
echo "stored uploads: $stored_uploads (acknowledged $acknowledged); nothing half-stored"

kill -TERM "$server_pid"
wait "$server_pid" || fail "the server did not exit cleanly on SIGTERM"
server_pid=''
echo "ok"
