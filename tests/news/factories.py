"""Build news content for tests through Wagtail's own publishing."""

import datetime
import io
import itertools

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from akhbar.news.models import (
    ArticleAuthor,
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    SectionPage,
)

_counter = itertools.count(1)


def ensure_home() -> HomePage:
    """The site's home page; rebuilt when a transactional test flushed the tree."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    Locale.objects.get_or_create(language_code="ar")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="الجذر")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="الجذر", slug="root"))
    home = root.add_child(instance=HomePage(title="أخبار", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_section(parent, title="أخبار سياسية", **fields) -> SectionPage:
    section = SectionPage(title=title, **fields)
    parent.add_child(instance=section)
    return publish(section)


def make_author(home, name="سلمى الحداد", **fields) -> AuthorPage:
    index = AuthorIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=AuthorIndexPage(title="الكتّاب"))
        publish(index)
    author = AuthorPage(title=name, **fields)
    index.add_child(instance=author)
    return publish(author)


def make_image(title="صورة", size=(1600, 900), color=(163, 20, 28)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG")
    Image = get_image_model()
    image = Image(title=title)
    image.file = ImageFile(buffer, name="test-%d.jpg" % next(_counter))
    image.save()
    return image


def make_article(
    section,
    title=None,
    *,
    body=None,
    authors=(),
    tags=(),
    published=None,
    publish_now=True,
    **fields,
) -> ArticlePage:
    title = title or "خبر رقم %d عن الحكومة" % next(_counter)
    article = ArticlePage(
        title=title,
        standfirst=fields.pop("standfirst", "مقدمة قصيرة للخبر."),
        body=body
        if body is not None
        else [
            {"type": "subheading", "value": "عنوان فرعي"},
            {"type": "paragraph", "value": "<p>فقرة أولى من نص الخبر.</p>"},
        ],
        first_published_at=published or timezone.now() - datetime.timedelta(minutes=1),
        **fields,
    )
    for order, author in enumerate(authors):
        article.bylines.add(ArticleAuthor(author=author, sort_order=order))
    if tags:
        article.tags.add(*tags)
    section.add_child(instance=article)
    if publish_now:
        publish(article)
    return article
