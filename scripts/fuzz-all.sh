#!/usr/bin/env bash
# Runs every Fuzz* target of the given modules for a short time each (go test runs one fuzz
# target per invocation). Usage: fuzz-all.sh DURATION MODULE...
set -euo pipefail
duration=$1; shift
count=0
for m in "$@"; do
  [ -d "$m" ] || continue
  while IFS=: read -r file name; do
    pkg="./$(dirname "${file#"$m"/}")"
    echo "== fuzz $m $pkg $name ($duration)"
    (cd "$m" && go test -run="^$" -fuzz="^${name}\$" -fuzztime="$duration" -fuzzminimizetime=2s "$pkg")
    count=$((count + 1))
  done < <(grep -rHoE --include='*_test.go' '^func (Fuzz[A-Za-z0-9_]+)' "$m" | sed -E 's/:func /:/' | sort -u)
done
echo "fuzzed $count targets for $duration each"
