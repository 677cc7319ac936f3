#!/usr/bin/env bash
# Installs the Debian 12 packages syscensus needs to build and test.
#
#   bash scripts/deps.sh      or      source scripts/deps.sh
#
# Quick and silent when everything is present (one dpkg-query per package);
# otherwise prints one line naming the missing packages and installs them with
# apt-get (as root, or through sudo). apt's output is shown only on failure.
# When sourced it changes no shell options and leaves no variables behind.

_syscensus_deps() {
  local packages=(
    build-essential cmake ninja-build pkg-config
    libsoci-dev libboost-dev libpq-dev libsqlite3-dev sqlite3
    libcli11-dev libcpp-httplib-dev nlohmann-json3-dev catch2 libutf8proc-dev libssl-dev
    postgresql # the server, for the PostgreSQL tests (scripts/pg_cluster.sh)
    curl       # the client of tests/concurrency/pg_outage.sh
    clang libclang-rt-14-dev # libFuzzer, for the fuzz stage of scripts/test.sh
  )
  local missing=() pkg status
  for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) || status=
    [[ $status == "install ok installed" ]] || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0

  local -a as_root=()
  if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1; then
      as_root=(sudo)
    else
      echo "deps.sh: missing packages: ${missing[*]}" >&2
      echo "deps.sh: not root and sudo is not installed; install them as root:" >&2
      echo "  apt-get install --no-install-recommends ${missing[*]}" >&2
      return 1
    fi
  fi

  echo "deps.sh: installing ${missing[*]}"
  local log rc=0
  log=$(mktemp "${TMPDIR:-/tmp}/syscensus-deps.XXXXXXXX") || return 1
  {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get -q -o DPkg::Lock::Timeout=600 update &&
      "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -q -y -o DPkg::Lock::Timeout=600 install --no-install-recommends "${missing[@]}"
  } </dev/null >"$log" 2>&1 || rc=$?
  if ((rc != 0)); then
    cat "$log" >&2
    echo "deps.sh: installing ${missing[*]} failed (apt-get exit status $rc)" >&2
  fi
  rm -f "$log"
  return "$rc"
}

# Fail (status 1) when the install failed, whether run with bash or sourced.
if _syscensus_deps "$@"; then
  unset -f _syscensus_deps
else
  unset -f _syscensus_deps
  false
fi
