from django.db import models


class WebSubPing(models.Model):
    """A feed whose hub has yet to hear that it changed (``akhbar.news.websub``).

    One row per feed URL: a feed that changes twice before the ping goes out is
    pinged once.
    """

    topic = models.URLField(max_length=2000, unique=True)
    queued_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "تنبيه WebSub"
        verbose_name_plural = "تنبيهات WebSub"

    def __str__(self):
        return self.topic
