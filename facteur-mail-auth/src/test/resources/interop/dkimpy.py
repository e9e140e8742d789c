"""Interop driver for Debian's python3-dkim (dkimpy), run by DkimInteropTest under /usr/bin/python3.

verify MESSAGE RECORDS   -> one line per DKIM-Signature: "<index> pass" or "<index> fail"
sign MESSAGE SELECTOR DOMAIN KEYFILE ALGORITHM -> the signed message on stdout
RECORDS holds lines "<owner name> <TXT text>"; no network is used.
"""
import sys
import dkim


def load_records(path):
    records = {}
    with open(path, "rb") as f:
        for line in f.read().splitlines():
            if line.strip():
                name, value = line.split(b" ", 1)
                records[name.rstrip(b".").lower()] = value
    return records


def main():
    cmd = sys.argv[1]
    message = open(sys.argv[2], "rb").read()
    if cmd == "verify":
        records = load_records(sys.argv[3])

        def dnsfunc(name, timeout=5):
            return records.get(name.rstrip(b".").lower(), b"")

        d = dkim.DKIM(message)
        count = sum(1 for h in d.headers if h[0].lower() == b"dkim-signature")
        for i in range(count):
            ok = dkim.DKIM(message).verify(idx=i, dnsfunc=dnsfunc)
            print("%d %s" % (i, "pass" if ok else "fail"))
    elif cmd == "sign":
        selector, domain, keyfile, algorithm = sys.argv[3:7]
        key = open(keyfile, "rb").read()
        sig = dkim.sign(message, selector.encode(), domain.encode(), key,
                        canonicalize=(b"relaxed", b"relaxed"),
                        signature_algorithm=algorithm.encode(),
                        include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
        sys.stdout.buffer.write(sig + message)
    else:
        raise SystemExit("unknown command " + cmd)


main()
