#!/usr/bin/env python3
"""Opens N IMAP connections to a loopback server, logs each in, selects INBOX and IDLEs; once all
are idling, reports the server's resident memory (from /proc/PID/status), then ends each IDLE
with DONE and logs out. Stdlib only; loopback only; bounded by --max-secs.

  idle-clients.py --port P --user U --password W --pid SERVER_PID [--count 10000] [--concurrency 200]
                  [--on-idle 'jcmd {pid} GC.class_histogram > h.txt']   # run while all are idling

Last line: RESULT idle connections=N idling=M rss_kib=.. (after --settle s) rss_before_kib=.. setup_s=..
           rss_after_5s_kib=.. peak_rss_kib=.. (VmHWM: the most the server held, login storm included) ok=0|1
"""
import argparse
import asyncio
import resource
import sys
import time


def rss_kib(pid, field="VmRSS:"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return -1


async def open_idle(host, port, user, password, sem, conns):
    async with sem:
        r, w = await asyncio.open_connection(host, port)
        await r.readline()  # greeting
        # Pipelined: LOGIN, SELECT, IDLE in one write; read until the IDLE continuation.
        w.write(f'a LOGIN "{user}" "{password}"\r\nb SELECT INBOX\r\nc IDLE\r\n'.encode())
        await w.drain()
        while True:
            line = await r.readline()
            if not line:
                raise ConnectionError("closed before IDLE")
            if line.startswith(b"+ "):
                break
            if line.startswith((b"a NO", b"a BAD", b"b NO", b"b BAD", b"c NO", b"c BAD")):
                raise ConnectionError(line.decode(errors="replace").strip())
        conns.append((r, w))


async def finish(r, w):
    try:
        w.write(b"DONE\r\nd LOGOUT\r\n")
        await w.drain()
        while True:
            line = await asyncio.wait_for(r.readline(), 30)
            if not line or line.startswith(b"d "):
                break
    except Exception:
        pass
    finally:
        w.close()


async def main(a):
    if not a.host.startswith("127."):
        sys.exit("loopback only")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < a.count + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, a.count + 1000), hard))
    before = rss_kib(a.pid)
    sem = asyncio.Semaphore(a.concurrency)
    conns = []
    t0 = time.perf_counter()
    results = await asyncio.gather(*(open_idle(a.host, a.port, a.user, a.password, sem, conns)
                                     for _ in range(a.count)), return_exceptions=True)
    setup = time.perf_counter() - t0
    errors = [e for e in results if isinstance(e, Exception)]
    if errors:
        print(f"{len(errors)} connections failed, first: {errors[0]!r}", file=sys.stderr)
    await asyncio.sleep(min(5.0, a.settle))
    early = rss_kib(a.pid)
    await asyncio.sleep(max(0.0, a.settle - 5.0))
    rss = rss_kib(a.pid)
    hwm = rss_kib(a.pid, "VmHWM:")
    if a.on_idle:
        proc = await asyncio.create_subprocess_shell(a.on_idle.replace("{pid}", str(a.pid)))
        await proc.wait()
    print(f"RESULT idle connections={a.count} idling={len(conns)} rss_kib={rss} rss_before_kib={before} "
          f"rss_per_conn_kib={(rss - before) / max(1, len(conns)):.1f} setup_s={setup:.1f} "
          f"rss_after_5s_kib={early} peak_rss_kib={hwm} settle_s={a.settle:g} ok={int(len(conns) == a.count)}", flush=True)
    for i in range(0, len(conns), 500):
        await asyncio.gather(*(finish(r, w) for r, w in conns[i:i + 500]))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--pid", type=int, required=True, help="the server's pid, for its VmRSS")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--concurrency", type=int, default=200)
    ap.add_argument("--settle", type=float, default=5.0, help="seconds to wait before reading RSS")
    ap.add_argument("--max-secs", type=int, default=900)
    ap.add_argument("--on-idle", default="", help="shell command run once all are idling ({pid}: the server)")
    a = ap.parse_args()
    try:
        asyncio.run(asyncio.wait_for(main(a), a.max_secs))
    except asyncio.TimeoutError:
        sys.exit("--max-secs exceeded")
