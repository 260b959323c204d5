"""What an import did, counted per kind of object; printed as a table or JSON."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

KINDS = (
    "articles",
    "pages",
    "sections",
    "tags",
    "authors",
    "comments",
    "media",
    "redirects",
)
ACTIONS = ("created", "updated", "skipped")

CREATED, UPDATED, SKIPPED = ACTIONS


def _labels():
    return {
        "articles": _("المقالات"),
        "pages": _("الصفحات"),
        "sections": _("الأقسام"),
        "tags": _("الوسوم"),
        "authors": _("الكتّاب"),
        "comments": _("التعليقات"),
        "media": _("الوسائط"),
        "redirects": _("التحويلات"),
    }


@dataclass
class ImportReport:
    """Counts of created, updated and skipped objects, and the errors met.

    Errors are problems with single objects (a comment that could not be
    stored, an image file that is not an image); the import went on without
    them. Notes say where an object was imported otherwise than the source
    asked (a slug that is one of the site's routes, renamed). A problem with the
    file as a whole raises ``ImportRefused`` instead.
    """

    counts: dict[str, Counter] = field(
        default_factory=lambda: {kind: Counter() for kind in KINDS}
    )
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ignored: Counter = field(default_factory=Counter)
    # Imported articles that nearly copy a live story (a wire copy filed twice).
    duplicates: list[dict] = field(default_factory=list)
    dry_run: bool = False

    def add(self, kind: str, action: str, number: int = 1) -> None:
        self.counts[kind][action] += number

    def error(self, message: str) -> None:
        self.errors.append(message)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def duplicate(self, article, original, similarity: float) -> None:
        """``article`` (imported) nearly copies the live story ``original``."""
        self.duplicates.append(
            {
                "article": article.pk,
                "title": article.title,
                "duplicate_of": original.pk,
                "duplicate_of_title": original.title,
                "similarity": round(similarity, 3),
            }
        )

    def as_dict(self) -> dict:
        """The JSON shape of ``akhbar import-wordpress --json``."""
        data = {
            kind: {action: self.counts[kind][action] for action in ACTIONS}
            for kind in KINDS
        }
        data["errors"] = list(self.errors)
        data["notes"] = list(self.notes)
        data["duplicates"] = list(self.duplicates)
        return data

    def duplicate_lines(self) -> list[str]:
        """The wire copies met, one line each after a count (none: no line)."""
        if not self.duplicates:
            return []
        lines = [_("نسخ مكررة محتملة: %(count)d") % {"count": len(self.duplicates)}]
        for found in self.duplicates:
            lines.append(
                _(
                    "- «%(title)s» (%(article)d) نسخة من «%(original)s» (%(of)d)، "
                    "تشابه %(percent)d٪"
                )
                % {
                    "title": found["title"],
                    "article": found["article"],
                    "original": found["duplicate_of_title"],
                    "of": found["duplicate_of"],
                    "percent": round(100 * found["similarity"]),
                }
            )
        return lines

    def table(self) -> str:
        """A plain-text table, one row per kind."""
        labels = _labels()
        header = [_("النوع"), _("أُنشئ"), _("حُدّث"), _("تُرك")]
        rows = [
            [labels[kind], *(str(self.counts[kind][a]) for a in ACTIONS)]
            for kind in KINDS
        ]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
        lines = []
        for row in [header, *rows]:
            lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))
            if row is header:
                lines.append("  ".join("-" * w for w in widths))
        if self.ignored:
            kinds = "، ".join(
                "%s (%d)" % (name, count)
                for name, count in sorted(self.ignored.items())
            )
            lines.append(_("أنواع لم تُستورد: %(kinds)s") % {"kinds": kinds})
        if self.errors:
            lines.append(_("أخطاء: %(count)d") % {"count": len(self.errors)})
            lines.extend("- " + message for message in self.errors)
        if self.notes:
            lines.append(_("ملاحظات: %(count)d") % {"count": len(self.notes)})
            lines.extend("- " + message for message in self.notes)
        lines.extend(self.duplicate_lines())
        if self.dry_run:
            lines.append(_("تجربة فقط: لم يُحفظ شيء."))
        return "\n".join(lines)
