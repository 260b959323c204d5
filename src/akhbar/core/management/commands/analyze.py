"""``akhbar analyze TEXT``: show how the search analyser sees a text."""

from django.core.management.base import BaseCommand

from akhbar.arabic import normalize, stem, tokenize
from akhbar.arabic.stopwords import is_stopword


class Command(BaseCommand):
    help = "Print each token of TEXT: original, normalised form and stem."

    def add_arguments(self, parser):
        parser.add_argument("text", nargs="+", help="text to analyse")

    def handle(self, *args, **options):
        for token in tokenize(" ".join(options["text"])):
            word = normalize(token.text)
            result = "(stopword)" if is_stopword(word) else stem(word)
            self.stdout.write(f"{token.text}\t{word}\t{result}")
