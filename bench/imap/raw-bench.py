#!/usr/bin/env python3
"""Server-side IMAP speed with a client that does almost nothing (stdlib only, loopback only).

../shared/bench/imap-bench.py uses imaplib, which spends ~0.15-0.3 s of CPU parsing the 50 MB
answer to FETCH 1:5000 BODY.PEEK[]: on a 2-core machine that client, not the server, sets the
pace. This script sends the same commands over a plain socket and only scans the answer for its
tagged completion (counting literal octets so a body cannot fake one), so the times are the
server's. With --pid (the server's process ids, comma-separated; "dovecot" finds Dovecot's imap
processes) it also reports the server's CPU time per command (from /proc, 10 ms ticks).

  raw-bench.py --port P --user U --password W --mailbox NAME [--repeat 5] [--noops 2000] [--pid N]

Last line: RESULT raw fetch_hdr_ms=.. fetch_body_ms=.. body_mb_per_s=.. noop_us=.. [cpu_hdr_ms=.. cpu_body_ms=..] ok=0|1
Each time is the median of --repeat runs on one connection (the first run is a warm-up, not counted).
"""
import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time

LITERAL = re.compile(rb"\{(\d+)\}\r\n")


class Conn:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray(1 << 20)
        self.view = memoryview(self.buf)
        self.pending = b""
        self.n = 0
        self.until_untagged_ok()

    def until_untagged_ok(self):
        while b"\r\n" not in self.pending:
            k = self.sock.recv_into(self.buf)
            if k == 0:
                raise RuntimeError("connection closed before the greeting")
            self.pending += self.buf[:k]
        if not self.pending.startswith(b"* OK"):
            raise RuntimeError(f"greeting: {self.pending[:80]!r}")
        self.pending = self.pending[self.pending.index(b"\r\n") + 2:]

    def command(self, text):
        """Sends one command, reads to its tagged reply; returns (seconds, octets, tagged line)."""
        self.n += 1
        tag = b"r%d" % self.n
        t0 = time.perf_counter()
        self.sock.sendall(tag + b" " + text.encode() + b"\r\n")
        total = 0
        data = bytes(self.pending)
        self.pending = b""
        pos = 0
        skip = 0  # literal octets still to pass over
        while True:
            if skip:
                take = min(skip, len(data) - pos)
                skip -= take
                pos += take
            if not skip:
                nl = data.find(b"\r\n", pos)
                if nl >= 0:
                    line = data[pos:nl + 2]
                    pos = nl + 2
                    m = LITERAL.search(line)
                    if m and line.endswith(m.group(0)):
                        skip = int(m.group(1))
                        continue
                    if line.startswith(tag + b" "):
                        self.pending = data[pos:]
                        if not line.startswith(tag + b" OK"):
                            raise RuntimeError(f"{text}: {line!r}")
                        return time.perf_counter() - t0, total, line
                    continue
            data = data[pos:]
            pos = 0
            k = self.sock.recv_into(self.buf)
            if k == 0:
                raise RuntimeError(f"{text}: connection closed")
            total += k
            if skip >= k and not data:
                skip -= k  # the common case inside a body: no copy, no scan
                continue
            data = data + self.buf[:k] if data else bytes(self.view[:k])


def server_pids(spec):
    if not spec:
        return []
    if spec == "dovecot":
        out = subprocess.run(["pgrep", "-x", "imap"], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]
    return [int(p) for p in spec.split(",")]


def cpu_seconds(pids):
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--mailbox", default="INBOX")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--noops", type=int, default=2000)
    ap.add_argument("--pid", default="", help="server pids (comma-separated) or 'dovecot', for CPU per command")
    a = ap.parse_args()
    if not (a.host.startswith("127.") or a.host == "::1"):
        sys.exit("loopback only")
    res = {}
    ok = 0
    try:
        c = Conn(a.host, a.port)
        c.command(f'LOGIN "{a.user}" "{a.password}"')
        _, _, _ = c.command(f'EXAMINE "{a.mailbox}"')
        for name, items in (("hdr", "(FLAGS BODY.PEEK[HEADER])"), ("body", "BODY.PEEK[]")):
            c.command(f"FETCH 1:* {items}")  # warm-up
            times, cpus, octets = [], [], 0
            for _ in range(a.repeat):
                pids = server_pids(a.pid)
                cpu0 = cpu_seconds(pids)
                dt, octets, _ = c.command(f"FETCH 1:* {items}")
                times.append(dt)
                if pids:
                    cpus.append(cpu_seconds(pids) - cpu0)
            res[f"fetch_{name}_ms"] = round(statistics.median(times) * 1000, 1)
            if name == "body":
                res["body_mb_per_s"] = round(octets / statistics.median(times) / 1e6, 1)
            if cpus:
                res[f"cpu_{name}_ms"] = round(statistics.median(cpus) * 1000)
        if a.noops:
            t0 = time.perf_counter()
            for _ in range(a.noops):
                c.command("NOOP")
            res["noop_us"] = round((time.perf_counter() - t0) / a.noops * 1e6, 1)
        c.command("LOGOUT")
        ok = 1
    except Exception as e:  # report and still print the RESULT line
        print(f"error: {type(e).__name__}: {e}", file=sys.stderr)
    print("RESULT raw " + " ".join(f"{k}={v}" for k, v in res.items()) + f" ok={ok}")


if __name__ == "__main__":
    main()
