"""``akhbar collect_static``: ``collectstatic`` unless these sources are collected.

The same step ``akhbar serve`` takes as it starts (``akhbar.core.static``), for an
image build: deploy/Dockerfile runs it, so that a container's first start finds
the files collected and its stamp matching, instead of spending minutes
compressing them while its healthcheck waits.
"""

from django.core.management.base import BaseCommand

from akhbar.core.static import collect_static


class Command(BaseCommand):
    help = "Collect static files into STATIC_ROOT unless they are there already."
    # An image build has no database and no production secrets to check.
    requires_system_checks = []

    def handle(self, *args, **options):
        if collect_static():
            self.stdout.write("Static files collected.")
        else:
            self.stdout.write("Static files were collected already.")
