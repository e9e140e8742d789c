#!/usr/bin/env python3
"""Writes COUNT deterministic RFC 5322 messages (CRLF, ~SIZE octets of body) as OUT/NNNNN.eml.

The same files fill Facteur's INBOX (FillInbox.java) and Dovecot's Maildir, so both servers
serve identical octets. Every 7th message has a body line starting with a dot, so
byte-stuffing is exercised.
"""
import os
import sys


def main():
    count, size, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.makedirs(out, exist_ok=True)
    line = ("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" * 2)[:76] + "\r\n"
    for i in range(1, count + 1):
        head = (f"From: <load@bench.test>\r\nTo: <bench@bench.test>\r\n"
                f"Date: Thu, 26 Nov 2026 20:00:00 +0000\r\nSubject: bench message {i}\r\n"
                f"Message-ID: <{i}.pop3bench@bench.test>\r\n\r\n")
        body = []
        n = 0
        while n < size:
            l = ("." + line[1:]) if (i % 7 == 0 and not body) else line
            body.append(l)
            n += len(l)
        with open(os.path.join(out, f"{i:05d}.eml"), "wb") as f:
            f.write((head + "".join(body)).encode("ascii"))


if __name__ == "__main__":
    main()
