"""``akhbar import-page FILE``: a saved article page becomes a draft."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from akhbar.importers.cli import command_errors, section_option
from akhbar.importers.pages.service import page_file_import


class Command(BaseCommand):
    help = (
        "Make a draft article from a saved web page (HTML) or its text: section, "
        "headline, subheadings, paragraphs and read-also list, without the site's "
        "furniture (comment form, share buttons, related articles)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the saved page: .html or plain text")
        parser.add_argument(
            "--section",
            help="the section (id, slug, path or title); default: the page's label",
        )

    def handle(self, *args, **options):
        section = section_option(options["section"])
        with command_errors():
            result = page_file_import(path=options["file"], section=section)
        article = result.article
        message = {
            "created": _("أُنشئت مسودة: %(title)s (القسم: %(section)s، المعرّف: %(id)d)"),
            "updated": _(
                "حُدّثت المسودة: %(title)s (القسم: %(section)s، المعرّف: %(id)d)"
            ),
        }.get(
            result.action,
            _("لم تتغير المسودة: %(title)s (القسم: %(section)s، المعرّف: %(id)d)"),
        )
        self.stdout.write(
            message
            % {
                "title": article.title,
                "section": result.section.title,
                "id": article.pk,
            }
        )
        if result.section_created:
            self.stdout.write(
                _("أُنشئ قسم جديد غير منشور: %(section)s — انشره أو انقل المقال.")
                % {"section": result.section.title}
            )
        for title in result.unmatched:
            self.stdout.write(
                _("لم يُطابق مقالاً في الموقع: %(title)s") % {"title": title}
            )
