"""Form data for the Wagtail admin's article and home page editors."""

from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from akhbar.arabic import slugify


def article_form(title: str, *, paragraph: str = "<p>نص الخبر.</p>", **fields):
    """POST data of the article editor; ``fields`` override or add fields."""
    data = {
        "title": title,
        "slug": slugify(title),
        "standfirst": "مقدمة الخبر.",
        "featured_image": "",
        "featured_image_caption": "",
        "featured_image_credit": "",
        "body": streamfield([("paragraph", rich_text(paragraph))]),
        "bylines": inline_formset([]),
        "tags": "",
        "comments_open": "on",
        "comments": inline_formset([]),
        "updated_at": "",
        "breaking_until": "",
        "go_live_at": "",
        "expire_at": "",
        "seo_title": "",
        "search_description": "",
    }
    data.update(fields)
    return nested_form_data(data)


def home_form(home, *, lead_story=None, featured=()):
    """POST data of the home page editor with the Editors' choices."""
    return nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "lead_story": lead_story.pk if lead_story else "",
            "featured_stories": inline_formset(
                [
                    {"section": section.pk, "article": article.pk}
                    for section, article in featured
                ]
            ),
            "comments": inline_formset([]),
            "go_live_at": "",
            "expire_at": "",
            "seo_title": "",
            "search_description": "",
        }
    )
