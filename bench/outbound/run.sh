#!/usr/bin/env bash
# bench/outbound/run.sh [MESSAGES] [CONCURRENCIES]
#
# Outbound delivery throughput, queue to sink, in one run:
#   1. Postfix's smtp-sink listens on 127.0.0.1 (no dumping: a fast, real SMTP server);
#   2. Facteur: MESSAGES queued in a fresh SQLite store, then delivered by DeliveryService
#      (MX lookup, SMTP client, outcome recorded per recipient) at each concurrency;
#   3. Postfix: a private instance (own config, queue and data directories) with relayhost =
#      the sink; MESSAGES are injected with delivery deferred, then released, and timed until
#      the queue is empty, at each concurrency (smtp_destination_concurrency_limit).
# Prints one line per measurement and the Facteur/Postfix ratio. Needs root (Postfix), the
# Debian package postfix and a JDK 25. Loopback only; every loop is bounded in time.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
. "$root/scripts/jdk.sh"
facteur_find_jdk || exit 1
facteur_find_maven || exit 1
messages="${1:-2000}"
concurrencies="${2:-1,8,32}"
work="$(mktemp -d /tmp/facteur-outbound-bench.XXXXXX)"
chmod 755 "$work"
log() { echo "bench: $*" >&2; }
[ "$(id -u)" = 0 ] || { log "Postfix needs root"; exit 1; }
command -v smtp-sink >/dev/null && command -v postfix >/dev/null || { log "apt-get install postfix"; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sink_port=$(free_port)
smtp-sink -u nobody 127.0.0.1:"$sink_port" 256 >"$work/sink.log" 2>&1 &
sink_pid=$!
pf="$work/postfix"
cleanup() {
    postfix -c "$pf/etc" stop >/dev/null 2>&1 || true
    kill "$sink_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# --- Facteur -------------------------------------------------------------------------------
log "building facteur-smtp"
(cd "$root" && mvn -B -q -o -DskipTests -pl facteur-smtp -am package dependency:build-classpath \
    -Dmdep.outputFile=target/cp.txt >/dev/null 2>&1 || mvn -B -q -DskipTests -pl facteur-smtp -am package \
    dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
cp="$root/facteur-smtp/target/facteur-smtp-0.1.0-SNAPSHOT.jar:$(cat "$root/facteur-smtp/target/cp.txt")"
timeout 1200 "$JAVA_HOME/bin/java" -cp "$cp" -Dlogback.configurationFile="$root/bench/outbound/logback.xml" \
    --enable-native-access=ALL-UNNAMED "$root/bench/outbound/OutboundLoad.java" \
    127.0.0.1 "$sink_port" "$messages" "$concurrencies" "$work" | tee "$work/facteur.txt"

# --- Postfix -------------------------------------------------------------------------------
mkdir -p "$pf/etc" "$pf/queue" "$pf/data"
cp /etc/postfix/master.cf "$pf/etc/master.cf"
# No SMTP listener: mail is injected with sendmail(1); only pickup, cleanup, qmgr and smtp run.
sed -i -E 's/^(smtp +inet .*)$/#\1/' "$pf/etc/master.cf"
chown postfix "$pf/data"
postfix_conf() {
    cat >"$pf/etc/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $pf/queue
data_directory = $pf/data
mail_owner = postfix
setgid_group = postdrop
myhostname = bench.postfix.test
mydomain = postfix.test
myorigin = \$myhostname
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
relayhost = [127.0.0.1]:$sink_port
smtputf8_enable = no
default_process_limit = 256
smtp_destination_concurrency_limit = $1
default_destination_concurrency_limit = $1
initial_destination_concurrency = $1
smtp_destination_rate_delay = 0
in_flow_delay = 0
defer_transports = $2
CONF
}
body="$work/message.eml"
{
    printf 'From: load@bench.postfix.test\r\nTo: rcpt@sink.test\r\nSubject: outbound load\r\n\r\n'
    for _ in $(seq 1 57); do printf 'The quick brown fox jumps over the lazy dog, again and again and again.\r\n'; done
} >"$body"
queue_count() { find "$pf/queue/incoming" "$pf/queue/active" "$pf/queue/deferred" "$pf/queue/maildrop" -type f 2>/dev/null | wc -l; }
for c in ${concurrencies//,/ }; do
    postfix -c "$pf/etc" stop >/dev/null 2>&1 || true
    rm -rf "$pf/queue"/* "$pf/data"/*
    postfix_conf "$c" smtp
    postfix -c "$pf/etc" set-permissions >/dev/null 2>&1 || true
    postfix -c "$pf/etc" start >/dev/null 2>&1
    for i in $(seq 1 "$messages"); do
        sendmail -C "$pf/etc" -f load@bench.postfix.test "rcpt$i@sink.test" <"$body"
    done
    # Wait (bounded) until every message sits in the queue, deferred by defer_transports.
    for _ in $(seq 1 600); do
        [ "$(find "$pf/queue/maildrop" "$pf/queue/incoming" -type f | wc -l)" -eq 0 ] && \
            [ "$(queue_count)" -ge "$messages" ] && break
        sleep 0.2
    done
    postfix_conf "$c" ""
    start=$(date +%s.%N)
    postfix -c "$pf/etc" reload >/dev/null 2>&1
    postqueue -c "$pf/etc" -f
    for _ in $(seq 1 12000); do
        [ "$(queue_count)" -eq 0 ] && break
        sleep 0.05
    done
    end=$(date +%s.%N)
    left=$(queue_count)
    awk -v c="$c" -v n="$messages" -v s="$start" -v e="$end" -v l="$left" \
        'BEGIN { printf "postfix concurrency=%d messages=%d seconds=%.3f rate=%.1f left=%d\n", c, n, e-s, n/(e-s), l }' \
        | tee -a "$work/postfix.txt"
done

# --- Ratio ---------------------------------------------------------------------------------
for c in ${concurrencies//,/ }; do
    f=$(grep "concurrency=$c " "$work/facteur.txt" | sed -E 's/.*rate=([0-9.]+).*/\1/')
    p=$(grep "concurrency=$c " "$work/postfix.txt" | sed -E 's/.*rate=([0-9.]+).*/\1/')
    awk -v c="$c" -v f="$f" -v p="$p" 'BEGIN { printf "ratio concurrency=%d facteur/postfix=%.2f\n", c, f/p }'
done
