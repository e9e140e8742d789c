#!/usr/bin/env python3
"""SEARCH timing on a mailbox left by ../shared/bench/imap-bench.py --keep (stdlib only, loopback only):
SELECT it (the median of 5 SELECTs of the full mailbox: reselect_ms), then time SEARCH TEXT (header and body text of every message), SEARCH SUBJECT (a header)
and SEARCH UNSEEN (flags only), each the median of --repeat; then DELETE the mailbox unless --keep.

  search-bench.py --port P --user U --password W --mailbox NAME [--repeat 3] [--keep]

Last line: RESULT search reselect_ms=.. search_text_ms=.. search_subject_ms=.. search_unseen_ms=.. hits=.. ok=0|1
"""
import argparse
import imaplib
import statistics
import sys
import time


def timed(imap, *criteria):
    t0 = time.perf_counter()
    typ, data = imap.search(None, *criteria)
    ms = (time.perf_counter() - t0) * 1000
    if typ != "OK":
        raise RuntimeError(f"SEARCH {criteria}: {typ} {data}")
    return ms, len(data[0].split()) if data and data[0] else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--mailbox", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    if not a.host.startswith("127."):
        sys.exit("loopback only")
    res = {"ok": 0}
    imap = imaplib.IMAP4(a.host, a.port)
    try:
        imap.login(a.user, a.password)
        selects = []
        for _ in range(max(5, a.repeat)):  # SELECT again, re-reading the mailbox each time
            t0 = time.perf_counter()
            typ, _ = imap.select(a.mailbox)
            selects.append((time.perf_counter() - t0) * 1000)
            if typ != "OK":
                raise RuntimeError("SELECT failed")
        res["reselect_ms"] = round(statistics.median(selects), 2)
        runs = {"text": [], "subject": [], "unseen": []}
        hits = {}
        for _ in range(a.repeat):
            # imap-bench.py appends 100 distinct messages in turn: each Subject number is in 1 of 100
            ms, hits["text"] = timed(imap, "TEXT", '"bench message 42"')
            runs["text"].append(ms)
            ms, hits["subject"] = timed(imap, "SUBJECT", '"message 17"')
            runs["subject"].append(ms)
            ms, hits["unseen"] = timed(imap, "UNSEEN")
            runs["unseen"].append(ms)
        for k, v in runs.items():
            res[f"search_{k}_ms"] = round(statistics.median(v), 2)
        res["hits"] = ",".join(f"{k}:{v}" for k, v in hits.items())
        imap.close()
        if not a.keep and a.mailbox.upper() != "INBOX":
            imap.delete(a.mailbox)
        res["ok"] = 1
    except Exception as e:  # report and still print the RESULT line
        print(f"error: {e!r}", file=sys.stderr)
    finally:
        try:
            imap.logout()
        except Exception:
            pass
    print("RESULT search " + " ".join(f"{k}={v}" for k, v in res.items()))


if __name__ == "__main__":
    main()
