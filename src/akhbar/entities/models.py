"""What editors decide about entities beyond the gazetteer's lists."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HiddenEntity(models.Model):
    """A canonical name that has no page and no links (a wrong or unwanted
    entity): its page answers 404 and article pages do not link to it."""

    name = models.CharField(_("الاسم"), max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("علم مخفي")
        verbose_name_plural = _("أعلام مخفية")

    def __str__(self):
        return self.name
