"""``akhbar export``: the whole site as a WordPress export (WXR 1.2)."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from akhbar.importers.export import site_export


class Command(BaseCommand):
    help = (
        "Write the whole site (sections, articles, pages, tags, authors, comments "
        "with e-mail addresses, images) as a WXR 1.2 file that WordPress and "
        "'akhbar import-wordpress' import."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", help="file to write (default: standard output)"
        )
        parser.add_argument(
            "--base-url",
            help="the site's address for links (default: the default site's)",
        )

    def handle(self, *args, **options):
        if options["output"]:
            with open(options["output"], "wb") as stream:
                site_export(stream=stream, base_url=options["base_url"] or "")
            self.stderr.write(
                _("كُتب التصدير في %(path)s") % {"path": options["output"]}
            )
        else:
            site_export(stream=sys.stdout.buffer, base_url=options["base_url"] or "")
