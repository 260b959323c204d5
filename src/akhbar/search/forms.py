"""The reader's search form: query, filters and page, validated."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from akhbar.arabic.tokenize import word_tokens

from .query import MAX_QUERY_CHARS, search_words

# The error code of a query that holds no word to search for.
NO_SEARCH_WORDS = "no_search_words"


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
        """The query with its spaces folded; a query of question words and
        stopwords only (ماذا, «لمادا؟») is refused with a message that says so,
        in the number of the words typed."""
        text = " ".join(self.cleaned_data["q"].split())
        if text and not search_words(text):
            count = len(word_tokens(text))
            raise forms.ValidationError(
                ngettext(
                    "«%(query)s» كلمة سؤال أو ربط لا يُبحث بها وحدها. "
                    "أضف كلمة تدل على ما تبحث عنه، مثل «متى ولد نجيب محفوظ».",
                    "«%(query)s» كلمات سؤال أو ربط لا يُبحث بها وحدها. "
                    "أضف كلمة تدل على ما تبحث عنه، مثل «متى ولد نجيب محفوظ».",
                    count,
                ),
                code=NO_SEARCH_WORDS,
                params={"query": text, "count": count},
            )
        return text

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
