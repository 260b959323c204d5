"""Demo comments: a short discussion on a few demo articles, and one held comment.

Written through the services like every comment; safe to run again, since each
comment is looked up by article, e-mail address and text before it is created.
All names and text are fictional and original.
"""

import datetime

from django.utils import timezone

from akhbar.comments import services
from akhbar.comments.models import Comment
from akhbar.news.models import ArticlePage

from . import content

Status = Comment.Status

# (article key in content.ARTICLES, comments). Each comment: (key, name, e-mail,
# text, status, key of the comment it answers or None, hours after publication).
DEMO_COMMENTS = [
    (
        "seed-mirror",
        [
            (
                "a1",
                "ليلى حداد",
                "layla.demo@example.org",
                "خطوة طال انتظارها. نأمل أن تشمل الاتفاقية قرى الأطراف التي تعاني"
                " من انقطاع المياه كل صيف، لا المدن الكبرى وحدها.",
                Status.APPROVED,
                None,
                3,
            ),
            (
                "a2",
                "سامر العلي",
                "samer.demo@example.org",
                "سؤال في محله. بحسب ما نُشر في الموقع الرسمي للوزارة، المرحلة الأولى"
                " تبدأ بمحطات الضخ في الجنوب، والتفاصيل هنا:"
                " https://example.org/water-plan",
                Status.APPROVED,
                "a1",
                5,
            ),
            (
                "a3",
                "ليلى حداد",
                "layla.demo@example.org",
                "شكراً على الرابط، هذا يطمئن سكان قريتنا.",
                Status.APPROVED,
                "a2",
                6,
            ),
            (
                "a4",
                "مهند يوسف",
                "mohannad.demo@example.org",
                "التعاون مهم، لكن الأهم أن تُنشر أرقام الحصص المائية بشفافية حتى"
                " يتابعها المواطن.",
                Status.APPROVED,
                None,
                8,
            ),
        ],
    ),
    (
        "budget-session",
        [
            (
                "b1",
                "رنا منصور",
                "rana.demo@example.org",
                "أتمنى أن يحافظ النواب على مخصصات التعليم والصحة مهما كان الخلاف.",
                Status.APPROVED,
                None,
                2,
            ),
            (
                "b2",
                "قارئ جديد",
                "new.reader.demo@example.org",
                "هل ستُبث جلسات مناقشة الموازنة مباشرة؟ لم أجد موعداً لذلك.",
                Status.PENDING,
                None,
                4,
            ),
        ],
    ),
    (
        "cup-final",
        [
            (
                "c1",
                "يوسف الخطيب",
                "yousef.demo@example.org",
                "مباراة لا تُنسى! حارس المرمى كان نجم الليلة بلا منازع.",
                Status.APPROVED,
                None,
                1,
            ),
        ],
    ),
]


def _article(key: str) -> ArticlePage | None:
    headline = next(
        (spec["headline"] for spec in content.ARTICLES if spec["key"] == key), None
    )
    if headline is None:
        return None
    return ArticlePage.objects.live().filter(title=headline).first()


def add_demo_comments() -> int:
    """Add the demo comments that are missing; return how many were created."""
    created = 0
    for article_key, specs in DEMO_COMMENTS:
        article = _article(article_key)
        if article is None:
            continue
        published = article.first_published_at or timezone.now()
        by_key: dict[str, Comment] = {}
        for key, name, email, body, status, parent_key, hours in specs:
            existing = Comment.objects.filter(
                article=article, author_email=email, body=body
            ).first()
            if existing is None:
                existing = services.comment_create(
                    article=article,
                    author_name=name,
                    author_email=email,
                    body=body,
                    parent=by_key.get(parent_key),
                    status=status,
                    created_at=min(
                        published + datetime.timedelta(hours=hours), timezone.now()
                    ),
                    check_spam=False,
                )
                created += 1
            by_key[key] = existing
    return created
