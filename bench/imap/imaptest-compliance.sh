#!/usr/bin/env bash
# Runs Dovecot's imaptest compliance scripts (its src/tests directory) against Facteur's IMAP server
# (SQLite, a fresh data directory) on loopback, and prints one line per failing script and the totals.
#
#   IMAPTEST=/tmp/imaptest/src/src bench/imap/imaptest-compliance.sh            # all scripts
#   IMAPTEST=/tmp/imaptest/src/src bench/imap/imaptest-compliance.sh fetch-envelope
#   PROFILE=bench IMAPTEST=... bench/imap/imaptest-compliance.sh                # default benchmark profile instead
#
# IMAPTEST is the directory holding the built imaptest binary and its tests/ (dovecot/imaptest commit 924f619
# built against Debian's dovecot-dev: see ../shared/bench/BASELINES.md). It is not vendored here.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
IMAPTEST="${IMAPTEST:-/tmp/imaptest/src/src}"
W="${BENCH_DIR:-/tmp/facteur-imaptest}"
PORT="${PORT:-21441}"
USER_F=itest@bench.test PASS=benchpass
[ -x "$IMAPTEST/imaptest" ] || { echo "imaptest not found in $IMAPTEST" >&2; exit 2; }
export LD_LIBRARY_PATH="/usr/lib/dovecot${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT
rm -rf "$W"
mkdir -p "$W"

. "$root/scripts/jdk.sh"
facteur_find_jdk
(cd "$root" && mvn -B -q -o -pl facteur-imap -am test-compile dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$W/deps.txt" -Dmdep.appendOutput=true >"$W/build.log" 2>&1) || { tail -n 30 "$W/build.log" >&2; exit 1; }
deps="$(tr ':' '\n' <"$W/deps.txt" | grep -v '^$' | grep -v '/target/' | sort -u | paste -sd:)"
for m in facteur-imap facteur-store facteur-core; do cp -r "$root/$m/target/classes" "$W/$m-classes"; done
cp="$W/facteur-imap-classes:$W/facteur-store-classes:$W/facteur-core-classes:$deps"
FACTEUR_BENCH_CHEAP_HASH=1 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" \
    "$here/ImapBenchServer.java" "$W/data" "$PORT" "$USER_F" "$PASS" >"$W/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q READY "$W/server.log" 2>/dev/null && break; sleep 0.5; done
grep -q READY "$W/server.log" || { cat "$W/server.log" >&2; exit 1; }

cd "$IMAPTEST"
if [ "${PROFILE:-}" = bench ]; then
    MBOX="${MBOX:-/tmp/imaptest/bench/bench.mbox}"
    uptime
    timeout 120 ./imaptest host=127.0.0.1 port="$PORT" user="$USER_F" pass="$PASS" mbox="$MBOX" \
        secs="${SECS:-30}" clients="${CLIENTS:-10}" seed=123 2>&1 | tee "$W/bench.out" | tail -n 25
    uptime
    exit 0
fi
if [ $# -eq 0 ]; then
    # the whole directory in one run: imaptest prints "N test groups: F failed, S skipped" and per-command totals
    timeout 600 ./imaptest host=127.0.0.1 port="$PORT" user="$USER_F" pass="$PASS" test=tests >"$W/all.out" 2>&1 || true
    grep -E '^\*\*\* Test|test groups|individual commands' "$W/all.out"
else
    for t in "$@"; do
        timeout 60 ./imaptest host=127.0.0.1 port="$PORT" user="$USER_F" pass="$PASS" test="tests/$t" 2>&1 | tee "$W/$t.out"
    done
fi
