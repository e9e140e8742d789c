#!/bin/bash
# Starts Facteur's IMAP server (SQLite) on a loopback port and runs ../shared/bench/imap-bench.py
# against it. Usage: bench/imap/run.sh [imap-bench.py options]   (e.g. --count 5000)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
BENCH=${IMAP_BENCH:-$ROOT/../shared/bench/imap-bench.py}
PORT=${PORT:-21430}
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
mvn -B -q -o -f "$ROOT/pom.xml" -pl facteur-imap -am compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="$(cat "$WORK/cp.txt"):$ROOT/facteur-core/target/classes:$ROOT/facteur-store/target/classes:$ROOT/facteur-imap/target/classes"
"$JAVA_HOME/bin/java" -Xshare:auto -cp "$CP" "$ROOT/bench/imap/ImapBenchServer.java" "$WORK/data" "$PORT" \
    bench@bench.test benchpass > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do grep -q READY "$WORK/server.log" 2>/dev/null && break; sleep 0.5; done
grep -q READY "$WORK/server.log" || { cat "$WORK/server.log"; exit 1; }
python3 "$BENCH" --host 127.0.0.1 --port "$PORT" --user bench@bench.test --password benchpass "$@"
echo "server RSS: $(ps -o rss= -p $SERVER) KiB"
