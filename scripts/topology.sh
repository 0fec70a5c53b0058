#!/usr/bin/env bash
# Starts and stops the stage topologies on loopback, from the binaries in ./bin.
#   topology.sh up stage1   the gateway alone, every context in process, SQLite under ./var/stage1
#   topology.sh up split    auth-, orders- and payments-service, each on its own PostgreSQL
#                           database, events over NATS JetStream, and the gateway in front
#   topology.sh down        SIGTERM to everything started here, waiting for each to exit
# Only configuration differs between the two: the binaries and the code are the same.
set -euo pipefail
cd "$(dirname "$0")/.."
run=var/run
mkdir -p "$run"
PG_SERVER=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
NATS_URL=${NATS_URL:-nats://127.0.0.1:4222}
GATEWAY_ADDR=${GATEWAY_ADDR:-127.0.0.1:8080}

start() { # name binary addr env...
  local name=$1 binary=$2 addr=$3; shift 3
  if [ -f "$run/$name.pid" ] && kill -0 "$(cat "$run/$name.pid")" 2>/dev/null; then
    echo "$name is already running (pid $(cat "$run/$name.pid"))" >&2; exit 1
  fi
  env HTTP_ADDR="$addr" LOG_FORMAT=json "$@" "bin/$binary" >"$run/$name.log" 2>&1 &
  echo $! >"$run/$name.pid"
  for _ in $(seq 1 100); do
    if curl -fsS "http://$addr/readyz" >/dev/null 2>&1; then echo "$name ready on http://$addr"; return 0; fi
    if ! kill -0 "$(cat "$run/$name.pid")" 2>/dev/null; then echo "$name exited; see $run/$name.log" >&2; tail -5 "$run/$name.log" >&2; exit 1; fi
    sleep 0.1
  done
  echo "$name not ready after 10s; see $run/$name.log" >&2; exit 1
}

database() { # name: create it unless it exists
  psql "$PG_SERVER/postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1 ||
    psql "$PG_SERVER/postgres" -qc "CREATE DATABASE $1"
  echo "$PG_SERVER/$1?sslmode=disable"
}

case "${1:-} ${2:-}" in
"up stage1")
  start gateway gateway "$GATEWAY_ADDR" DATABASE_URL=sqlite:./var/stage1/shop.db JWT_SIGNING_KEY_FILE=./var/stage1/jwt.pem ;;
"up split")
  key=./var/split/jwt.pem
  # The services share the broker, and believe the X-Forwarded-For of the gateway on loopback.
  service_env="BROKER_URL=$NATS_URL TRUSTED_PROXIES=127.0.0.1/32"
  start auth-service auth-service 127.0.0.1:8081 DATABASE_URL="$(database modmono_auth)" JWT_SIGNING_KEY_FILE=$key $service_env
  start orders-service orders-service 127.0.0.1:8082 DATABASE_URL="$(database modmono_orders)" AUTH_URL=http://127.0.0.1:8081 $service_env
  start payments-service payments-service 127.0.0.1:8083 DATABASE_URL="$(database modmono_payments)" \
    AUTH_URL=http://127.0.0.1:8081 ORDERS_URL=http://127.0.0.1:8082 $service_env
  start gateway gateway "$GATEWAY_ADDR" AUTH_URL=http://127.0.0.1:8081 ORDERS_URL=http://127.0.0.1:8082 \
    PAYMENTS_URL=http://127.0.0.1:8083 DATABASE_URL=sqlite:./var/split/gateway.db ;;
"down "*)
  for pidfile in "$run"/gateway.pid "$run"/*.pid; do # the gateway first: it stops taking traffic
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile"); name=$(basename "$pidfile" .pid)
    if kill -TERM "$pid" 2>/dev/null; then
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
      echo "$name stopped"
    fi
    rm -f "$pidfile"
  done ;;
*)
  echo "usage: $0 up stage1|split | down" >&2; exit 2 ;;
esac
