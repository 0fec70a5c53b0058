#!/usr/bin/env bash
# Starts and stops the stage topologies on loopback, from the binaries in ./bin.
#   topology.sh up stage1   the gateway alone, every context in process, SQLite under ./var/stage1
#   topology.sh up split    auth-, orders- and payments-service, each on its own PostgreSQL
#                           database, events over NATS JetStream, and the gateway in front
#   topology.sh up stage3   a PostgreSQL 15 primary and a streaming replica of it (initdb and
#                           pg_basebackup under ./var/stage3, run as the postgres user), a Redis,
#                           and the gateway writing to the primary and reading from the replica
#   topology.sh down        SIGTERM to everything started here, waiting for each to exit
# BIN_DIR (default bin) holds the binaries, RUN_DIR (default var/run) the pid files and logs;
# STAGE3_DIR, STAGE3_PRIMARY_PORT, STAGE3_REPLICA_PORT and STAGE3_REDIS_PORT place stage 3 (tests
# give each run its own). The gateway inherits the environment (DATABASE_READ_MAX_LAG, ...).
# Only configuration differs between the two: the binaries and the code are the same.
set -euo pipefail
cd "$(dirname "$0")/.."
run=${RUN_DIR:-var/run}
mkdir -p "$run"
PG_SERVER=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
NATS_URL=${NATS_URL:-nats://127.0.0.1:4222}
GATEWAY_ADDR=${GATEWAY_ADDR:-127.0.0.1:8080}

start() { # name binary addr env...
  local name=$1 binary=$2 addr=$3; shift 3
  if [ -f "$run/$name.pid" ] && kill -0 "$(cat "$run/$name.pid")" 2>/dev/null; then
    echo "$name is already running (pid $(cat "$run/$name.pid"))" >&2; exit 1
  fi
  env HTTP_ADDR="$addr" LOG_FORMAT=json "$@" "${BIN_DIR:-bin}/$binary" >"$run/$name.log" 2>&1 &
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

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
STAGE3_DIR=${STAGE3_DIR:-var/stage3}
STAGE3_PRIMARY_PORT=${STAGE3_PRIMARY_PORT:-55432}
STAGE3_REPLICA_PORT=${STAGE3_REPLICA_PORT:-55433}
STAGE3_REDIS_PORT=${STAGE3_REDIS_PORT:-56379}

as_postgres() { runuser -u postgres -- "$@"; }

# postgres_cluster name port: the pg_ctl "stop" of down finds it by its pid file in $run.
postgres_cluster() { # name data port
  local name=$1 data=$2 port=$3
  as_postgres "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 30 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null
  head -1 "$data/postmaster.pid" >"$run/$name.pid"
  echo "$name ready on 127.0.0.1:$port"
}

stage3() {
  local dir primary replica
  [ "$(id -u)" = 0 ] || { echo "stage3 runs PostgreSQL as the postgres user: run it as root" >&2; exit 1; }
  [ -x "$PG_BIN/initdb" ] || { echo "stage3 needs PostgreSQL 15 server binaries in $PG_BIN" >&2; exit 1; }
  command -v redis-server >/dev/null || { echo "stage3 needs redis-server" >&2; exit 1; }
  mkdir -p "$STAGE3_DIR"
  dir=$(cd "$STAGE3_DIR" && pwd) primary=$dir/primary replica=$dir/replica
  chown postgres "$dir"
  if [ ! -f "$primary/PG_VERSION" ]; then
    as_postgres "$PG_BIN/initdb" -D "$primary" -U postgres -A trust --no-sync >/dev/null
    cat >>"$primary/postgresql.conf" <<CONF
wal_level = replica
max_wal_senders = 4
hot_standby = on
fsync = off
shared_preload_libraries = 'pg_stat_statements'
CONF
    echo "host replication postgres 127.0.0.1/32 trust" >>"$primary/pg_hba.conf"
  fi
  postgres_cluster stage3-primary "$primary" "$STAGE3_PRIMARY_PORT"
  psql "postgres://postgres@127.0.0.1:$STAGE3_PRIMARY_PORT/postgres" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
  if [ ! -f "$replica/PG_VERSION" ]; then
    # -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica.
    as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$STAGE3_PRIMARY_PORT" -U postgres -D "$replica" -R -X stream --no-sync
  fi
  postgres_cluster stage3-replica "$replica" "$STAGE3_REPLICA_PORT"
  redis-server --port "$STAGE3_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  for _ in $(seq 1 50); do [ -s "$dir/redis.pid" ] && break; sleep 0.1; done
  cp "$dir/redis.pid" "$run/stage3-redis.pid"
  echo "stage3-redis ready on 127.0.0.1:$STAGE3_REDIS_PORT"
  start gateway gateway "$GATEWAY_ADDR" \
    DATABASE_URL="postgres://postgres@127.0.0.1:$STAGE3_PRIMARY_PORT/postgres?sslmode=disable" \
    DATABASE_READ_URL="postgres://postgres@127.0.0.1:$STAGE3_REPLICA_PORT/postgres?sslmode=disable" \
    CACHE_URL="redis://127.0.0.1:$STAGE3_REDIS_PORT/0" JWT_SIGNING_KEY_FILE="$dir/jwt.pem" ${STAGE3_GATEWAY_ENV:-}
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
"up stage3")
  stage3 ;;
"down "*)
  for pidfile in "$run"/gateway.pid "$run"/*.pid; do # the gateway first: it stops taking traffic
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile"); name=$(basename "$pidfile" .pid)
    signal=TERM
    case $name in stage3-primary | stage3-replica) signal=INT ;; esac # PostgreSQL's fast shutdown
    if kill -"$signal" "$pid" 2>/dev/null; then
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
      echo "$name stopped"
    fi
    rm -f "$pidfile"
  done ;;
*)
  echo "usage: $0 up stage1|split|stage3 | down" >&2; exit 2 ;;
esac
