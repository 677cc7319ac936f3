# shellcheck shell=bash
# What the bench scripts (run.sh, api.sh, profile.sh) share. Source it after setting ROOT.

# A timestamped line on standard error.
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# BACKENDS from a --backend value (sqlite, postgresql or both); exits 2 naming SCRIPT otherwise.
# shellcheck disable=SC2034  # BACKENDS is the caller's
set_backends() { # SCRIPT VALUE
  case $2 in
  sqlite) BACKENDS=(sqlite) ;;
  postgresql) BACKENDS=(postgresql) ;;
  both) BACKENDS=(sqlite postgresql) ;;
  *) echo "$1: --backend is sqlite, postgresql or both" >&2; exit 2 ;;
  esac
}

# A free TCP port on the loopback.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts `syscensus serve` in the background: SERVER_PID, and HTTP_PORT (a free port), then waits
# up to 10 s for /healthz. Standard output and error go to OUT and LOG.
start_server() { # BIN DB_URL OUT LOG [SERVE-ARGS...]
  local bin=$1 db=$2 out=$3 err=$4 i
  shift 4
  HTTP_PORT=$(free_port)
  "$bin" --db "$db" serve --listen "127.0.0.1:$HTTP_PORT" "$@" >"$out" 2>"$err" &
  SERVER_PID=$!
  for ((i = 0; i < 100; i++)); do
    curl -fs "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$err" >&2
  return 1
}

# Stops the server start_server started, if any.
stop_server() {
  [[ -n ${SERVER_PID:-} ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# The inclusive (children, at least LIMIT %) and self (top N) profiles of a perf.data file.
perf_summary() { # DATA LIMIT N
  perf report -i "$1" --stdio --children --sort symbol -g none --percent-limit "$2" 2>/dev/null |
    grep -E '^ +[0-9]' | sed -E 's/ +/ /g; s/ - - *$//' | cut -c1-200 | head -70
  echo "# self, top $3:"
  perf report -i "$1" --stdio --no-children --sort dso,symbol -g none 2>/dev/null |
    grep -E '^ +[0-9]' | sed -E 's/ +/ /g; s/ - - *$//' | cut -c1-200 | head -"$3"
}
