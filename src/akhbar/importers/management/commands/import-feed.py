"""``akhbar import-feed URL_OR_FILE``: new items of an RSS/Atom feed become drafts."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from akhbar.importers import services
from akhbar.importers.selectors import section_by_reference
from akhbar.importers.xmlsafe import ImportRefused


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
        section = None
        if options["section"]:
            section = section_by_reference(options["section"])
            if section is None:
                raise CommandError(
                    _("لا يوجد قسم بهذا الاسم: %(section)s")
                    % {"section": options["section"]}
                )
        try:
            report = services.feed_import(
                source=options["source"], section=section, timeout=options["timeout"]
            )
        except FileNotFoundError as error:
            raise CommandError(
                _("الملف غير موجود: %(path)s") % {"path": error.filename}
            ) from error
        except ImportRefused as error:
            raise CommandError(str(error)) from error
        counts = report.counts["articles"]
        self.stdout.write(
            _("مسودات جديدة: %(new)d، عناصر سبق استيرادها: %(known)d")
            % {"new": counts["created"], "known": counts["skipped"]}
        )
