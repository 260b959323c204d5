"""``akhbar newsletter-bounced [--complained] ADDRESS...``: stop addresses for good."""

import sys

from django.core.management.base import BaseCommand

from akhbar.newsletters import services
from akhbar.newsletters.models import Subscriber


class Command(BaseCommand):
    help = (
        "Take addresses that bounced (or, with --complained, complained of spam) "
        "off every list for good; with no address, read one a line from stdin "
        "(e.g. piped from the mail server's bounce log)."
    )

    def add_arguments(self, parser):
        parser.add_argument("addresses", nargs="*")
        parser.add_argument("--complained", action="store_true")

    def handle(self, *args, **options):
        reason = (
            Subscriber.Ended.COMPLAINED
            if options["complained"]
            else Subscriber.Ended.BOUNCED
        )
        addresses = options["addresses"] or [line.strip() for line in sys.stdin]
        stopped = sum(
            services.subscribers_stop(email=address, reason=reason)
            for address in addresses
            if address
        )
        # A count, never the addresses: this output may land in a log.
        self.stdout.write("%d subscriptions stopped (%s)." % (stopped, reason))
