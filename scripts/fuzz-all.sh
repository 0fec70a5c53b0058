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
    if ! out=$(cd "$m" && go test -run="^$" -fuzz="^${name}\$" -fuzztime="$duration" -fuzzminimizetime=2s "$pkg" 2>&1); then
      echo "$out"
      # go test reports "context deadline exceeded" when fuzztime ends while a slow input is still
      # running (targets that go through a database); that is no finding. A finding always writes
      # its input under testdata/fuzz and says so.
      if grep -q "context deadline exceeded" <<<"$out" && ! grep -q "Failing input written" <<<"$out"; then
        echo "(fuzz time ran out during a slow input: not a finding)"
      else
        exit 1
      fi
    else
      echo "$out" | tail -n 2
    fi
    count=$((count + 1))
  done < <(grep -rHoE --include='*_test.go' '^func (Fuzz[A-Za-z0-9_]+)' "$m" | sed -E 's/:func /:/' | sort -u)
done
echo "fuzzed $count targets for $duration each"
