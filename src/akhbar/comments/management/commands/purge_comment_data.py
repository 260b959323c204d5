"""``akhbar purge_comment_data``: clear commenters' IP addresses past the retention."""

from django.core.management.base import BaseCommand

from akhbar.comments.services import comment_forget_client_data


class Command(BaseCommand):
    help = (
        "Clear the IP address and browser of comments older than "
        "AKHBAR_COMMENTS_IP_RETENTION_DAYS (also done once a day on its own)."
    )

    def handle(self, *args, **options):
        cleared = comment_forget_client_data()
        self.stdout.write("Cleared the client data of %d comments." % cleared)
