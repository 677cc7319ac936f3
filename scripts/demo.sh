#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: installs what is missing, builds
# Release, loads the sample registry into ./syscensus.db (SQLite, no set-up)
# and shows what an official looks at first. Safe to run again: imports are
# upserts, so a second run reports every record unchanged.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/deps.sh

echo "== build (Release)"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYSCENSUS_TESTS=OFF > /dev/null
cmake --build build/release -j2

# Tables fit the terminal even when a command's output is captured below.
if [[ -t 1 ]]; then export COLUMNS="${COLUMNS:-$(tput cols 2>/dev/null || echo 0)}"; fi
syscensus() { build/release/cli/syscensus --db sqlite:syscensus.db "$@"; }

echo "== database"
syscensus init

echo "== load the sample registry (units, owners and operators, systems)"
syscensus units import samples/units.csv
syscensus entities import samples/entities.csv
syscensus systems import samples/systems.csv

echo
echo "== national count: security level x level dossier status"
syscensus systems count --by level --across dossier_status

echo
echo "== systems per province (pre-2025 provinces rolled up into today's), by level"
syscensus systems count --by province --across level

echo
echo "== systems check: recorded level below what the system's attributes imply"
syscensus systems check --finding level_below_criteria

echo
echo "== systems check: operating without an approved level (first 15)"
not_approved=$(syscensus systems check --finding not_approved 2>/dev/null)
head -n 17 <<< "$not_approved"

echo
echo "== survey round R2026: questionnaire, campaign (freezes the systems asked), province uploads"
syscensus questionnaire import samples/questionnaire.json
if ! syscensus campaign show R2026 > /dev/null 2>&1; then
  syscensus campaign create R2026 --questionnaire tt12-self-assessment@1 \
    --title "Tự đánh giá an toàn hệ thống thông tin 2026" --opens 2026-11-01 --closes 2026-12-25
  syscensus campaign open R2026
fi
for province in 01 79 48; do
  syscensus --as "province:$province" survey upload R2026 "samples/uploads/R2026_$province.csv"
done

echo
echo "== an upload with mistakes is refused whole, every problem listed (Cần Thơ, 92)"
if syscensus --as province:92 survey upload R2026 samples/uploads/R2026_92_errors.csv; then
  echo "unexpected: the file with mistakes was accepted" >&2
  exit 1
fi

echo
echo "== coverage by province"
syscensus report coverage R2026 --by province

echo
echo "== compliance by province (percent of weighted controls met)"
syscensus report compliance R2026 --by province

echo
echo "== the ten most-failed questions"
syscensus report gaps R2026 --limit 10

echo
echo "Database: ./syscensus.db. Try: build/release/cli/syscensus systems list --province 74 --search \"trung tam du lieu\""
