"""Drives Facteur's SMTP listeners with Python's standard smtplib (a client nobody here wrote).

usage: smtplib_client.py HOST MX_PORT SUBMISSION_PORT SUBMISSIONS_PORT PASSWORD
Prints one line per scenario and exits 0 only if every scenario got the replies it expects.
"""
import smtplib
import ssl
import sys
from email.message import EmailMessage

host, mx, sub, subs, password = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE  # the test server's certificate is self-signed


def message(subject, to="alice@example.com", sender="py@remote.test", body="hello from smtplib\n"):
    m = EmailMessage()
    m["From"] = sender
    m["To"] = to
    m["Subject"] = subject
    m.set_content(body)
    return m


# 1. Plain SMTP to the MX port.
with smtplib.SMTP(host, mx, timeout=20) as s:
    s.ehlo("py.remote.test")
    assert s.has_extn("pipelining") and s.has_extn("chunking") and s.has_extn("smtputf8"), s.esmtp_features
    assert not s.has_extn("auth"), "AUTH must not be offered on the MX port"
    refused = s.send_message(message("smtplib plain"))
    assert refused == {}, refused
    try:
        s.sendmail("py@remote.test", ["victim@remote.test"], "Subject: relay\r\n\r\nx\r\n")
        raise AssertionError("relay accepted")
    except smtplib.SMTPRecipientsRefused as e:
        assert e.recipients["victim@remote.test"][0] == 550, e.recipients
print("plain ok")

# 2. STARTTLS on submission, AUTH PLAIN.
with smtplib.SMTP(host, sub, timeout=20) as s:
    s.ehlo("laptop.test")
    assert not s.has_extn("auth"), "AUTH must wait for STARTTLS on 587"
    s.starttls(context=ctx)
    s.ehlo("laptop.test")
    assert "PLAIN" in s.esmtp_features["auth"], s.esmtp_features
    s.user, s.password = "alice@example.com", password
    code, _ = s.auth("PLAIN", s.auth_plain)
    assert code == 235, code
    s.send_message(message("smtplib starttls plain", to="bob@example.com", sender="alice@example.com"))
print("starttls plain ok")

# 3. Implicit TLS (SMTP_SSL) on submissions, AUTH LOGIN, a wrong password first.
with smtplib.SMTP_SSL(host, subs, context=ctx, timeout=20) as s:
    s.ehlo("laptop.test")
    s.user, s.password = "alice@example.com", "wrong"
    try:
        s.auth("LOGIN", s.auth_login, initial_response_ok=False)
        raise AssertionError("wrong password accepted")
    except smtplib.SMTPAuthenticationError as e:
        assert e.smtp_code == 535, e
    s.user, s.password = "alice@example.com", password
    code, _ = s.auth("LOGIN", s.auth_login, initial_response_ok=False)
    assert code == 235, code
    s.send_message(message("smtplib ssl login", to="bob@example.com", sender="alice@example.com"))
    try:
        s.send_message(message("spoofed", to="bob@example.com", sender="bob@example.com"))
        raise AssertionError("foreign sender accepted")
    except smtplib.SMTPSenderRefused as e:
        assert e.smtp_code == 550, e
print("ssl login ok")

# 4. SMTPUTF8: an internationalised recipient and sender.
with smtplib.SMTP(host, mx, timeout=20) as s:
    s.ehlo("py.remote.test")
    m = message("smtputf8 ünïcode", to="jösé@example.com", sender="δοκιμή@παράδειγμα.δοκιμή")
    refused = s.send_message(m, mail_options=["SMTPUTF8"])
    assert refused == {}, refused
print("smtputf8 ok")
