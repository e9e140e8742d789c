#!/usr/bin/env bash
# scripts/test-postgres.sh [start|stop|url]
#
# Starts a throw-away PostgreSQL for the store's tests and prints, on stdout, one line to eval:
#   FACTEUR_TEST_PG_URL='jdbc:postgresql://127.0.0.1:PORT/postgres?user=facteur&password=…'; export FACTEUR_TEST_PG_URL
# Usage:  eval "$(scripts/test-postgres.sh)"; mvn … test; scripts/test-postgres.sh stop
#
# As root (CI) it installs Debian's postgresql if no server binaries are found, and runs the
# server as the `postgres` user (PostgreSQL refuses to run as root). As a normal user it runs
# the server as that user. The cluster lives in $FACTEUR_TEST_PG_DIR (default
# /tmp/facteur-test-pg), listens on 127.0.0.1 only, on a free port, with a random password.
# `start` when a server is already running prints its line again; `stop` stops it and removes
# the directory; `url` prints the line of the running server.
set -euo pipefail

dir="${FACTEUR_TEST_PG_DIR:-/tmp/facteur-test-pg}"
action="${1:-start}"

log() { echo "test-postgres: $*" >&2; }

find_bin() { # prints the directory of the newest PostgreSQL server binaries, or nothing
    local d best=""
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && best="$d"
    done
    if [ -z "$best" ] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        best="$(dirname "$(command -v initdb)")"
    fi
    echo "$best"
}

as_owner() { # runs a command as the user that owns the cluster
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 30000))
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

print_url() {
    local port password
    port="$(cat "$dir/port")"
    password="$(cat "$dir/password")"
    echo "FACTEUR_TEST_PG_URL='jdbc:postgresql://127.0.0.1:${port}/postgres?user=facteur&password=${password}'; export FACTEUR_TEST_PG_URL"
}

running() {
    local bin
    bin="$(find_bin)"
    [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

start() {
    if running; then
        log "already running in $dir"
        print_url
        return
    fi
    local bin
    bin="$(find_bin)"
    if [ -z "$bin" ]; then
        if [ "$(id -u)" -ne 0 ]; then
            log "no PostgreSQL server binaries found; install Debian's postgresql package"
            exit 1
        fi
        log "installing postgresql"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq postgresql >&2
        bin="$(find_bin)"
        [ -n "$bin" ] || { log "postgresql installed but no server binaries found"; exit 1; }
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    chmod 700 "$dir"
    head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/password"
    free_port > "$dir/port"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U facteur --pwfile="$dir/password" \
        --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $(cat "$dir/port") -k $dir -c max_connections=300" >&2 \
        || { cat "$dir/server.log" >&2; exit 1; }
    log "PostgreSQL running on 127.0.0.1:$(cat "$dir/port") (data in $dir)"
    print_url
}

stop() {
    local bin
    bin="$(find_bin)"
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$dir"
    log "stopped"
}

case "$action" in
    start) start ;;
    stop) stop ;;
    url) running && print_url || { log "not running"; exit 1; } ;;
    *) echo "usage: $0 [start|stop|url]" >&2; exit 2 ;;
esac
