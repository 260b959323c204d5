"""Authors: each has a profile page listing their articles."""

from django.conf import settings
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from akhbar.arabic import names

from .mixins import ArabicSlugMixin, CheapViewRestrictionsMixin, HomeChildSlugMixin


class AuthorIndexPage(CheapViewRestrictionsMixin, HomeChildSlugMixin, Page):
    parent_page_types = ["akhbar_news.HomePage"]
    subpage_types = ["akhbar_news.AuthorPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("فهرس الكتّاب")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["authors"] = (
            AuthorPage.objects.child_of(self)
            .live()
            .select_related("photo")
            .order_by("title")
        )
        return context


class AuthorPage(CheapViewRestrictionsMixin, ArabicSlugMixin, Page):
    job_title = models.CharField(_("الصفة"), max_length=120, blank=True)
    bio = models.TextField(_("نبذة"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("الصورة"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        verbose_name=_("حساب المستخدم"),
    )

    parent_page_types = ["akhbar_news.AuthorIndexPage"]
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldPanel("job_title"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]

    class Meta:
        verbose_name = _("كاتب")
        verbose_name_plural = _("الكتّاب")

    @property
    def initials(self) -> str:
        return names.initials(self.title)

    def get_context(self, request, *args, **kwargs):
        from akhbar.news import selectors

        context = super().get_context(request, *args, **kwargs)
        number = selectors.page_number(request)
        context["page_number"] = number
        context["listing"] = SimpleLazyObject(
            lambda: selectors.paginated_cards(selectors.author_articles(self), number)
        )
        return context
