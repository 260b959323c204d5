"""``akhbar entities FILE``: print the named entities of a UTF-8 text file."""

import json

from django.core.management.base import BaseCommand

from akhbar.arabic.entities import extract_entities


class Command(BaseCommand):
    help = "Print one JSON object per entity mention found in FILE."

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 text file")
        parser.add_argument(
            "--unique",
            action="store_true",
            help="print each canonical entity once (its first mention)",
        )

    def handle(self, *args, **options):
        with open(options["file"], encoding="utf-8", newline="") as handle:
            text = handle.read()
        seen = set()
        for entity in extract_entities(text):
            if options["unique"]:
                key = (entity.canonical, entity.type)
                if key in seen:
                    continue
                seen.add(key)
            self.stdout.write(json.dumps(entity.as_dict(), ensure_ascii=False))
