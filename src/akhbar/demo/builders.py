"""Write the demo site from the data in ``content.py``; safe to run again.

Pages, authors, tags and images are written through the importers' upserts
(``akhbar.importers.services``), the same writes every import makes. Each is
looked up by a stable key (its title under its parent, the image title) before
it is created, so a second run, or a run on a site an older demo wrote, adds
nothing twice.
"""

import datetime
import secrets
import tempfile
from html import escape
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model

from akhbar.importers import services
from akhbar.importers.drafts import ArticleDraft, PageDraft, Status
from akhbar.news.blocks import body_block
from akhbar.news.models import (
    ArticlePage,
    AuthorPage,
    HomePage,
    SectionPage,
    StandardPage,
)

from . import content
from .images import draw_illustration

SOURCE = "demo"


def _once(existing, upsert, key: str, **fields):
    """``(existing, False)`` when found, else the object ``upsert`` writes under
    ``key`` and True: the demo adds nothing an earlier run (or an older demo)
    wrote."""
    if existing is not None:
        return existing, False
    written, _action = upsert(source=SOURCE, external_id=key, **fields)
    return written, True


def _section(parent, spec):
    title = spec["title"]
    existing = SectionPage.objects.child_of(parent).filter(title=title).first()
    return _once(
        existing,
        services.section_upsert,
        title,
        parent=parent,
        title=title,
        description=spec["description"],
    )


def _author(home, spec):
    name = spec["name"]
    return _once(
        AuthorPage.objects.filter(title=name).first(),
        services.author_upsert,
        name,
        home=home,
        name=name,
        bio=spec["bio"],
        job_title=spec["job_title"],
    )


def _image(key, title, palette):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image:
        return image
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("demo-%s.jpg" % key)
        path.write_bytes(draw_illustration(key, palette=palette))
        image, _action = services.image_upsert(
            source=SOURCE, external_id=key, path=path, title=title
        )
    return image


def home_page() -> HomePage:
    """The home page the demo is written under (the default site's)."""
    return services.home_page()


def _paragraph(text):
    return body_block("paragraph", "<p>%s</p>" % escape(text))


def _body(blocks, articles_by_key):
    """The body of an article spec; read-also keys not written yet are left out."""
    body = []
    for kind, value in blocks:
        if kind == "paragraph":
            body.append(_paragraph(value))
        elif kind == "read_also":
            ids = [articles_by_key[k].pk for k in value if k in articles_by_key]
            if ids:
                body.append(
                    body_block("read_also", {"title": "اقرأ أيضا", "articles": ids})
                )
        else:
            body.append(body_block(kind, value))
    return body


def _article_draft(spec, body, *, image, authors, tags, now) -> ArticleDraft:
    published = now - datetime.timedelta(
        days=spec["days_ago"], hours=spec.get("hour", 0)
    )
    return ArticleDraft(
        title=spec["headline"],
        standfirst=spec["standfirst"],
        body=body,
        author_ids=[authors[name].pk for name in spec["authors"]],
        tag_ids=tags,
        featured_image_id=image.pk,
        featured_image_caption=spec["image"]["caption"],
        featured_image_credit=spec["image"]["credit"],
        is_breaking=spec.get("breaking", False),
        breaking_until=now + datetime.timedelta(days=2)
        if spec.get("breaking")
        else None,
        is_lead=spec.get("lead", False),
        status=Status.LIVE,
        published_at=published,
    )


@transaction.atomic
def build_demo(*, stdout=None) -> dict:
    """Create (or complete) the demo site and return what was created."""
    now = timezone.now()
    home = home_page()
    created = {"sections": 0, "authors": 0, "articles": 0}

    sections = {}
    for palette, spec in enumerate(content.SECTIONS):
        section, new = _section(home, spec)
        created["sections"] += new
        sections[spec["title"]] = (section, palette)
        for sub in spec.get("subsections", []):
            subsection, new = _section(section, sub)
            created["sections"] += new
            sections[sub["title"]] = (subsection, palette)

    authors = {}
    for spec in content.AUTHORS:
        authors[spec["name"]], new = _author(home, spec)
        created["authors"] += new

    if not StandardPage.objects.child_of(home).filter(title="من نحن").exists():
        about = [_paragraph(content.ABOUT)] if hasattr(content, "ABOUT") else []
        services.standard_page_upsert(
            source=SOURCE,
            external_id="about",
            parent=home,
            draft=PageDraft(title="من نحن", body=about, status=Status.LIVE),
        )

    articles_by_key = {}
    later = []
    for spec in content.ARTICLES:
        section, palette = sections[spec["section"]]
        existing = (
            ArticlePage.objects.child_of(section).filter(title=spec["headline"]).first()
        )
        if existing:
            articles_by_key[spec["key"]] = existing
            continue
        tags = []
        for name in spec["tags"]:
            tag, _action = services.tag_upsert(
                source=SOURCE, external_id=name, name=name
            )
            tags.append(tag.pk)
        draft = _article_draft(
            spec,
            _body(spec["body"], articles_by_key),
            image=_image(spec["key"], spec["headline"], palette),
            authors=authors,
            tags=tags,
            now=now,
        )
        article, _action = services.article_upsert(
            source=SOURCE, external_id=spec["key"], section=section, draft=draft
        )
        articles_by_key[spec["key"]] = article
        later.append((spec, section, draft))
        created["articles"] += 1

    # Read-also lists that name articles written after theirs.
    for spec, section, draft in later:
        body = _body(spec["body"], articles_by_key)
        if body != draft.body:
            draft.body = body
            services.article_upsert(
                source=SOURCE, external_id=spec["key"], section=section, draft=draft
            )
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


__all__ = ["build_demo", "demo_users", "home_page"]
