#!/usr/bin/env bash
# Says loudly, before the tests run, whether the PostgreSQL tests will run. With CI=true the
# tests themselves fail when PostgreSQL is missing; without it they skip.
url=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
hostport=${url#*@}; hostport=${hostport%%/*}
host=${hostport%%:*}; port=${hostport##*:}; [ "$port" = "$host" ] && port=5432
if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
  echo "PostgreSQL reachable at $host:$port: PostgreSQL tests will run."
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "!!! PostgreSQL NOT reachable at $host:$port and CI=true: the PostgreSQL tests will FAIL." >&2
else
  echo "!!! PostgreSQL NOT reachable at $host:$port: every PostgreSQL test will be SKIPPED." >&2
  echo "!!! Start it (see README) or set TEST_DATABASE_URL; with CI=true they fail instead." >&2
fi
