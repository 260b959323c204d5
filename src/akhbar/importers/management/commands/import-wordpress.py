"""``akhbar import-wordpress EXPORT.xml``: move a WordPress site into Akhbar."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from akhbar.importers.cli import command_errors
from akhbar.importers.wordpress.service import wordpress_import


class _Unterminated:
    """The command's stderr as tqdm wants it: written as is, no newline added."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")

    def flush(self):
        self.wrapper.flush()


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0-1.2): posts, pages, categories, tags, "
        "authors, comments and media, with redirects from the old links. All or "
        "nothing; running it again updates in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="the WXR file (Tools > Export in WordPress)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="run the whole import, then roll it back: nothing is written",
        )
        parser.add_argument(
            "--media-dir",
            help="a copy of wp-content/uploads; images found there are imported, "
            "others are kept as references (no network access)",
        )
        parser.add_argument(
            "--no-reindex",
            action="store_true",
            help="do not rebuild the site search after a large import; run "
            "'akhbar reindex' later (e.g. once after importing several files)",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="print the report as one JSON object on the last line",
        )

    def handle(self, *args, **options):
        if options["media_dir"] and not Path(options["media_dir"]).is_dir():
            raise CommandError(
                _("مجلد الوسائط غير موجود: %(path)s") % {"path": options["media_dir"]}
            )
        bar = None

        def progress(total):
            nonlocal bar
            bar = tqdm(
                total=total,
                file=_Unterminated(self.stderr),
                unit="item",
                disable=options["verbosity"] == 0,
            )
            return bar.update

        try:
            with command_errors():
                report = wordpress_import(
                    path=options["export"],
                    media_dir=options["media_dir"],
                    dry_run=options["dry_run"],
                    progress=progress,
                    rebuild_search=not options["no_reindex"],
                )
        finally:
            if bar is not None:
                bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(report.table())
