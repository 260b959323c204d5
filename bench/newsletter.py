"""Rendering and handing 100,000 digests to a local SMTP sink.

An aiosmtpd sink runs in its own process on a free loopback port and discards
what it accepts (each mail is still a full SMTP transaction: MAIL, RCPT, DATA,
250). The sender is this process, with Django's SMTP backend, one connection
per batch of ``AKHBAR_NEWSLETTERS_BATCH_SIZE`` (100) as the worker sends. Three
ways of making the mails run interleaved, ``--rounds`` times each:

- ``edition`` (Akhbar's): the digest rendered and its MIME message serialised
  once (``newsletters.mail.Edition``); each mail is those bytes with the
  subscriber's ``To``, ``Date``, ``Message-ID``, ``List-Unsubscribe`` headers
  and unsubscribe link put in;
- ``edition_mime``: rendered once, but each mail's MIME message built and
  encoded by Django (``EmailMultiAlternatives.message()``), as the last
  version did;
- ``per_recipient`` (the baseline): both templates rendered for every
  subscriber (``newsletters.mail.build_message``), as the first version did;
- ``mass_mail``: Django's ``send_mass_mail`` of one plain-text message (no HTML
  part, no per-subscriber link): the floor of what handing mails over costs.

No database: the subscribers are unsaved rows with ids, the articles plain
items, so only rendering and SMTP are timed. Printed per mode: mails per
second to render alone and to render and hand over (medians and ranges over
the rounds), the sender's CPU seconds per 100,000 mails (the sink's own work
left out: on a loaded machine wall time mostly measures the scheduler), and
each figure as a ratio of the baseline's (CPU: baseline's over the mode's).

    .venv/bin/python bench/newsletter.py [--count 100000] [--rounds 2]
        [--modes edition,per_recipient]

``--modes`` runs only those (the baseline is always run, unless ``--no-baseline``
for a single long run of one mode, printed without ratios).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

SINK = """
import sys, time
from aiosmtpd.controller import Controller

class Sink:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"

controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
"""


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.dev")
    os.environ.setdefault("AKHBAR_BASE_URL", "https://akhbar.example")
    import django

    django.setup()


def digest_items(count: int = 10) -> list[dict]:
    return [
        {
            "title": "عنوان الخبر رقم %d في موجز اليوم" % number,
            "standfirst": "مقدمة قصيرة للخبر تشرح ما جرى ولماذا يهم القارئ. " * 3,
            "url": "https://akhbar.example/سياسة/خبر-%d/" % number,
        }
        for number in range(count)
    ]


def fixtures(count: int):
    from akhbar.newsletters import rendering
    from akhbar.newsletters.models import NewsletterList, Subscriber

    newsletter = NewsletterList(pk=1, name="الموجز اليومي", slug="daily")
    subscribers = [
        Subscriber(pk=pk, newsletter=newsletter, email="reader%d@example.org" % pk)
        for pk in range(1, count + 1)
    ]
    context = rendering.digest_context(
        intro="<p>صباح الخير، هذا <b>موجز اليوم</b>.</p>", items=digest_items()
    )
    return newsletter, subscribers, context


def edition_messages(newsletter, subscribers, context):
    from akhbar.newsletters import mail

    edition = mail.Edition(
        newsletter=newsletter,
        subject="الموجز اليومي",
        template="digest",
        context=context,
    )
    for subscriber in subscribers:
        yield edition.message(subscriber)


def edition_mime_messages(newsletter, subscribers, context):
    for message in edition_messages(newsletter, subscribers, context):
        message.prepared = None  # Each mail's MIME tree built and encoded.
        yield message


def per_recipient_messages(newsletter, subscribers, context):
    from akhbar.newsletters import mail

    for subscriber in subscribers:
        yield mail.build_message(
            subscriber=subscriber,
            subject="الموجز اليومي",
            template="digest",
            context=context,
        )


def mass_mail_messages(newsletter, subscribers, context):
    from django.core.mail import EmailMessage

    text = "\n".join(item["title"] + "\n" + item["url"] for item in context["articles"])
    for subscriber in subscribers:
        yield EmailMessage("الموجز اليومي", text, to=[subscriber.email])


MODES = {
    "edition": edition_messages,
    "edition_mime": edition_mime_messages,
    "per_recipient": per_recipient_messages,
    "mass_mail": mass_mail_messages,
}
BASELINE = "per_recipient"


def render_only(mode, data) -> float:
    """Seconds to make every mail's bytes, nothing sent."""
    started = time.perf_counter()
    for message in MODES[mode](*data):
        message.message().as_bytes()
    return time.perf_counter() - started


def render_and_send(mode, data, batch: int) -> tuple[float, float]:
    """Seconds (wall, and this process's CPU) to make every mail and hand it to
    the sink, ``batch`` per connection."""
    from django.core.mail import get_connection, send_mass_mail

    started, cpu = time.perf_counter(), time.process_time()
    messages = MODES[mode](*data)
    if mode == "mass_mail":
        pending = [(m.subject, m.body, None, m.to) for m in messages]
        for start in range(0, len(pending), batch):
            send_mass_mail(pending[start : start + batch])
        return time.perf_counter() - started, time.process_time() - cpu
    done = False
    while not done:
        chunk = []
        for message in messages:
            chunk.append(message)
            if len(chunk) == batch:
                break
        done = len(chunk) < batch
        if chunk:
            with get_connection() as connection:
                assert connection.send_messages(chunk) == len(chunk)
    return time.perf_counter() - started, time.process_time() - cpu


def summary(values) -> str:
    return "%.0f (%.0f–%.0f)" % (statistics.median(values), min(values), max(values))


def start_sink():
    """The aiosmtpd sink in its own process; Django's SMTP backend pointed at it."""
    from akhbar.testing.servers import free_port

    port = free_port()
    sink = subprocess.Popen(
        [sys.executable, "-c", SINK, str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout.readline().strip() == "ready"
    os.environ["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    os.environ["DJANGO_EMAIL_HOST"] = "127.0.0.1"
    os.environ["DJANGO_EMAIL_PORT"] = str(port)
    return sink


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--send-only", action="store_true", help="time render+send alone"
    )
    args = parser.parse_args()
    modes = [mode for mode in MODES if mode in args.modes.split(",")]
    if not args.no_baseline and BASELINE not in modes:
        modes.insert(0, BASELINE)

    sink = start_sink()
    setup_django()
    data = fixtures(args.count)
    for mode in modes:  # Warm up: URL resolvers, templates, imports.
        render_only(mode, fixtures(50))
    rendered = {mode: [] for mode in modes}
    sent = {mode: [] for mode in modes}
    cpu = {mode: [] for mode in modes}
    try:
        for round_number in range(args.rounds):
            for mode in modes:  # Interleaved: each round runs every mode once.
                if not args.send_only:
                    rendered[mode].append(args.count / render_only(mode, data))
                wall, seconds = render_and_send(mode, data, args.batch)
                sent[mode].append(args.count / wall)
                cpu[mode].append(seconds)
                print(
                    "round %d %-13s render %8.0f/s  render+send %6.0f/s in %.0f s"
                    " (%.2f CPU s)"
                    % (
                        round_number + 1,
                        mode,
                        rendered[mode][-1] if rendered[mode] else 0,
                        sent[mode][-1],
                        wall,
                        seconds,
                    ),
                    flush=True,
                )
    finally:
        sink.stdin.close()
        sink.wait(timeout=30)

    print(
        "\n%d digests, batches of %d, %d rounds; mails per second, median (range)"
        % (args.count, args.batch, args.rounds)
    )
    for mode in modes:
        line = "%-13s render+send %-18s (100k in %.0f s, %.0f CPU s per 100k)" % (
            mode,
            summary(sent[mode]),
            100_000 / statistics.median(sent[mode]),
            statistics.median(cpu[mode]) * 100_000 / args.count,
        )
        if BASELINE in modes:
            line += "  x%.2f, CPU x%.2f" % (
                statistics.median(sent[mode]) / statistics.median(sent[BASELINE]),
                statistics.median(cpu[BASELINE]) / statistics.median(cpu[mode]),
            )
        if rendered[mode]:
            line += "   render %s" % summary(rendered[mode])
            if BASELINE in modes:
                line += " x%.2f" % (
                    statistics.median(rendered[mode])
                    / statistics.median(rendered[BASELINE])
                )
        print(line)


if __name__ == "__main__":
    main()
