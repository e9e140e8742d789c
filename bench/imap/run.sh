#!/usr/bin/env bash
# IMAP benchmark: Facteur (SQLite, and PostgreSQL when FACTEUR_TEST_PG_URL is set) against Dovecot
# (Debian dovecot-imapd, Maildir, configured as ../shared/bench/BASELINES.md) in the same run, with
# the same client (../shared/bench/imap-bench.py: LOGIN, APPEND N x 10 KB into a scratch mailbox,
# SELECT, FETCH 1:N (FLAGS BODY.PEEK[HEADER]), FETCH 1:N BODY.PEEK[], NOOP round trips), then
# bench/imap/raw-bench.py (the same FETCHes and NOOPs from a client that does not parse the answers, with the
# server's CPU per FETCH) and bench/imap/search-bench.py on the same mailbox (SEARCH TEXT, SUBJECT, UNSEEN).
# Loopback only.
#
#   bench/imap/run.sh                     # 5,000 messages, 3 measured runs per target
#   COUNT=1000 RUNS=5 bench/imap/run.sh
#   WARMUP=500 WARMUP_RUNS=1 bench/imap/run.sh   # a shorter unrecorded warm-up (default 2,000 messages, 3 runs)
#   EXTRA="--nodelay" bench/imap/run.sh   # extra imap-bench.py options
#   BASELINE=/path/to/older/checkout bench/imap/run.sh   # also that checkout's server ("facteur-base",
#                                         # JVM options BASELINE_JAVA_OPTS), for before/after in one run
#
# Prints one RESULT line per run, then medians and the Facteur/Dovecot ratios, with `uptime`.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
W="${BENCH_DIR:-/tmp/facteur-imap-bench}"
COUNT="${COUNT:-5000}"
RUNS="${RUNS:-3}"
# The unrecorded warm-up each target gets first: WARMUP messages appended, then the FETCHes, NOOPs and
# SEARCHes run WARMUP_RUNS times over them. A JVM compiles its hot paths meanwhile: with one run, C2 was
# still compiling the FETCH path during the first measured runs (0.2 s of compiler CPU beside the client).
WARMUP="${WARMUP:-2000}"
WARMUP_RUNS="${WARMUP_RUNS:-3}"
EXTRA="${EXTRA:-}"
BENCH="${IMAP_BENCH:-$root/../shared/bench/imap-bench.py}"
[ -f "$BENCH" ] || BENCH="$root/../../shared/bench/imap-bench.py"
F_SQLITE=21431 F_PG=21432 F_BASE=21434 D_IMAP=31431
USER_F=bench@bench.test USER_D=bench PASS=benchpass

log() { echo "imap-bench: $*" >&2; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_port() { # port seconds
    python3 - "$1" "$2" <<'PY'
import socket, sys, time
port, limit = int(sys.argv[1]), float(sys.argv[2])
end = time.monotonic() + limit
while time.monotonic() < end:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit(f"port {port} not open after {limit} s")
PY
}

rm -rf "$W"
mkdir -p "$W"
chmod 755 "$W"

# --- Facteur -------------------------------------------------------------------------------
. "$root/scripts/jdk.sh"
facteur_find_jdk
log "building facteur-imap and its dependencies"
(cd "$root" && mvn -B -q -o -pl facteur-imap -am test-compile dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$W/deps.txt" -Dmdep.appendOutput=true >"$W/build.log" 2>&1) || { tail -n 30 "$W/build.log" >&2; exit 1; }
deps="$(tr ':' '\n' <"$W/deps.txt" | grep -v '^$' | grep -v '/target/' | sort -u | paste -sd:)"
# A private copy of the classes, so that rebuilding the checkout does not pull them from under the servers.
for m in facteur-imap facteur-store facteur-core; do cp -r "$root/$m/target/classes" "$W/$m-classes"; done
cp="$W/facteur-imap-classes:$W/facteur-store-classes:$W/facteur-core-classes:$deps"
start_facteur() { # name port [pg-url]
    FACTEUR_BENCH_PG_URL="${3:-}" "$JAVA_HOME/bin/java" -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED \
        ${FACTEUR_JAVA_OPTS:-} -cp "$cp" "$here/ImapBenchServer.java" "$W/data-$1" "$2" "$USER_F" "$PASS" >"$W/$1.log" 2>&1 &
    pids+=($!)
    wait_port "$2" 300
    log "facteur ($1) serving on $2 (pid $!)"
}
targets=()
start_facteur sqlite "$F_SQLITE"
targets+=("facteur-sqlite $F_SQLITE $USER_F ${pids[-1]}")
if [ -n "${BASELINE:-}" ]; then
    log "building the baseline checkout $BASELINE"
    (cd "$BASELINE" && mvn -B -q -o -pl facteur-imap -am test-compile dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile="$W/base-deps.txt" -Dmdep.appendOutput=true >"$W/base-build.log" 2>&1) \
        || { tail -n 30 "$W/base-build.log" >&2; exit 1; }
    for m in facteur-imap facteur-store facteur-core; do cp -r "$BASELINE/$m/target/classes" "$W/base-$m-classes"; done
    bcp="$W/base-facteur-imap-classes:$W/base-facteur-store-classes:$W/base-facteur-core-classes"
    bcp="$bcp:$(tr ':' '\n' <"$W/base-deps.txt" | grep -v '^$' | grep -v '/target/' | sort -u | paste -sd:)"
    "$JAVA_HOME/bin/java" -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED ${BASELINE_JAVA_OPTS:-} \
        -cp "$bcp" "$BASELINE/bench/imap/ImapBenchServer.java" "$W/data-base" "$F_BASE" "$USER_F" "$PASS" >"$W/base.log" 2>&1 &
    pids+=($!)
    wait_port "$F_BASE" 300
    log "facteur baseline serving on $F_BASE (pid $!)"
    targets+=("facteur-base $F_BASE $USER_F ${pids[-1]}")
fi
if [ -n "${FACTEUR_TEST_PG_URL:-}" ]; then
    start_facteur pg "$F_PG" "$FACTEUR_TEST_PG_URL"
    targets+=("facteur-pg $F_PG $USER_F ${pids[-1]}")
fi

# --- Dovecot -------------------------------------------------------------------------------
if command -v dovecot >/dev/null 2>&1 && [ -x /usr/lib/dovecot/imap ]; then
    mkdir -p "$W/vmail/bench/Maildir"/{new,cur,tmp}
    chown -R nobody:nogroup "$W/vmail"
    echo "$USER_D:{PLAIN}$PASS:65534:65534::$W/vmail/bench" >"$W/dovecot.users"
    cat >"$W/dovecot.conf" <<CONF
base_dir = $W/dovecot-run
state_dir = $W/dovecot-state
protocols = imap
listen = 127.0.0.1
log_path = $W/dovecot.log
ssl = no
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
protocol imap {
  mail_max_userip_connections = 100
}
service imap-login {
  inet_listener imap {
    port = $D_IMAP
  }
  inet_listener imaps {
    port = 0
  }
}
CONF
    dovecot -F -c "$W/dovecot.conf" >"$W/dovecot.stdout" 2>&1 &
    pids+=($!)
    wait_port "$D_IMAP" 30
    targets+=("dovecot $D_IMAP $USER_D dovecot")
    log "dovecot $(dovecot --version | cut -d' ' -f1) serving on $D_IMAP"
else
    log "dovecot-imapd not installed: measuring Facteur only"
fi

# --- Runs ----------------------------------------------------------------------------------
results="$W/results.txt"
: >"$results"
log "warm-up per target, not counted: $WARMUP messages appended, then every measured command $WARMUP_RUNS times"
for t in "${targets[@]}"; do
    set -- $t
    line=$(python3 "$BENCH" --port "$2" --user "$3" --password "$PASS" --count "$WARMUP" --noops 2000 --keep $EXTRA | tail -n 1)
    mailbox=$(grep -o 'mailbox=[^ ]*' <<<"$line" | cut -d= -f2)
    for _ in $(seq 2 "$WARMUP_RUNS"); do
        python3 "$BENCH" --port "$2" --user "$3" --password "$PASS" --count "$WARMUP" --append 0 --mailbox "$mailbox" \
            --noops 2000 $EXTRA >/dev/null || true
    done
    python3 "$here/raw-bench.py" --port "$2" --user "$3" --password "$PASS" --mailbox "$mailbox" >/dev/null || true
    python3 "$here/search-bench.py" --port "$2" --user "$3" --password "$PASS" --mailbox "$mailbox" >/dev/null || true
done
for run in $(seq 1 "$RUNS"); do
    for t in "${targets[@]}"; do
        set -- $t
        line=$(python3 "$BENCH" --port "$2" --user "$3" --password "$PASS" --count "$COUNT" --keep $EXTRA | tail -n 1)
        mailbox=$(grep -o 'mailbox=[^ ]*' <<<"$line" | cut -d= -f2)
        # the same FETCHes and NOOPs from a client that does not parse (server speed, and CPU per command)
        raw=$(python3 "$here/raw-bench.py" --port "$2" --user "$3" --password "$PASS" --mailbox "$mailbox" --pid "$4" | tail -n 1)
        raw=$(sed -E 's/^RESULT raw //; s/(^| )([a-z])/\1raw_\2/g' <<<"$raw")
        search=$(python3 "$here/search-bench.py" --port "$2" --user "$3" --password "$PASS" --mailbox "$mailbox" | tail -n 1)
        echo "$1 load=$(cut -d' ' -f1 /proc/loadavg) $line $raw ${search#RESULT search }" | tee -a "$results"
    done
done
for t in "${targets[@]}"; do
    set -- $t
    [ "${1#facteur}" != "$1" ] && echo "$1 server RSS after the runs: $(ps -o rss= -p "$(ss -Hltnp "sport = :$2" | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)" 2>/dev/null || echo '?') KiB"
done
uptime
python3 - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, load, _, _, *kv = line.split()
    d = dict(x.split("=", 1) for x in kv if "=" in x)
    if d.get("ok") == "1":
        d["load"] = load.split("=")[1]
        rows.setdefault(name, []).append(d)
keys = ["append_msgs_per_s", "select_ms", "reselect_ms", "fetch_hdr_s", "fetch_body_s", "fetch_body_mb_per_s", "noop_us",
        "login_ms", "search_text_ms", "search_subject_ms", "search_unseen_ms",
        "raw_fetch_hdr_ms", "raw_fetch_body_ms", "raw_noop_us", "raw_cpu_hdr_ms", "raw_cpu_body_ms"]
print("\nsummary (median of runs)")
print(f"{'target':15} {'runs':>4} " + " ".join(f"{k:>19}" for k in keys) + "  load")
med = {}
for name, rs in rows.items():
    med[name] = {k: statistics.median(float(r.get(k, "nan")) for r in rs) for k in keys}
    print(f"{name:15} {len(rs):>4} " + " ".join(f"{med[name][k]:>19.3f}" for k in keys) + "  "
          + ",".join(r["load"] for r in rs))
d = med.get("dovecot")
for name in med:
    if name.startswith("facteur") and d:
        f = med[name]
        print(f"{name}/dovecot speed ratios (>1 = Facteur faster): "
              f"append {f['append_msgs_per_s'] / d['append_msgs_per_s']:.2f}, "
              f"fetch headers {d['fetch_hdr_s'] / f['fetch_hdr_s']:.2f}, "
              f"fetch bodies {d['fetch_body_s'] / f['fetch_body_s']:.2f}, "
              f"noop {d['noop_us'] / f['noop_us']:.2f}, "
              f"login {d['login_ms'] / f['login_ms']:.2f}, "
              f"select {d['select_ms'] / f['select_ms']:.2f} (median of 5: {d['reselect_ms'] / f['reselect_ms']:.2f}), "
              f"search text {d['search_text_ms'] / f['search_text_ms']:.2f}, "
              f"search subject {d['search_subject_ms'] / f['search_subject_ms']:.2f}, "
              f"search unseen {d['search_unseen_ms'] / f['search_unseen_ms']:.2f}")
        print(f"{name}/dovecot with a client that does not parse (raw-bench.py): "
              f"fetch headers {d['raw_fetch_hdr_ms'] / f['raw_fetch_hdr_ms']:.2f}, "
              f"fetch bodies {d['raw_fetch_body_ms'] / f['raw_fetch_body_ms']:.2f}, "
              f"noop {d['raw_noop_us'] / f['raw_noop_us']:.2f}; server CPU per FETCH "
              f"headers {f['raw_cpu_hdr_ms']:.0f} vs {d['raw_cpu_hdr_ms']:.0f} ms, "
              f"bodies {f['raw_cpu_body_ms']:.0f} vs {d['raw_cpu_body_ms']:.0f} ms")
PY
