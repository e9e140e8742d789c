#!/usr/bin/env python3
"""Drives a POP3 server with Python's poplib (a client nobody here wrote) and prints JSON.

usage: poplib_client.py MODE HOST PORT USER PASSWORD ACTION
  MODE   plain | stls | ssl (POP3_SSL, implicit TLS)
  ACTION keep (RETR all, QUIT) | delete (RETR and DELE all, QUIT)
The certificate is not verified: the server under test is a loopback peer with a
self-signed certificate.
"""
import hashlib
import json
import poplib
import ssl
import sys


def main():
    mode, host, port, user, password, action = sys.argv[1:7]
    if not host.startswith("127.") and host != "::1":
        sys.exit("loopback only")
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if mode == "ssl":
        p = poplib.POP3_SSL(host, int(port), context=ctx, timeout=30)
    else:
        p = poplib.POP3(host, int(port), timeout=30)
        if mode == "stls":
            p.stls(context=ctx)
    caps = sorted(p.capa().keys())
    p.user(user)
    p.pass_(password)
    count, size = p.stat()
    uidl = [line.decode().split(" ", 1)[1] for line in p.uidl()[1]]
    listed = [int(line.split()[1]) for line in p.list()[1]]
    top = [line.decode() for line in p.top(1, 0)[1]] if count else []
    messages = []
    for i in range(1, count + 1):
        _, lines, octets = p.retr(i)
        body = b"".join(line + b"\r\n" for line in lines)
        messages.append({"octets": octets, "length": len(body), "sha256": hashlib.sha256(body).hexdigest()})
        if action == "delete":
            p.dele(i)
    quit_reply = p.quit().decode()
    print(json.dumps({"capabilities": caps, "count": count, "size": size, "uidl": uidl, "list": listed,
                      "messages": messages, "top": top, "quit": quit_reply}))


if __name__ == "__main__":
    main()
