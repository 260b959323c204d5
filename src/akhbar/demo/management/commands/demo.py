"""``akhbar demo``: build the demo site (idempotent) and print the logins."""

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand

from akhbar.core.urls import default_site_address_set
from akhbar.demo.builders import build_demo, demo_users
from akhbar.demo.comments import add_demo_comments
from akhbar.demo.live import add_demo_live_story
from akhbar.demo.newsletters import add_demo_newsletter


class Command(BaseCommand):
    help = "Create the demo sections, authors, articles and users; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000",
            help="Where the site will be served: written on the default Site "
            "record (the address of absolute URLs without AKHBAR_BASE_URL) and "
            "printed with the admin address.",
        )

    def handle(self, *args, **options):
        created = build_demo()
        address = urlsplit(options["site_url"])
        default_site_address_set(
            hostname=address.hostname or "127.0.0.1",
            port=address.port or (443 if address.scheme == "https" else 80),
        )
        self.stdout.write(
            "Demo: %(sections)s sections, %(authors)s authors, %(articles)s articles "
            "created." % created
        )
        self.stdout.write("Demo comments: %d created." % add_demo_comments())
        self.stdout.write(
            "Demo live story: %d entries created." % add_demo_live_story()
        )
        if add_demo_newsletter():
            self.stdout.write("Demo newsletter: the daily digest list created.")
        for role, username, password in demo_users():
            self.stdout.write(
                "  %-14s username: %-12s password: %s" % (role, username, password)
            )
        self.stdout.write("Admin: %s/admin/" % options["site_url"].rstrip("/"))
