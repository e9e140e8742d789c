#!/usr/bin/env bash
# Resident memory of the whole IMAP server (SQLite) with N connections logged in and IDLE on INBOX.
# Loopback only; raises the open-file limit for itself, the server and the client.
#   bench/imap/idle-memory.sh              # 10,000 connections
#   COUNT=2000 HEAP=-Xmx256m bench/imap/idle-memory.sh
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
W="${BENCH_DIR:-/tmp/facteur-imap-idle}"
COUNT="${COUNT:-10000}"
PORT="${PORT:-21433}"
HEAP="${HEAP:-}"
ulimit -n "$(( COUNT + 4096 ))" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null || true' EXIT
rm -rf "$W" && mkdir -p "$W"
. "$root/scripts/jdk.sh"
facteur_find_jdk
(cd "$root" && mvn -B -q -o -pl facteur-imap -am test-compile dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$W/deps.txt" -Dmdep.appendOutput=true >"$W/build.log" 2>&1) || { tail -n 30 "$W/build.log" >&2; exit 1; }
for m in facteur-imap facteur-store facteur-core; do cp -r "$root/$m/target/classes" "$W/$m-classes"; done
cp="$W/facteur-imap-classes:$W/facteur-store-classes:$W/facteur-core-classes:$(tr ':' '\n' <"$W/deps.txt" | grep -v '^$' | grep -v '/target/' | sort -u | paste -sd:)"
FACTEUR_BENCH_CHEAP_HASH=1 "$JAVA_HOME/bin/java" -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED $HEAP \
    -cp "$cp" "$here/ImapBenchServer.java" "$W/data" "$PORT" bench@bench.test benchpass >"$W/server.log" 2>&1 &
server=$!
for _ in $(seq 1 600); do grep -q READY "$W/server.log" 2>/dev/null && break; sleep 0.5; done
grep -q READY "$W/server.log" || { tail "$W/server.log" >&2; exit 1; }
echo "server pid $server, heap option '${HEAP:-default}', load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/idle-clients.py" --port "$PORT" --user bench@bench.test --password benchpass --pid "$server" --count "$COUNT"
