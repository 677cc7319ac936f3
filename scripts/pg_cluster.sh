# shellcheck shell=bash
# A throwaway PostgreSQL cluster for the tests: a fresh data directory in a
# temp folder, listening on 127.0.0.1 at a free port, trust authentication,
# durability switched off. Source this file, then:
#
#   trap pg_cluster_stop EXIT       # removes the cluster on every exit ...
#   trap 'exit 130' INT             # ... including Ctrl-C
#   trap 'exit 143' TERM            # ... and kill
#   pg_cluster_start                # exports PG_TEST_URL, PG_TEST_CONNINFO,
#                                   #   PG_CLUSTER_PORT, PG_CLUSTER_BIN
#   psql "$PG_TEST_URL" -c 'select 1'
#   pg_cluster_stop                 # idempotent; the EXIT trap may call it again
#
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres`
# system user (created by the postgresql package); otherwise as the current user.
# The server binaries are the newest /usr/lib/postgresql/*/bin, unless
# PG_CLUSTER_BIN names another folder holding initdb and pg_ctl.
# Start prints the server log when the server does not come up.

PG_CLUSTER_DB=syscensus_test
PG_CLUSTER_DIR=${PG_CLUSTER_DIR:-}

# Runs a command as the owner of the cluster, from inside the cluster folder
# (the postgres user may not be allowed into the caller's working directory).
_pg_cluster_as_owner() {
  (
    cd "$PG_CLUSTER_DIR" || exit 1
    if ((EUID == 0)); then
      exec runuser -u postgres -- "$@"
    else
      exec "$@"
    fi
  )
}

_pg_cluster_find_bin() {
  if [[ -n ${PG_CLUSTER_BIN:-} ]]; then
    if [[ -x $PG_CLUSTER_BIN/initdb && -x $PG_CLUSTER_BIN/pg_ctl ]]; then
      printf '%s\n' "$PG_CLUSTER_BIN"
      return 0
    fi
    echo "pg_cluster.sh: PG_CLUSTER_BIN=$PG_CLUSTER_BIN holds no initdb and pg_ctl" >&2
    return 1
  fi
  local d best=''
  while IFS= read -r d; do
    [[ -x $d/initdb && -x $d/pg_ctl ]] && best=$d
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V)
  if [[ -z $best ]]; then
    echo "pg_cluster.sh: no PostgreSQL server in /usr/lib/postgresql/*/bin (install the postgresql package: scripts/deps.sh)" >&2
    return 1
  fi
  printf '%s\n' "$best"
}

_pg_cluster_port_free() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    [[ -z $(ss -Htan "sport = :$port" 2>/dev/null) ]] || return 1
  fi
  # Something accepting connections there means the port is taken.
  ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# Prints a free TCP port, probing from a random one in 20000-39999.
_pg_cluster_free_port() {
  local start=$((20000 + (RANDOM * 32768 + RANDOM) % 20000)) i port
  for ((i = 0; i < 500; i++)); do
    port=$((20000 + (start - 20000 + i) % 20000))
    if _pg_cluster_port_free "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  echo "pg_cluster.sh: found no free TCP port in 20000-39999" >&2
  return 1
}

# Prints the message and the given logs of the cluster folder, removes the
# cluster, fails.
_pg_cluster_fail() {
  local msg=$1 f
  shift
  echo "pg_cluster.sh: $msg" >&2
  for f in "$@"; do
    echo "---- $f" >&2
    if [[ -s $PG_CLUSTER_DIR/$f ]]; then
      cat "$PG_CLUSTER_DIR/$f" >&2
    else
      echo "(empty)" >&2
    fi
  done
  pg_cluster_stop
  return 1
}

pg_cluster_start() {
  if [[ -n $PG_CLUSTER_DIR ]]; then
    echo "pg_cluster.sh: a cluster is already running in $PG_CLUSTER_DIR" >&2
    return 1
  fi
  local bin
  bin=$(_pg_cluster_find_bin) || return 1
  if ((EUID == 0)) && ! id -u postgres >/dev/null 2>&1; then
    echo "pg_cluster.sh: PostgreSQL refuses to run as root, and there is no 'postgres' user to run it (install the postgresql package)" >&2
    return 1
  fi

  # The temp folder must be reachable by the postgres user: fall back to /tmp
  # when TMPDIR is somewhere private to root.
  local base
  for base in "${TMPDIR:-/tmp}" /tmp; do
    PG_CLUSTER_DIR=$(mktemp -d "${base%/}/syscensus-pg.XXXXXXXX") || PG_CLUSTER_DIR=
    [[ -n $PG_CLUSTER_DIR ]] || continue
    if ((EUID == 0)); then
      chown postgres: "$PG_CLUSTER_DIR" || true
      if ! runuser -u postgres -- test -w "$PG_CLUSTER_DIR" -a -x "$PG_CLUSTER_DIR" 2>/dev/null; then
        rm -rf -- "$PG_CLUSTER_DIR"
        PG_CLUSTER_DIR=
        continue
      fi
    fi
    break
  done
  if [[ -z $PG_CLUSTER_DIR ]]; then
    echo "pg_cluster.sh: could not make a temp folder in ${TMPDIR:-/tmp} or /tmp usable by the server's user" >&2
    return 1
  fi
  PG_CLUSTER_BIN=$bin
  export PG_CLUSTER_BIN

  local locale=C.UTF-8
  if ! locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
    locale=C
  fi
  if ! _pg_cluster_as_owner "$bin/initdb" -D "$PG_CLUSTER_DIR/data" -A trust -U postgres \
    --no-sync -E UTF8 --locale="$locale" >"$PG_CLUSTER_DIR/initdb.log" 2>&1; then
    _pg_cluster_fail "initdb failed" initdb.log
    return 1
  fi

  # A port found free may be taken before the server binds it: try a few.
  local attempt port='' started=''
  for attempt in 1 2 3 4 5; do
    port=$(_pg_cluster_free_port) || break
    rm -f -- "$PG_CLUSTER_DIR/server.log" "$PG_CLUSTER_DIR/pg_ctl.log"
    if _pg_cluster_as_owner "$bin/pg_ctl" -w -t 60 -D "$PG_CLUSTER_DIR/data" \
      -l "$PG_CLUSTER_DIR/server.log" \
      -o "-p $port -k '$PG_CLUSTER_DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
      start >"$PG_CLUSTER_DIR/pg_ctl.log" 2>&1; then
      started=1
      break
    fi
    grep -qE 'could not bind|could not create any TCP/IP sockets|Address already in use' \
      "$PG_CLUSTER_DIR/server.log" 2>/dev/null || break
    echo "pg_cluster.sh: port $port was taken (attempt $attempt), trying another" >&2
  done
  if [[ -z $started ]]; then
    _pg_cluster_fail "the PostgreSQL server did not start${port:+ on port $port}" pg_ctl.log server.log
    return 1
  fi

  if ! "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$PG_CLUSTER_DB" \
    >"$PG_CLUSTER_DIR/createdb.log" 2>&1; then
    _pg_cluster_fail "createdb $PG_CLUSTER_DB failed" createdb.log server.log
    return 1
  fi

  PG_CLUSTER_PORT=$port
  PG_TEST_URL=postgresql://postgres@127.0.0.1:$port/$PG_CLUSTER_DB
  # The same in libpq's keyword form: SOCI 4.0.3 mangles URLs (it appends "="
  # to a word without one, so the database becomes "syscensus_test=").
  PG_TEST_CONNINFO="host=127.0.0.1 port=$port user=postgres dbname=$PG_CLUSTER_DB"
  export PG_CLUSTER_PORT PG_TEST_URL PG_TEST_CONNINFO
}

# Stops the server (immediate shutdown) and removes the temp folder. Safe to
# call twice and when nothing was started; never fails (it runs from traps).
pg_cluster_stop() {
  [[ -n ${PG_CLUSTER_DIR:-} ]] || return 0
  local dir=$PG_CLUSTER_DIR pidfile=$PG_CLUSTER_DIR/data/postmaster.pid pid=''
  if [[ -f $pidfile ]]; then
    _pg_cluster_as_owner "${PG_CLUSTER_BIN:-/nonexistent}/pg_ctl" stop -D "$dir/data" \
      -m immediate -w -t 30 >/dev/null 2>&1 || true
    if [[ -f $pidfile ]]; then
      # pg_ctl could not stop it: kill the postmaster we started, by its pid.
      pid=$(head -n 1 "$pidfile" 2>/dev/null) || pid=
      if [[ $pid =~ ^[0-9]+$ ]] && kill -KILL "$pid" 2>/dev/null; then
        local i
        for ((i = 0; i < 50; i++)); do
          kill -0 "$pid" 2>/dev/null || break
          sleep 0.1
        done
      fi
    fi
  fi
  case ${dir##*/} in
  syscensus-pg.*) rm -rf -- "$dir" || true ;;
  *) echo "pg_cluster.sh: not removing unexpected folder $dir" >&2 ;;
  esac
  PG_CLUSTER_DIR=
  unset PG_TEST_URL PG_TEST_CONNINFO PG_CLUSTER_PORT
  return 0
}
