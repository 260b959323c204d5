"""The reader's search form: query, filters and page, validated."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .query import MAX_QUERY_CHARS


class SearchForm(forms.Form):
    q = forms.CharField(label=_("ابحث"), max_length=MAX_QUERY_CHARS, required=False)
    section = forms.IntegerField(label=_("القسم"), required=False, min_value=1)
    author = forms.IntegerField(label=_("الكاتب"), required=False, min_value=1)
    tag = forms.SlugField(
        label=_("الوسم"), required=False, max_length=255, allow_unicode=True
    )
    date_from = forms.DateField(label=_("من تاريخ"), required=False)
    date_to = forms.DateField(label=_("إلى تاريخ"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def facets(self) -> dict[str, str]:
        data = self.cleaned_data
        facets = {}
        for name in ("section", "author", "tag"):
            if data.get(name):
                facets[name] = str(data[name])
        return facets

    def search(self, request=None):
        """The page of results this valid form asks for; None without a question.

        ``request`` lets the links share one lookup of the site's root paths.
        """
        from .selectors import search_articles

        data = self.cleaned_data
        if not data["q"]:
            return None
        return search_articles(
            text=data["q"],
            facets=self.facets(),
            date_from=data["date_from"],
            date_to=data["date_to"],
            page=data["page"] or 1,
            request=request,
        )
