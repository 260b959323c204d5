"""Publishing with 0 and with 10 webhook endpoints registered.

Webhooks must never slow publishing: a publish only inserts one row per
endpoint when its transaction commits, and the scheduler's job makes the
requests later. Here each of the 10 endpoints is a real receiver on the
loopback that never answers (the worst case for a sender that would post
inline). Each round publishes a few articles with the endpoints switched off
(the baseline) and a few with them on, interleaved, so a busy moment of the
shared machine hits both; a publish is timed from ``publish()`` to the end of
its commit, on-commit work (search index, related lists, the deliveries)
included. Prints the median and range of each, the median of the per-round
ratio to the baseline, the deliveries queued and the requests the receivers
saw while publishing (none: the job was not run).

    .venv/bin/python bench/webhooks.py [--rounds 7] [--per-round 5]

Runs on a throwaway SQLite database, migrated first (about a minute).
"""

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
ENDPOINTS = 10


def setup_django(data_dir: str) -> None:
    os.environ["AKHBAR_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "akhbar.settings.test"
    # The receivers listen on the loopback; say so, as a deployment would.
    os.environ["AKHBAR_WEBHOOKS_ALLOW_PRIVATE"] = "1"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def publish_seconds(section, title: str) -> float:
    from django.db import transaction

    from akhbar.news.models import ArticlePage

    article = ArticlePage(
        title=title,
        live=False,
        standfirst="مقدمة الخبر.",
        body=[{"type": "paragraph", "value": "<p>نص الخبر عن الحكومة والموازنة.</p>"}],
    )
    section.add_child(instance=article)
    started = time.perf_counter()
    with transaction.atomic():
        article.save_revision().publish()
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--per-round", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="akhbar-bench-webhooks-") as data_dir:
        setup_django(data_dir)
        from tests.news.factories import ensure_home, make_section
        from tests.webhooks.receiver import running_receiver

        from akhbar.webhooks.models import Delivery, Endpoint

        section = make_section(ensure_home(), "أخبار سياسية")
        with contextlib.ExitStack() as stack:
            receivers = [
                stack.enter_context(running_receiver()) for _ in range(ENDPOINTS)
            ]
            for receiver in receivers:
                receiver.hang = True
                Endpoint.objects.create(name="مستقبل", url=receiver.url, active=False)
            publish_seconds(section, "خبر للإحماء")  # Caches and imports, untimed.

            found = {0: [], ENDPOINTS: []}
            counter = 0
            for round_number in range(args.rounds):
                for count in (0, ENDPOINTS):
                    Endpoint.objects.update(active=bool(count))
                    times = []
                    for _ in range(args.per_round):
                        counter += 1
                        times.append(publish_seconds(section, "خبر رقم %d" % counter))
                    found[count].append(statistics.median(times))
                print(
                    "round %d: 0 endpoints %.1f ms, %d endpoints %.1f ms"
                    % (
                        round_number + 1,
                        found[0][-1] * 1000,
                        ENDPOINTS,
                        found[ENDPOINTS][-1] * 1000,
                    ),
                    flush=True,
                )
            queued = Delivery.objects.count()
            requests = sum(len(receiver.requests) for receiver in receivers)

    baseline = found[0]
    print()
    header = "%-22s %12s %17s %12s" % ("endpoints", "median ms", "range ms", "vs 0")
    print(header)
    print("-" * len(header))
    for count, values in found.items():
        ratios = [v / b for v, b in zip(values, baseline, strict=True)]
        print(
            "%-22s %12.1f %17s %11.2fx"
            % (
                "%d (never answer)" % count if count else "0",
                statistics.median(values) * 1000,
                "%.1f–%.1f" % (min(values) * 1000, max(values) * 1000),
                statistics.median(ratios),
            )
        )
    print(
        "\n%d publishes with endpoints on: %d deliveries queued, %d requests made "
        "while publishing" % (args.rounds * args.per_round, queued, requests)
    )


if __name__ == "__main__":
    main()
