#!/usr/bin/env bash
# Builds syscensus and runs its tests on SQLite and on a throwaway PostgreSQL
# cluster (scripts/pg_cluster.sh), installing missing packages first
# (scripts/deps.sh). Arguments go to ctest, e.g. `scripts/test.sh -R csv`.
# Exits with ctest's status; the cluster is removed on every exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/deps.sh
source scripts/pg_cluster.sh

trap pg_cluster_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
pg_cluster_start

echo "== build"
# Configure every time: the cluster's port, baked into the PostgreSQL tests, changes.
cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSYSCENSUS_WERROR=ON \
  -DSYSCENSUS_TEST_PG_URL="$PG_TEST_URL"
cmake --build build/test -j2

echo "== test (SQLite and PostgreSQL at 127.0.0.1:$PG_CLUSTER_PORT)"
status=0
ctest --test-dir build/test --output-on-failure --no-tests=error -j2 --timeout 600 "$@" || status=$?
exit "$status"
