"""Write the demo site from the data in ``content.py``; safe to run again.

Everything is looked up by a stable key (slug under its parent, image title,
username) before it is created, so a second run updates nothing twice.
"""

import datetime
import secrets
from html import escape

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from akhbar.news.models import (
    ArticleAuthor,
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    SectionPage,
    StandardPage,
)

from . import content
from .images import draw_illustration


def _child(parent, model, title, **fields):
    """Return the child of ``parent`` titled ``title``, creating and publishing it."""
    existing = model.objects.child_of(parent).filter(title=title).first()
    if existing:
        return existing, False
    page = model(title=title, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _image(key, title, palette):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image:
        return image
    data = draw_illustration(key, palette=palette)
    from io import BytesIO

    image = Image(title=title)
    image.file = ImageFile(BytesIO(data), name="demo-%s.jpg" % key)
    image.save()
    return image


def home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("No HomePage: run 'akhbar migrate' first.")
    return home


def _paragraph(text):
    return {"type": "paragraph", "value": "<p>%s</p>" % escape(text)}


def _body(blocks, articles_by_key):
    body = []
    for kind, value in blocks:
        if kind == "paragraph":
            body.append(_paragraph(value))
        elif kind == "subheading":
            body.append({"type": "subheading", "value": value})
        elif kind == "quote":
            body.append({"type": "quote", "value": value})
        elif kind == "fact_box":
            body.append({"type": "fact_box", "value": value})
        elif kind == "read_also":
            ids = [articles_by_key[k].pk for k in value if k in articles_by_key]
            if ids:
                body.append(
                    {
                        "type": "read_also",
                        "value": {"title": "اقرأ أيضا", "articles": ids},
                    }
                )
        else:
            raise ValueError("Unknown demo block %r" % kind)
    return body


@transaction.atomic
def build_demo(*, stdout=None) -> dict:
    """Create (or complete) the demo site and return what was created."""
    now = timezone.now()
    home = home_page()
    created = {"sections": 0, "authors": 0, "articles": 0}

    sections = {}
    for palette, spec in enumerate(content.SECTIONS):
        section, new = _child(
            home, SectionPage, spec["title"], description=spec["description"]
        )
        created["sections"] += new
        sections[spec["title"]] = (section, palette)
        for sub in spec.get("subsections", []):
            subsection, new = _child(
                section, SectionPage, sub["title"], description=sub["description"]
            )
            created["sections"] += new
            sections[sub["title"]] = (subsection, palette)

    author_index, _ = _child(home, AuthorIndexPage, "الكتّاب")
    authors = {}
    for spec in content.AUTHORS:
        author, new = _child(
            author_index,
            AuthorPage,
            spec["name"],
            job_title=spec["job_title"],
            bio=spec["bio"],
        )
        created["authors"] += new
        authors[spec["name"]] = author

    _child(
        home,
        StandardPage,
        "من نحن",
        body=[_paragraph(content.ABOUT)] if hasattr(content, "ABOUT") else [],
    )

    articles_by_key = {}
    pending_bodies = []
    for spec in content.ARTICLES:
        section, palette = sections[spec["section"]]
        existing = (
            ArticlePage.objects.child_of(section).filter(title=spec["headline"]).first()
        )
        if existing:
            articles_by_key[spec["key"]] = existing
            continue
        image = _image(spec["key"], spec["headline"], palette)
        published = now - datetime.timedelta(
            days=spec["days_ago"], hours=spec.get("hour", 0)
        )
        article = ArticlePage(
            title=spec["headline"],
            standfirst=spec["standfirst"],
            featured_image=image,
            featured_image_caption=spec["image"]["caption"],
            featured_image_credit=spec["image"]["credit"],
            is_breaking=spec.get("breaking", False),
            breaking_until=now + datetime.timedelta(days=2)
            if spec.get("breaking")
            else None,
            is_lead=spec.get("lead", False),
            first_published_at=published,
        )
        for order, name in enumerate(spec["authors"]):
            article.bylines.add(ArticleAuthor(author=authors[name], sort_order=order))
        article.tags.add(*spec["tags"])
        section.add_child(instance=article)
        articles_by_key[spec["key"]] = article
        pending_bodies.append((article, spec))
        created["articles"] += 1

    for article, spec in pending_bodies:
        article.body = _body(spec["body"], articles_by_key)
        revision = article.save_revision()
        revision.publish()
    return created


def demo_users() -> list[tuple[str, str, str]]:
    """Create the demo administrator once; its password is kept beside the data."""
    User = get_user_model()
    credentials = settings.DATA_DIR / "demo-credentials.txt"
    known = {}
    if credentials.exists():
        for line in credentials.read_text().splitlines():
            role, username, password = line.split("\t")
            known[username] = (role, password)
    rows = []
    username = "admin"
    user = User.objects.filter(username=username).first()
    if user is None or username not in known:
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User.objects.create_superuser(
                username, "admin@example.com", password
            )
        else:
            user.set_password(password)
            user.save()
        known[username] = ("Administrator", password)
    rows.append((known[username][0], username, known[username][1]))
    credentials.parent.mkdir(parents=True, exist_ok=True)
    credentials.write_text("".join("%s\t%s\t%s\n" % row for row in rows))
    credentials.chmod(0o600)
    # One login per newsroom role (Editor, Author, Contributor).
    from .roles import demo_role_users

    rows.extend(demo_role_users())
    return rows


def ensure_site(home: HomePage) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    return site


__all__ = ["build_demo", "demo_users", "home_page", "Page"]
