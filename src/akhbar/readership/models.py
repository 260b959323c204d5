"""Article views, counted per article per hour."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HourlyViews(models.Model):
    """How many readers opened an article in one clock hour (UTC).

    One row per article per hour keeps the table small (at most 24 rows a day
    per article) and the most-read sums cheap.
    """

    article = models.ForeignKey(
        "akhbar_news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("المقال"),
    )
    hour = models.DateTimeField(_("الساعة"))
    views = models.PositiveIntegerField(_("القراءات"), default=0)

    class Meta:
        verbose_name = _("قراءات ساعة")
        verbose_name_plural = _("قراءات الساعات")
        # The most-read sums read a window of hours across all articles.
        indexes = [models.Index(fields=["hour"])]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "hour"], name="readership_one_row_per_hour"
            )
        ]

    def __str__(self):
        return "%s @ %s: %d" % (self.article_id, self.hour, self.views)
