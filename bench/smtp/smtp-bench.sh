#!/usr/bin/env bash
# bench/smtp/smtp-bench.sh [SESSIONS...]
#
# Accepted-messages-per-second benchmark (issue 3, item 9): 10 KiB messages, one per connection,
# at 1, 10 and 50 concurrent sessions (or the SESSIONS given), with durable acceptance, delivered
# into INBOX. Runs Facteur (the MX listener wired as `facteur serve` wires it: embedded SQLite
# store, SPF/DKIM/DMARC checks against a DNS server on loopback so no lookup waits on a timeout,
# meters, spool; see SmtpBenchServer) and Postfix (local delivery to
# Maildir, configured as in ../shared/bench/BASELINES.md, loopback only) with the same
# smtp-load.sh command in the same run, and prints the ratios.
#
# Environment: MESSAGES (default 20000), WARMUP (2000 unrecorded messages to Facteur before each
# measured run, so that the JIT has compiled the hot paths; 0 for none), SIZE (10240), FACTEUR_PORT (2525), POSTFIX_PORT (25),
# SKIP_POSTFIX=1 to measure Facteur alone, FACTEUR_JAVA_OPTS for Facteur's JVM (e.g. a JFR recording),
# KEEP_CP=DIR to keep this run's class snapshot in DIR (its cp.txt), FACTEUR_CP=$(cat DIR/cp.txt) to reuse one. Needs smtp-source (Debian package postfix).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# ../shared/bench from the repo root; a worktree one level deeper finds it too.
load=${SMTP_LOAD:-$root/../shared/bench/smtp-load.sh}
[ -x "$load" ] || load="$root/../../shared/bench/smtp-load.sh"
MESSAGES=${MESSAGES:-20000}
WARMUP=${WARMUP:-2000}
SIZE=${SIZE:-10240}
FACTEUR_PORT=${FACTEUR_PORT:-2525}
POSTFIX_PORT=${POSTFIX_PORT:-25}
SESSIONS=("${@:-1 10 50}")
# shellcheck disable=SC2206
SESSIONS=(${SESSIONS[*]})
. "$root/scripts/jdk.sh"
facteur_find_jdk
export JAVA_HOME

work=$(mktemp -d /tmp/facteur-smtp-bench.XXXXXX)
cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${FACTEUR_CP:-}" ]; then
    cp=$FACTEUR_CP # a class path snapshotted earlier (e.g. by another run with KEEP_CP=DIR)
else
    echo "building facteur-smtp (test classes hold the bench server)" >&2
    (cd "$root" && mvn -B -q -o -pl facteur-smtp -am test-compile dependency:build-classpath \
        -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >/dev/null)
    cp="$root/facteur-smtp/target/test-classes:$root/facteur-smtp/target/classes:$(cat "$work/cp.txt")"
    # Snapshot the class directories, so that a build in the same checkout during the run cannot
    # change (or empty) the classes under the running server.
    snap=""
    i=0
    IFS=: read -ra entries <<<"$cp"
    for e in "${entries[@]}"; do
        if [ -d "$e" ]; then
            i=$((i + 1))
            cp -r "$e" "$work/classes-$i"
            e="$work/classes-$i"
        fi
        snap="$snap${snap:+:}$e"
    done
    cp=$snap
    echo "classes copied; the checkout may be rebuilt now" >&2
fi
if [ -n "${KEEP_CP:-}" ]; then
    rm -rf "$KEEP_CP" && mkdir -p "$KEEP_CP"
    kept=""
    IFS=: read -ra entries <<<"$cp"
    for e in "${entries[@]}"; do
        if [ "${e#"$work"/}" != "$e" ]; then
            cp -r "$e" "$KEEP_CP/" && e="$KEEP_CP/$(basename "$e")"
        fi
        kept="$kept${kept:+:}$e"
    done
    echo "$kept" >"$KEEP_CP/cp.txt"
fi

quiet() { # wait until the disk is quiet (BASELINES.md "Noise and caveats")
    sync
    for _ in $(seq 1 60); do
        awk '/^some/ { split($2, a, "="); exit !(a[2] < 1.0) }' /proc/pressure/io 2>/dev/null && return
        sleep 1
    done
}

start_facteur() {
    rm -rf "$work/data"
    mkdir -p "$work/data"
    # shellcheck disable=SC2086
    "$JAVA_HOME/bin/java" ${FACTEUR_JAVA_OPTS:-} -Dlogback.configurationFile="$root/bench/smtp/logback-bench.xml" -cp "$cp" \
        dev.facteur.smtp.server.SmtpBenchServer "$work/data" "$FACTEUR_PORT" x.test b >"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 120); do
        if grep -q '^READY' "$work/server.log"; then
            ready_ticks=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
            return
        fi
        sleep 0.5
    done
    echo "Facteur did not start:" >&2
    cat "$work/server.log" >&2
    exit 1
}


setup_postfix() {
    id bench >/dev/null 2>&1 || useradd -m bench
    postconf -e 'myhostname = bench.test' 'mydestination = bench.test, x.test, localhost' \
        'home_mailbox = Maildir/' 'inet_interfaces = loopback-only' 'inet_protocols = ipv4' \
        'maillog_file = /var/log/postfix-bench.log'
    postfix stop >/dev/null 2>&1 || true
    postfix start >/dev/null 2>&1
    sleep 2
}

declare -A facteur postfix
for s in "${SESSIONS[@]}"; do
    start_facteur
    if [ "$WARMUP" -gt 0 ]; then
        # An unrecorded run first, as BASELINES.md gave GreenMail: the JIT compiles the hot paths
        # (several CPU-seconds on two cores) before the measured run, not during it.
        RCPT=b@x.test FROM=a@x.test MAX_SECS=600 "$load" 127.0.0.1 "$FACTEUR_PORT" "$s" "$WARMUP" "$SIZE" >/dev/null
        ready_ticks=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
    fi
    quiet
    line=$(RCPT=b@x.test FROM=a@x.test MAX_SECS=600 "$load" 127.0.0.1 "$FACTEUR_PORT" "$s" "$MESSAGES" "$SIZE" | tail -1)
    # The server's own CPU after start-up (user + system, JIT and GC included) per accepted message: a figure
    # that other load on the machine barely moves, unlike the rate.
    ticks=$(awk -v r="$ready_ticks" '{print $14 + $15 - r}' "/proc/$server_pid/stat")
    cpu_ms=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$MESSAGES" 'BEGIN { printf "%.2f", t * 1000 / hz / n }')
    echo "facteur $line server_cpu_ms_per_msg=$cpu_ms load=\"$(uptime | sed 's/.*load average: //')\""
    facteur[$s]=$(sed -n 's/.*accept_msgs_per_s=\([0-9.]*\).*/\1/p' <<<"$line")
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
done

if [ "${SKIP_POSTFIX:-0}" != 1 ]; then
    setup_postfix
    for s in "${SESSIONS[@]}"; do
        rm -rf ~bench/Maildir
        quiet
        line=$(DELIVERED_CMD='find ~bench/Maildir/new -type f 2>/dev/null | wc -l' RCPT=bench@x.test FROM=a@x.test \
            MAX_SECS=600 DELIVER_TIMEOUT=600 "$load" 127.0.0.1 "$POSTFIX_PORT" "$s" "$MESSAGES" "$SIZE" | tail -1)
        echo "postfix $line load=\"$(uptime | sed 's/.*load average: //')\""
        postfix[$s]=$(sed -n 's/.*accept_msgs_per_s=\([0-9.]*\).*/\1/p' <<<"$line")
    done
    postfix stop >/dev/null 2>&1 || true
fi

echo
printf '%-9s %14s %14s %8s\n' sessions facteur_msg_s postfix_msg_s ratio
for s in "${SESSIONS[@]}"; do
    p=${postfix[$s]:-}
    r=NA
    [ -n "$p" ] && r=$(awk "BEGIN { printf \"%.2f\", ${facteur[$s]} / $p }")
    printf '%-9s %14s %14s %8s\n' "$s" "${facteur[$s]}" "${p:-NA}" "$r"
done
