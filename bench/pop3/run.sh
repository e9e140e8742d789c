#!/usr/bin/env bash
# POP3 benchmark: Facteur against Dovecot on the same machine, in the same run, with the same
# messages and the same client (../shared/bench/pop3-bench.py: USER/PASS, STAT, UIDL, LIST,
# RETR 1..N, QUIT). Loopback only.
#
#   bench/pop3/run.sh            # 5,000 messages of 10 KB, 3 measured runs per target
#   COUNT=1000 RUNS=5 bench/pop3/run.sh
#   FACTEUR_JAVA_OPTS='-Djdk.pollerMode=1' bench/pop3/run.sh   # JVM options for Facteur's process
#   FACTEUR_POP3_THREADS=platform bench/pop3/run.sh           # the listeners' platform-thread option
#   REUSE=1 bench/pop3/run.sh    # keep the messages and both maildrops of the previous run (same COUNT/SIZE)
#
# Dovecot comes from Debian (dovecot-pop3d), configured as in ../shared/bench/BASELINES.md
# but POP3 only and on its own ports; without it, only Facteur is measured.
# Prints one RESULT line per run and a summary with medians and the Facteur/Dovecot ratio.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
W="${BENCH_DIR:-/tmp/facteur-pop3-bench}"
COUNT="${COUNT:-5000}"
SIZE="${SIZE:-10240}"
RUNS="${RUNS:-3}"
BENCH="${POP3_BENCH:-$root/../shared/bench/pop3-bench.py}"
[ -f "$BENCH" ] || BENCH="$root/../../shared/bench/pop3-bench.py"   # from a worktree one level deeper
F_POP3=21110 F_POP3S=21995 D_POP3=31110 D_POP3S=31995
USER_F=bench@bench.test USER_D=bench PASS=benchpass

log() { echo "pop3-bench: $*" >&2; }
facteur_pid=""
dovecot_pid=""
cleanup() {
    [ -n "$facteur_pid" ] && kill "$facteur_pid" 2>/dev/null && wait "$facteur_pid" 2>/dev/null || true
    [ -n "$dovecot_pid" ] && kill "$dovecot_pid" 2>/dev/null || true
}
trap cleanup EXIT

wait_port() { # host port seconds
    python3 - "$1" "$2" "$3" <<'PY'
import socket, sys, time
host, port, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
end = time.monotonic() + limit
while time.monotonic() < end:
    try:
        socket.create_connection((host, port), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit(f"port {port} not open after {limit} s")
PY
}

reuse=""
if [ "${REUSE:-}" = 1 ] && [ -d "$W/eml" ] && [ -d "$W/data" ] && [ "$(ls "$W/eml" | wc -l)" = "$COUNT" ]; then
    reuse=1
    log "reusing the messages and maildrops in $W"
else
    rm -rf "$W"
    mkdir -p "$W"
    chmod 755 "$W"
    log "generating $COUNT messages of ~$SIZE octets"
    python3 "$here/gen-messages.py" "$COUNT" "$SIZE" "$W/eml"
fi

# --- Facteur -------------------------------------------------------------------------------
# The POP3 server wired as `facteur serve` wires it (see Pop3BenchServer.java), built from this
# checkout's facteur-pop3 and its dependencies only.
. "$root/scripts/jdk.sh"
facteur_find_jdk
log "building facteur-pop3 and its dependencies"
(cd "$root" && mvn -B -q -o -pl facteur-pop3 -am test-compile dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$W/deps.txt" >"$W/build.log" 2>&1) || { tail -n 30 "$W/build.log" >&2; exit 1; }
cp="$root/facteur-pop3/target/classes:$root/facteur-store/target/classes:$root/facteur-core/target/classes:$(cat "$W/deps.txt")"
"$JAVA_HOME/bin/java" -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED ${FACTEUR_JAVA_OPTS:-} -cp "$cp" \
    "$here/Pop3BenchServer.java" "$W/data" "$USER_F" "$PASS" "$W/eml" "$F_POP3" "$F_POP3S" >"$W/facteur.log" 2>&1 &
facteur_pid=$!
wait_port 127.0.0.1 "$F_POP3S" 300
log "facteur serving on $F_POP3 and $F_POP3S (pid $facteur_pid): $(head -n 1 "$W/facteur.log")"

# --- Dovecot -------------------------------------------------------------------------------
if ! command -v dovecot >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing dovecot-pop3d (Debian) for the baseline; its services stay stopped"
    own_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dovecot-pop3d >/dev/null \
        || log "could not install dovecot-pop3d"
    [ -n "$own_policy" ] && rm -f /usr/sbin/policy-rc.d
fi
if command -v dovecot >/dev/null 2>&1 && [ -x /usr/lib/dovecot/pop3 ]; then
    mkdir -p "$W/tls" "$W/vmail/bench/Maildir/new" "$W/vmail/bench/Maildir/cur" "$W/vmail/bench/Maildir/tmp"
    cp "$W/data/tls/cert.pem" "$W/data/tls/key.pem" "$W/tls/"
    [ -n "$reuse" ] || python3 - "$W/eml" "$W/vmail/bench/Maildir/new" <<'PY'
import os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
for n, name in enumerate(sorted(f for f in os.listdir(src) if f.endswith(".eml")), 1):
    shutil.copyfile(os.path.join(src, name), os.path.join(dst, f"1764187200.M{n}P1.bench"))
PY
    chown -R nobody:nogroup "$W/vmail"
    echo "$USER_D:{PLAIN}$PASS:65534:65534::$W/vmail/bench" >"$W/dovecot.users"
    cat >"$W/dovecot.conf" <<CONF
base_dir = $W/dovecot-run
state_dir = $W/dovecot-state
protocols = pop3
listen = 127.0.0.1
log_path = $W/dovecot.log
ssl = yes
ssl_cert = <$W/tls/cert.pem
ssl_key = <$W/tls/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Ln
passdb {
  driver = passwd-file
  args = scheme=PLAIN $W/dovecot.users
}
userdb {
  driver = passwd-file
  args = $W/dovecot.users
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
}
service pop3-login {
  inet_listener pop3 {
    port = $D_POP3
  }
  inet_listener pop3s {
    port = $D_POP3S
    ssl = yes
  }
}
CONF
    dovecot -F -c "$W/dovecot.conf" >"$W/dovecot.stdout" 2>&1 &
    dovecot_pid=$!
    wait_port 127.0.0.1 "$D_POP3S" 30
    log "dovecot $(dovecot --version | cut -d' ' -f1) serving on $D_POP3 and $D_POP3S (pid $dovecot_pid)"
else
    log "dovecot-pop3d not installed: measuring Facteur only"
fi

# --- Runs ----------------------------------------------------------------------------------
results="$W/results.txt"
: >"$results"
one() { # name port user tls-flag
    local line
    line=$(python3 "$BENCH" --port "$2" --user "$3" --password "$PASS" --count "$COUNT" $4 | tail -n 1)
    echo "$1 $line" | tee -a "$results"
}
targets=("facteur-plain $F_POP3 $USER_F" "facteur-tls $F_POP3S $USER_F --tls")
[ -n "$dovecot_pid" ] && targets+=("dovecot-plain $D_POP3 $USER_D" "dovecot-tls $D_POP3S $USER_D --tls")
log "warm-up run per target (not counted)"
for t in "${targets[@]}"; do
    set -- $t
    python3 "$BENCH" --port "$2" --user "$3" --password "$PASS" --count "$COUNT" ${4:-} >/dev/null
done
for run in $(seq 1 "$RUNS"); do
    for t in "${targets[@]}"; do
        set -- $t
        one "$1" "$2" "$3" "${4:-}"
    done
done

python3 - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, _, _, *kv = line.split()
    d = dict(x.split("=", 1) for x in kv)
    if d.get("ok") == "1":
        rows.setdefault(name, []).append(d)
print("\nsummary (median of runs; retr = RETR of every message, one connection)")
print(f"{'target':15} {'runs':>4} {'login_ms':>9} {'uidl_ms':>8} {'retr_s':>7} {'msgs/s':>8} {'MB/s':>6}")
med = {}
for name, rs in rows.items():
    m = lambda k: statistics.median(float(r[k]) for r in rs)
    med[name] = m("retr_msgs_per_s")
    print(f"{name:15} {len(rs):>4} {m('login_ms'):>9.1f} {m('uidl_ms'):>8.1f} {m('retr_s'):>7.3f} "
          f"{m('retr_msgs_per_s'):>8.0f} {m('retr_mb_per_s'):>6.1f}")
for mode in ("plain", "tls"):
    f, d = med.get("facteur-" + mode), med.get("dovecot-" + mode)
    if f and d:
        print(f"ratio facteur/dovecot ({mode}): {f / d:.2f}")
PY
