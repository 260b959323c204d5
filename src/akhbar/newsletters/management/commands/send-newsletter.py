"""``akhbar send-newsletter [LIST]``: send the editions due now."""

from django.core.management.base import BaseCommand, CommandError

from akhbar.newsletters import services
from akhbar.newsletters.models import NewsletterList


class Command(BaseCommand):
    help = (
        "Send each active list's edition due now (e.g. today's digest) to its "
        "confirmed subscribers who have not had it; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("list", nargs="?", help="The slug of one list.")

    def handle(self, *args, **options):
        lists = NewsletterList.objects.filter(active=True)
        if options["list"]:
            lists = lists.filter(slug=options["list"])
            if not lists.exists():
                raise CommandError(
                    "No active list with slug %r; see the admin's lists."
                    % options["list"]
                )
        for newsletter in lists:
            sent = services.newsletter_send_due(newsletter=newsletter)
            self.stdout.write("%s: sent to %d subscribers." % (newsletter.slug, sent))
