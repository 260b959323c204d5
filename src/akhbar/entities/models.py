"""What editors decide about entities beyond the gazetteer's lists.

The gazetteer (``akhbar.arabic.entities``) ships the canonical names and their
spellings. A row here changes one entity as editors see fit: a listed entity
renamed or hidden (``listed_name`` names it in the lists), an entity of its
own (split from another, or a name the model found often enough), or one
merged into another. Alias rows move a spelling to an entity, whichever entity
the lists give it to. ``akhbar.entities.catalogue`` reads both over the lists.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Entity(models.Model):
    """One entity as editors keep it."""

    class Type(models.TextChoices):
        PERSON = "PER", _("شخصية")
        PLACE = "LOC", _("مكان")
        ORGANISATION = "ORG", _("منظمة")

    class Source(models.TextChoices):
        LISTS = "lists", _("القوائم")
        EDITOR = "editor", _("المحررون")
        MODEL = "model", _("النموذج")

    name = models.CharField(_("الاسم"), max_length=255)
    type = models.CharField(_("النوع"), max_length=3, choices=Type.choices)
    slug = models.SlugField(_("المسار"), max_length=255, allow_unicode=True)
    # The canonical name in the lists that this row stands for; blank for an
    # entity the lists do not have.
    listed_name = models.CharField(_("الاسم في القوائم"), max_length=255, blank=True)
    source = models.CharField(
        _("المصدر"), max_length=8, choices=Source.choices, default=Source.LISTS
    )
    hidden = models.BooleanField(_("مخفي"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("دُمج في"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("علم")
        verbose_name_plural = _("أعلام")
        constraints = [
            models.UniqueConstraint(
                fields=["listed_name"],
                condition=~models.Q(listed_name=""),
                name="akhbar_entities_one_row_per_listed_name",
            )
        ]

    def __str__(self):
        return self.name


class EntityAlias(models.Model):
    """A spelling of an entity (بوتن, Putin): found in a text, it names the
    entity. ``key`` is the spelling's normal form, one entity's per form."""

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="alias_rows"
    )
    name = models.CharField(_("التهجئة"), max_length=255)
    key = models.CharField(max_length=255, unique=True)

    class Meta:
        verbose_name = _("تهجئة علم")
        verbose_name_plural = _("تهجئات الأعلام")

    def __str__(self):
        return self.name


class EntityRedirect(models.Model):
    """A former address of an entity's page (renamed, or merged into another):
    it answers with a permanent redirect to the entity's page."""

    type = models.CharField(max_length=3, choices=Entity.Type.choices)
    slug = models.SlugField(max_length=255, allow_unicode=True)
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="redirects"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["type", "slug"], name="akhbar_entities_unique_redirect"
            )
        ]

    def __str__(self):
        return "%s/%s" % (self.type, self.slug)


class EntityRelink(models.Model):
    """Articles to index again after an editor's change (``akhbar.entities.relinking``).

    The scheduler's job works through ``article_ids`` a batch at a time; each
    batch and the advance of ``done`` commit together, so a crash loses no
    article and indexes none twice. ``claimed_by`` and ``claimed_until`` keep
    two runners off one row; a claim that outlives its runner expires.
    """

    entity = models.ForeignKey(
        Entity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="relinks",
    )
    # For a split, the entity ``entity`` was split from: until the queue is
    # done, the reader pages decide by their text which of the two the
    # articles left to re-link name (``selectors``).
    split_from = models.ForeignKey(
        Entity, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    article_ids = models.JSONField(default=list)
    done = models.PositiveIntegerField(default=0)
    # What the front cache bans when the last batch is in: the entity pages'
    # surrogate keys and absolute URLs, old and new.
    purge_keys = models.JSONField(default=list)
    purge_urls = models.JSONField(default=list)
    queued_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("إعادة ربط")
        verbose_name_plural = _("إعادات الربط")

    def __str__(self):
        return "%s/%s" % (self.done, self.total)

    @property
    def total(self) -> int:
        return len(self.article_ids)
