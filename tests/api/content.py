"""A small published site for the API tests, with what must never show: a draft,
a private article, a scheduled one, a tag only a draft carries, a commenter's
e-mail and address."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import PageViewRestriction

from akhbar.search.services import search_index_rebuild
from tests.comments.factories import make_comment
from tests.news.factories import (
    ensure_home,
    make_article,
    make_author,
    make_image,
    make_section,
)

SECRET_EMAILS = ("writer-account@example.org", "commenter-secret@example.org")
SECRET_IP = "203.0.113.77"


def build_site() -> dict:
    home = ensure_home()
    politics = make_section(home, "سياسة")
    local = make_section(politics, "محليات")
    economy = make_section(home, "اقتصاد")
    user = get_user_model().objects.create_user(
        "writer", email=SECRET_EMAILS[0], password="x"
    )
    karim = make_author(home, "كريم منصور", job_title="مراسل", user=user)
    salma = make_author(home, "سلمى الحداد")
    now = timezone.now()
    image = make_image("مرفأ بيروت")
    draft = make_article(
        economy, "مسودة لم تنشر بعد", tags=["سر-المسودة"], publish_now=False, live=False
    )
    lead = make_article(
        politics,
        "الحكومة تقر الموازنة",
        authors=[karim, salma],
        tags=["الموازنة", "البرلمان"],
        published=now - datetime.timedelta(hours=1),
        featured_image=image,
        featured_image_caption="قاعة البرلمان",
        body=[
            {"type": "subheading", "value": "جلسة طويلة"},
            {
                "type": "paragraph",
                "value": '<p>قال الوزير <b>إن</b> الموازنة <a href="/x/">متوازنة</a>.'
                "</p>",
            },
            {"type": "image", "value": {"image": image.pk, "caption": "الوزير"}},
            {
                "type": "quote",
                "value": {"text": "سنفي بوعودنا", "attribution": "الوزير"},
            },
            {"type": "fact_box", "value": {"title": "أرقام", "facts": ["١٠٠", "٢٠٠"]}},
            {
                "type": "read_also",
                "value": {"title": "اقرأ أيضا", "articles": [draft.pk]},
            },
        ],
    )
    articles = [lead]
    for days in range(1, 6):
        articles.append(
            make_article(
                local if days % 2 else economy,
                "خبر اليوم رقم %d" % days,
                authors=[salma],
                tags=["الموازنة"] if days == 2 else [],
                published=now - datetime.timedelta(days=days),
            )
        )
    private = make_article(politics, "خبر خاص بالمشتركين")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="x"
    )
    scheduled = make_article(
        politics,
        "خبر مجدول للغد",
        publish_now=False,
        live=False,
        go_live_at=now + datetime.timedelta(days=1),
    )
    scheduled.save_revision().publish()
    search_index_rebuild()
    make_comment(lead, author_email=SECRET_EMAILS[1], ip_address=SECRET_IP)
    return {
        "home": home,
        "politics": politics,
        "local": local,
        "economy": economy,
        "karim": karim,
        "salma": salma,
        "lead": lead,
        "articles": articles,
        "draft": draft,
        "private": private,
        "scheduled": scheduled,
    }
