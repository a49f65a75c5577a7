#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback, for tests and benchmarks.
#   scripts/postgres.sh start [PORT]   installs PostgreSQL if missing (Debian, as root), starts a
#                                      fresh cluster, prints its URL on stdout (PG_FSYNC=on for
#                                      benchmarks; tests run with fsync off)
#   scripts/postgres.sh stop [PORT]
set -euo pipefail
action=${1:?usage: postgres.sh start|stop [PORT]}
port=${2:-54329}
dir=/tmp/junction-pg-$port

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    bin=$(find_bin)
    if [ -z "$bin" ]; then
      if [ "$(id -u)" != 0 ]; then
        echo "PostgreSQL is not installed; install the 'postgresql' package or run as root" >&2
        exit 1
      fi
      echo "installing PostgreSQL (apt)" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
      bin=$(find_bin)
    fi
    as_pg "$bin/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_pg "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-off} -c max_connections=200" start >/dev/null
    "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE junction" >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/junction"
    ;;
  stop)
    bin=$(find_bin)
    [ -n "$bin" ] && as_pg "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: postgres.sh start|stop [PORT]" >&2
    exit 2
    ;;
esac
