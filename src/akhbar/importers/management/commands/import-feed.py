"""``akhbar import-feed URL_OR_FILE``: new items of an RSS/Atom feed become drafts."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from akhbar.importers.cli import command_errors, section_option
from akhbar.importers.feeds.service import feed_import


class Command(BaseCommand):
    help = (
        "Make a draft article of each item of an RSS or Atom feed (a URL or a file) "
        "that was not imported before."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="the feed: an http(s) URL or a file")
        parser.add_argument(
            "--section",
            help="the section (id, slug, path or title); default: غير مصنف",
        )
        parser.add_argument(
            "--timeout", type=float, default=10, help="seconds to wait for a URL"
        )

    def handle(self, *args, **options):
        section = section_option(options["section"])
        with command_errors():
            report = feed_import(
                source=options["source"], section=section, timeout=options["timeout"]
            )
        counts = report.counts["articles"]
        self.stdout.write(
            _("مسودات جديدة: %(new)d، عناصر سبق استيرادها: %(known)d")
            % {"new": counts["created"], "known": counts["skipped"]}
        )
        for line in report.duplicate_lines():
            self.stdout.write(line)
