#!/usr/bin/env bash
# Runs every Fuzz* target under the given module directories for a short time each (go test runs
# one fuzz target per invocation), from the repository root in workspace mode, so that a module
# nested in another (orders/contract in orders) is fuzzed once, as itself.
# Usage: fuzz-all.sh DURATION MODULE_DIR...
set -euo pipefail
cd "$(dirname "$0")/.."
duration=$1; shift
count=0
while IFS=: read -r file name; do
  pkg="./$(dirname "$file")"
  echo "== fuzz $pkg $name ($duration)"
  if ! out=$(go test -run="^$" -fuzz="^${name}\$" -fuzztime="$duration" -fuzzminimizetime=2s "$pkg" 2>&1); then
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
done < <(grep -rHoE --include='*_test.go' '^func (Fuzz[A-Za-z0-9_]+)' "$@" | sed -E 's/:func /:/' | sort -u)
echo "fuzzed $count targets for $duration each"
