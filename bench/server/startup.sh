#!/usr/bin/env bash
# bench/server/startup.sh [RUNS]: how long `./facteur serve` takes from exec until /healthz
# answers, on a fresh data directory (first run: certificate generation and migrations) and
# then on the existing one. Loopback only; every listener on an ephemeral port but HTTP.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/facteur.toml" <<TOML
data_dir = "data"
[listeners]
smtp = "127.0.0.1:0"
submission = "127.0.0.1:0"
submissions = "127.0.0.1:0"
imap = "127.0.0.1:0"
imaps = "127.0.0.1:0"
pop3 = "127.0.0.1:0"
pop3s = "127.0.0.1:0"
http = "127.0.0.1:$port"
TOML
"$root/facteur" --version >/dev/null   # build first if needed; not timed
for i in $(seq 1 "$runs"); do
    start=$(date +%s%N)
    "$root/facteur" serve --config "$work/facteur.toml" >"$work/log" 2>&1 &
    pid=$!
    for _ in $(seq 1 600); do
        curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
        sleep 0.01
    done
    ready=$(( ($(date +%s%N) - start) / 1000000 ))
    # CPU time the JVM used until ready (utime + stime, in clock ticks): less sensitive to a busy
    # machine than the wall-clock time.
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    cpu=$(( ticks * 1000 / $(getconf CLK_TCK) ))
    kill -TERM "$pid"; wait "$pid" || true
    echo "run $i: ready in ${ready} ms, ${cpu} ms of CPU (load $(cut -d' ' -f1 /proc/loadavg))"
done
