#!/usr/bin/env python3
"""Writes a synthetic Postfix mail log of about SIZE megabytes to standard output, for the
scan benchmark (scripts/bench-scan). Deterministic: the same size gives the same bytes.

    python3 scripts/make-log.py 600 > target/bench-scan/mail.log

The mix follows a busy relay: most lines carry no code (connections, queue manager, cleanup)
and are full of dotted numbers (IP addresses, delays, versions: Postfix's, Dovecot's and
SpamAssassin's) that are not codes; delivery lines carry dsn= and the remote server's reply.
"""
import random
import sys

REPLIES = [
    ("2.0.0", "sent", "250 2.0.0 Ok: queued as {qid}"),
    ("2.0.0", "sent", "250 2.0.0 OK  1732854000 a1si1234567qkb.12 - gsmtp"),
    ("2.6.0", "sent", "250 2.6.0 <{msgid}> [InternalId=123456789] Queued mail for delivery"),
    ("5.1.1", "bounced", "host {host}[{ip}] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.example.com/mail/?p=NoSuchUser a1si1234567qkb.12 - gsmtp (in reply to RCPT TO command)"),
    ("5.1.1", "bounced", "host {host}[{ip}] said: 550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command)"),
    ("5.1.10", "bounced", "host {host}[{ip}] said: 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup (in reply to RCPT TO command)"),
    ("4.7.1", "deferred", "host {host}[{ip}] said: 451 4.7.1 <{rcpt}>: Recipient address rejected: Greylisted, see https://greylist.example.net/help (in reply to RCPT TO command)"),
    ("4.7.650", "deferred", "host {host}[{ip}] said: 451 4.7.650 The mail server [{ip}] has been temporarily rate limited due to IP reputation. (in reply to MAIL FROM command)"),
    ("5.7.606", "bounced", "host {host}[{ip}] said: 550 5.7.606 Access denied, banned sending IP [{ip}]. (in reply to MAIL FROM command)"),
    ("5.2.2", "bounced", "host {host}[{ip}] said: 552 5.2.2 <{rcpt}>: Mailbox full (in reply to end of DATA command)"),
    ("4.4.1", "deferred", "connect to {host}[{ip}]:25: Connection timed out"),
    ("5.7.26", "bounced", "host {host}[{ip}] said: 550-5.7.26 This mail has been blocked because the sender is unauthenticated. 550 5.7.26 Authenticate with SPF or DKIM. (in reply to end of DATA command)"),
]
WEIGHTS = [30, 8, 4, 10, 8, 2, 6, 2, 2, 2, 3, 1]


def main():
    size = int(sys.argv[1]) * 1_000_000 if len(sys.argv) > 1 else 600_000_000
    rng = random.Random(3463)
    users = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]
    domains = ["example.com", "example.net", "example.org", "example.edu"]
    hex_digits = "0123456789ABCDEF"

    def ip():
        return f"{rng.choice([192, 198, 203])}.{rng.choice([0, 51, 18])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    def qid():
        return "".join(rng.choice(hex_digits) for _ in range(10))

    def line():
        t = f"Nov 29 {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} relay"
        pid = rng.randint(1000, 99999)
        kind = rng.random()
        if kind < 0.24:
            return f"{t} postfix/smtpd[{pid}]: connect from mail{rng.randint(1, 99)}.{rng.choice(domains)}[{ip()}]"
        if kind < 0.245:
            return f"{t} dovecot: master: Dovecot 2.3.{rng.randint(10, 21)} (7e2e900c1a) starting up for imap, lmtp"
        if kind < 0.25:
            return f"{t} spamd[{pid}]: spamd: server started on IO::Socket::IP port 783 (running version 4.0.{rng.randint(0, 1)}), SpamAssassin 4.0.{rng.randint(0, 1)} ready"
        if kind < 0.40:
            return f"{t} postfix/smtpd[{pid}]: disconnect from unknown[{ip()}] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5"
        if kind < 0.50:
            return f"{t} postfix/cleanup[{pid}]: {qid()}: message-id=<{qid()}.{rng.randint(1, 9)}.{rng.randint(100, 999)}@{rng.choice(domains)}>"
        if kind < 0.62:
            return f"{t} postfix/qmgr[{pid}]: {qid()}: from=<{rng.choice(users)}@{rng.choice(domains)}>, size={rng.randint(900, 99999)}, nrcpt=1 (queue active)"
        if kind < 0.64:
            return f"{t} postfix/master[{pid}]: daemon started -- version 3.{rng.randint(4, 9)}.{rng.randint(0, 20)}, configuration /etc/postfix"
        dsn, status, reply = rng.choices(REPLIES, WEIGHTS)[0]
        rcpt = f"{rng.choice(users)}@{rng.choice(domains)}"
        host = f"mx{rng.randint(1, 9)}.{rng.choice(domains)}"
        address = ip()
        text = reply.format(qid=qid(), msgid=f"{qid()}@{rng.choice(domains)}", host=host, ip=address, rcpt=rcpt)
        delays = f"{rng.randint(0, 9)}.{rng.randint(0, 9)}/{rng.randint(0, 9)}.{rng.randint(0, 9)}/0.{rng.randint(0, 9)}/0.{rng.randint(0, 9)}"
        return (f"{t} postfix/smtp[{pid}]: {qid()}: to=<{rcpt}>, relay={host}[{address}]:25, "
                f"delay={rng.randint(0, 9)}.{rng.randint(0, 9)}, delays={delays}, dsn={dsn}, status={status} ({text})")

    # A pool of distinct lines, written over and over in a shuffled order: fast to produce.
    pool = [(line() + "\n").encode() for _ in range(50_000)]
    out = sys.stdout.buffer
    written = 0
    while written < size:
        rng.shuffle(pool)
        block = b"".join(pool)
        block = block[: size - written] if written + len(block) > size else block
        # End on a whole line.
        if written + len(block) >= size:
            block = block[: block.rfind(b"\n") + 1] or block
        out.write(block)
        written += len(block)
        if not block:
            break


if __name__ == "__main__":
    main()
