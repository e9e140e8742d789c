#!/usr/bin/env bash
# Resident memory of the server with N IMAP connections logged in and IDLE on INBOX (SQLite, or
# PostgreSQL with PG_URL).
# Loopback only; raises the open-file limit for itself, the server and the client.
#
# MODE=serve (default): the real server, `./facteur serve` with the launcher's default JVM options
# (plus FACTEUR_JAVA_OPTS if set), every listener on loopback, an account made with
# `./facteur admin ... --password-stdin`. MODE=bench: the IMAP bench server alone
# (bench/imap/ImapBenchServer.java, HEAP= for its JVM options).
#
#   bench/imap/idle-memory.sh                          # 10,000 connections to ./facteur serve
#   COUNT=2000 bench/imap/idle-memory.sh
#   DIAG=1 bench/imap/idle-memory.sh                   # also a class histogram and NMT summary (in $W)
#   FACTEUR_JAVA_OPTS="-XX:+UseSerialGC" bench/imap/idle-memory.sh
#   MODE=bench HEAP=-Xmx256m bench/imap/idle-memory.sh
#   PG_URL="$FACTEUR_TEST_PG_URL" bench/imap/idle-memory.sh   # the real server on PostgreSQL (a database
#                                                      # of its own: the script's data are not cleaned up there)
#
# Last line: RESULT ... rss_kib=... (VmRSS of the server's JVM once all connections idle).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
W="${BENCH_DIR:-/tmp/facteur-imap-idle}"
COUNT="${COUNT:-10000}"
PORT="${PORT:-21433}"
HEAP="${HEAP:-}"
MODE="${MODE:-serve}"
DIAG="${DIAG:-0}"
USER_ADDR=bench@bench.test PASS=benchpass
ulimit -n "$(( COUNT + 4096 ))" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null || true' EXIT
rm -rf "$W" && mkdir -p "$W"
. "$root/scripts/jdk.sh"
facteur_find_jdk

start_bench_server() {
    (cd "$root" && mvn -B -q -o -pl facteur-imap -am test-compile dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile="$W/deps.txt" -Dmdep.appendOutput=true >"$W/build.log" 2>&1) || { tail -n 30 "$W/build.log" >&2; exit 1; }
    for m in facteur-imap facteur-store facteur-core; do cp -r "$root/$m/target/classes" "$W/$m-classes"; done
    local cp="$W/facteur-imap-classes:$W/facteur-store-classes:$W/facteur-core-classes:$(tr ':' '\n' <"$W/deps.txt" | grep -v '^$' | grep -v '/target/' | sort -u | paste -sd:)"
    FACTEUR_BENCH_CHEAP_HASH=1 "$JAVA_HOME/bin/java" -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED $HEAP \
        -cp "$cp" "$here/ImapBenchServer.java" "$W/data" "$PORT" "$USER_ADDR" "$PASS" >"$W/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 600); do grep -q READY "$W/server.log" 2>/dev/null && break; sleep 0.5; done
    grep -q READY "$W/server.log" || { tail "$W/server.log" >&2; exit 1; }
}

start_facteur_serve() {
    cat >"$W/facteur.toml" <<TOML
hostname = "bench.test"
data_dir = "$W/data"
log_level = "warn"
[listeners]
smtp = "127.0.0.1:0"
submission = "127.0.0.1:0"
submissions = "127.0.0.1:0"
imap = "127.0.0.1:$PORT"
imaps = "127.0.0.1:0"
pop3 = "127.0.0.1:0"
pop3s = "127.0.0.1:0"
http = "127.0.0.1:0"
[limits]
max_connections = $(( COUNT + 1000 ))
max_connections_per_ip = $(( COUNT + 1000 ))
[auth]
allow_plaintext_on_loopback = true
TOML
    if [ -n "${PG_URL:-}" ]; then # jdbc:postgresql://host:port/db?user=U&password=P (scripts/test-postgres.sh's form)
        local base="${PG_URL%%\?*}" query="${PG_URL#*\?}" user="" password=""
        user="$(tr '&' '\n' <<<"$query" | sed -n 's/^user=//p')"
        password="$(tr '&' '\n' <<<"$query" | sed -n 's/^password=//p')"
        printf '[database]\nurl = "%s"\nuser = "%s"\npassword = "%s"\n' "$base" "$user" "$password" >>"$W/facteur.toml"
    fi
    "$root/facteur" --version >/dev/null   # build (and train the start-up cache) first; not measured
    # on PostgreSQL an earlier run may have made them (the logins below fail if they are not right)
    "$root/facteur" admin domain add bench.test --config "$W/facteur.toml" >"$W/admin.log" 2>&1 || [ -n "${PG_URL:-}" ]
    echo "$PASS" | "$root/facteur" admin account add "$USER_ADDR" --password-stdin --config "$W/facteur.toml" >>"$W/admin.log" 2>&1 \
        || [ -n "${PG_URL:-}" ]
    # exec in the launcher: this pid is the JVM's
    "$root/facteur" serve --config "$W/facteur.toml" >"$W/server.log" 2>&1 &
    server=$!
    python3 - "$PORT" <<'PY'
import socket, sys, time
end = time.monotonic() + 120
while time.monotonic() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit("the IMAP listener did not open")
PY
}

case "$MODE" in
    serve) start_facteur_serve ;;
    bench) start_bench_server ;;
    *) echo "MODE is serve or bench" >&2; exit 2 ;;
esac
on_idle=""
if [ "$DIAG" = 1 ]; then
    on_idle="'$JAVA_HOME/bin/jcmd' {pid} GC.class_histogram >'$W/histogram.txt' 2>&1; \
'$JAVA_HOME/bin/jcmd' {pid} VM.native_memory summary >'$W/nmt.txt' 2>&1; \
grep -E 'VmRSS|RssAnon|RssFile|Threads' /proc/{pid}/status >'$W/status.txt'; \
'$JAVA_HOME/bin/jcmd' {pid} Thread.dump_to_file -format=text '$W/threads.txt' >/dev/null 2>&1"
fi
echo "mode $MODE, server pid $server, options '$(tr '\0' ' ' </proc/$server/cmdline | grep -oE -- ' -X[^ ]*' | tr -d '\n')', load $(cut -d' ' -f1-3 /proc/loadavg)"
# SETTLE: seconds after the last connection idles before RSS is read (RSS at 5 s is printed too);
# the launcher's G1 returns unused heap at a periodic collection when nothing else collected.
python3 "$here/idle-clients.py" --port "$PORT" --user "$USER_ADDR" --password "$PASS" --pid "$server" --count "$COUNT" \
    --settle "${SETTLE:-60}" --max-secs "$(( COUNT / 4 + 900 ))" \
    ${on_idle:+--on-idle "$on_idle"}
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
