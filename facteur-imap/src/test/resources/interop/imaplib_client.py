"""Drives Facteur's IMAP server with Python's imaplib (a client nobody here wrote).

Usage: imaplib_client.py HOST PORT TLS_PORT. Exits non-zero with a message on the first failure.
"""
import imaplib
import socket
import ssl
import sys
import time

host, port, tls_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])


def check(cond, what):
    if not cond:
        print("FAILED: " + what, file=sys.stderr)
        sys.exit(1)


def ok(result, what):
    typ, data = result
    check(typ == "OK", "%s: %s %r" % (what, typ, data))
    return data


# Plain connection with STARTTLS, then login.
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4(host, port)
check("STARTTLS" in m.capabilities, "STARTTLS advertised")
ok(m.starttls(ssl_context=ctx), "starttls")
ok(m.login("alice@example.com", "secret"), "login")
check("UIDPLUS" in m.capabilities or "UIDPLUS" in ok(m.capability(), "capability")[0].decode(), "UIDPLUS")

# Folders.
ok(m.create("Interop/Sub"), "create")
data = ok(m.list("\"\"", "Interop*"), "list")
check(any(b'"Interop/Sub"' in d for d in data), "list shows Interop/Sub: %r" % data)
ok(m.subscribe("Interop"), "subscribe")
ok(m.lsub("\"\"", "*"), "lsub")

# Append, select, fetch, search, store, copy, expunge.
msg = (b"From: Python <py@example.org>\r\nTo: alice@example.com\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n"
       b"Content-Type: text/plain; charset=utf-8\r\n\r\nHallo aus Python, Gr\xc3\xbc\xc3\x9fe.\r\n")
typ, data = m.append("INBOX", "(\\Flagged)", imaplib.Time2Internaldate(time.time()), msg)
check(typ == "OK" and b"APPENDUID" in data[0], "append: %r" % data)
typ, data = m.select("INBOX")
check(typ == "OK" and int(data[0]) == 1, "select: %r" % data)
typ, data = m.fetch("1", "(RFC822.SIZE FLAGS BODY.PEEK[])")
check(typ == "OK", "fetch")
check(data[0][1] == msg, "fetched bytes equal appended bytes")
check(b"\\Flagged" in data[0][0], "flag kept: %r" % data[0][0])
typ, data = m.uid("SEARCH", "CHARSET", "UTF-8", "SUBJECT", "Grüße".encode("utf-8"))
check(typ == "OK" and data[0].split() == [b"1"], "uid search subject decoded: %r" % data)
typ, data = m.search(None, "BODY", "python")
check(data[0].split() == [b"1"], "search body: %r" % data)
ok(m.store("1", "+FLAGS", "(\\Seen)"), "store")
typ, data = m.fetch("1", "(FLAGS)")
check(b"\\Seen" in data[0], "flags after store: %r" % data)
ok(m.copy("1", "Interop/Sub"), "copy")
typ, data = m.status("Interop/Sub", "(MESSAGES UIDNEXT)")
check(b"MESSAGES 1" in data[0], "status: %r" % data)
ok(m.store("1", "+FLAGS", "(\\Deleted)"), "store deleted")
typ, data = m.expunge()
check(data == [b"1"], "expunge: %r" % data)

# IDLE: a second connection appends; the idling one must see EXISTS.
ok(m.select("Interop/Sub"), "select sub")
tag = m._new_tag().decode()
m.send(("%s IDLE\r\n" % tag).encode())
line = m.readline()
check(line.startswith(b"+"), "idle continuation: %r" % line)
other = imaplib.IMAP4_SSL(host, tls_port, ssl_context=ctx)
ok(other.login("alice@example.com", "secret"), "second login over implicit TLS")
ok(other.append("Interop/Sub", None, None, b"Subject: during idle\r\n\r\nx\r\n"), "append during idle")
m.sock.settimeout(5)
line = m.readline()
check(line.strip() == b"* 2 EXISTS", "idle saw new mail: %r" % line)
m.send(b"DONE\r\n")
line = m.readline()
while line.startswith(b"* "):  # e.g. "* 2 RECENT" after the EXISTS (RFC 3501 §7.3.2)
    line = m.readline()
check(line.startswith(tag.encode() + b" OK"), "idle done: %r" % line)
other.logout()

ok(m.close(), "close")
ok(m.delete("Interop/Sub"), "delete")
m.logout()
print("imaplib interop OK")
