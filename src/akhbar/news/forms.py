"""Admin forms of the news pages."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

from .routes import reserved_slug_error


class HomeChildPageForm(WagtailAdminPageForm):
    """The edit form of a page type that may sit directly under the home page:
    a slug that is one of the site's routes is refused on the slug field."""

    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug")
        error = reserved_slug_error(slug, self.parent_page)
        if error is not None:
            self.add_error("slug", ValidationError(error, code="reserved_slug"))
        return cleaned_data
