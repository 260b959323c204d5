"""The demo's live story: an open one, a dozen entries, one pinned, one key event.

The text is written for the demo (a fictional coastal city's flood), not taken
from any source. The story is published as the page editor publishes it; its
entries are written through ``akhbar.live.services``, the admin form's path.
Safe to run again: a story already there is left as it is.
"""

import datetime

from django.utils import timezone

from akhbar.live import services
from akhbar.live.models import LiveEntry, LiveStoryPage
from akhbar.live.text import paragraph_blocks
from akhbar.news.blocks import body_block
from akhbar.news.models import AuthorPage, SectionPage

SECTION = "شؤون محلية"
TITLE = "مباشر: أمطار غزيرة وسيول في مدينة الساحل"
STANDFIRST = (
    "تغطية متواصلة لموجة الأمطار التي تضرب مدينة الساحل منذ فجر اليوم: "
    "الطرق المغلقة، وأماكن الإيواء، وتحذيرات الأرصاد، لحظة بلحظة."
)
SUMMARY = (
    "أعلنت السلطات المحلية تعليق الدراسة وفتح ستة مراكز إيواء، فيما تواصل فرق "
    "الدفاع المدني إجلاء السكان من الأحياء المنخفضة قرب مجرى الوادي."
)
AUTHORS = ("ليلى منصور", "كريم العطار")

# (minutes before now, title, text, extra) — oldest first; extra holds flags,
# a quote or a correction.
ENTRIES = [
    (
        330,
        "بداية الهطول",
        "بدأت الأمطار تهطل بغزارة على أحياء المدينة الشرقية قرابة الرابعة فجراً، "
        "مصحوبة برياح قوية وانخفاض واضح في مدى الرؤية.",
        {},
    ),
    (
        300,
        "",
        "أفاد سكان في حي الميناء بأن المياه غمرت الشوارع الفرعية وبلغت مداخل "
        "بعض المحال التجارية.",
        {},
    ),
    (
        270,
        "تعليق الدراسة",
        "قررت مديرية التعليم تعليق الدوام في جميع مدارس المدينة اليوم وغداً، "
        "على أن يُعلن موعد العودة في بيان لاحق.",
        {"key_event": True},
    ),
    (
        240,
        "",
        "أغلقت الشرطة جسر الوادي أمام حركة السير بعد ارتفاع منسوب المياه تحته، "
        "ودعت السائقين إلى سلوك الطريق الدائري.",
        {},
    ),
    (
        210,
        "الأرصاد تحذّر",
        "رفعت هيئة الأرصاد مستوى التحذير إلى الدرجة البرتقالية، وتوقعت استمرار "
        "الهطول حتى مساء الغد.",
        {
            "quote": (
                "نتوقع كميات تتجاوز ثمانين مليمتراً خلال أربع وعشرين ساعة، "
                "ونرجو من السكان تجنّب مجاري الأودية.",
                "المتحدث باسم هيئة الأرصاد",
            )
        },
    ),
    (
        180,
        "",
        "فتحت البلدية ستة مراكز إيواء في المدارس والصالات الرياضية، ووزّعت "
        "الهلال الأحمر وجبات وأغطية على الأسر التي غادرت منازلها.",
        {},
    ),
    (
        150,
        "إجلاء عشرات الأسر",
        "أجلت فرق الدفاع المدني نحو أربعين أسرة من الأحياء المنخفضة قرب الوادي، "
        "دون تسجيل إصابات حتى الآن.",
        {"correction": "ذكرنا سابقاً أن عدد الأسر ستون، والصحيح نحو أربعين."},
    ),
    (
        120,
        "",
        "انقطع التيار الكهربائي عن أجزاء من حي الميناء، وتقول شركة الكهرباء إن "
        "فرقها تعمل على إعادته خلال ساعات.",
        {},
    ),
    (
        90,
        "أرقام الطوارئ",
        "للإبلاغ عن حالة طارئة اتصلوا بالرقم الموحد للدفاع المدني، ولطلب مكان في "
        "مراكز الإيواء اتصلوا بغرفة عمليات البلدية. لا تعبروا الطرق المغمورة "
        "بالمياه ولو بدت ضحلة.",
        {"pinned": True},
    ),
    (
        60,
        "",
        "أعادت الشرطة فتح الطريق الساحلي في الاتجاهين بعد انحسار المياه عنه، "
        "فيما يبقى جسر الوادي مغلقاً.",
        {},
    ),
    (
        30,
        "",
        "قال رئيس البلدية في مؤتمر صحفي إن فرق الصيانة ستبدأ مساء اليوم تنظيف "
        "مصارف المياه في الأحياء المتضررة.",
        {},
    ),
    (
        10,
        "هدوء نسبي",
        "تراجعت شدة الأمطار في الساعة الأخيرة، وتواصل الفرق الميدانية مراقبة "
        "منسوب الوادي تحسّباً لموجة ثانية مساءً.",
        {},
    ),
]


def _entry(story, spec, *, now, authors) -> LiveEntry:
    minutes, title, text, extra = spec
    body = paragraph_blocks(text)
    if "quote" in extra:
        quote, attribution = extra["quote"]
        body.append(body_block("quote", {"text": quote, "attribution": attribution}))
    return LiveEntry(
        page=story,
        posted_at=now - datetime.timedelta(minutes=minutes),
        title=title,
        body=body,
        author=authors[minutes % len(authors)] if authors else None,
        is_pinned=extra.get("pinned", False),
        is_key_event=extra.get("key_event", False),
        correction=extra.get("correction", ""),
    )


def add_demo_live_story() -> int:
    """Write the demo's open live story and its entries; return the entries
    written (0 when the story was there already or its section is missing)."""
    section = SectionPage.objects.filter(title=SECTION).first()
    if section is None or LiveStoryPage.objects.filter(title=TITLE).exists():
        return 0
    now = timezone.now()
    story = LiveStoryPage(
        title=TITLE,
        standfirst=STANDFIRST,
        body=paragraph_blocks(SUMMARY),
        coverage_start=now - datetime.timedelta(hours=6),
    )
    section.add_child(instance=story)
    story.save_revision().publish()
    authors = list(AuthorPage.objects.filter(title__in=AUTHORS).order_by("title"))
    for spec in ENTRIES:
        entry = _entry(story, spec, now=now, authors=authors)
        services.entry_save(entry=entry, publish=True)
    return len(ENTRIES)
