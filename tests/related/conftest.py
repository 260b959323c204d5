import pytest

from tests.news.factories import make_article, make_section

FOOTBALL = [
    (
        "الترجي يفوز على النجم في الدوري",
        "فاز فريق الترجي على النجم الساحلي بهدفين في مباراة الدوري التونسي لكرة "
        "القدم مساء الأحد على ملعب رادس، وسجل المهاجم الهدفين في الشوط الثاني.",
    ),
    (
        "النجم الساحلي يستعد لمباراة الترجي",
        "يستعد النجم الساحلي لمواجهة الترجي في الدوري التونسي لكرة القدم، وقال "
        "مدرب الفريق إن المباراة على ملعب رادس ستكون صعبة على اللاعبين.",
    ),
    (
        "مدرب الترجي يعلن قائمة المباراة",
        "أعلن مدرب الترجي قائمة اللاعبين لمباراة الدوري التونسي لكرة القدم، وغاب "
        "المهاجم المصاب عن الفريق قبل مواجهة النجم الساحلي في رادس.",
    ),
]
ECONOMY = [
    (
        "البنك المركزي يرفع نسبة الفائدة",
        "قرر البنك المركزي التونسي رفع نسبة الفائدة المديرية لمواجهة التضخم الذي "
        "بلغ مستوى قياسيا، وقال المحافظ إن الأسعار ارتفعت في الأسواق.",
    ),
    (
        "التضخم يرتفع والأسعار تواصل الصعود",
        "ارتفعت نسبة التضخم في تونس خلال الشهر الماضي حسب المعهد الوطني للإحصاء، "
        "وواصلت الأسعار الصعود في الأسواق رغم قرار البنك المركزي.",
    ),
]
WEATHER = [
    (
        "أمطار غزيرة منتظرة في الشمال",
        "توقع المعهد الوطني للرصد الجوي نزول أمطار غزيرة في ولايات الشمال مع رياح "
        "قوية وانخفاض في درجات الحرارة خلال نهاية الأسبوع.",
    ),
]


def paragraphs(text):
    return [{"type": "paragraph", "value": "<p>%s</p>" % text}]


@pytest.fixture
def publish_commits(django_capture_on_commit_callbacks):
    """Run the on-commit work (index, related lists) as a real commit would."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def newsroom(home, publish_commits):
    """Two sections of stories on three subjects, published one by one."""
    sport = publish_commits(make_section, home, "رياضة")
    national = publish_commits(make_section, home, "وطني")
    articles = {}
    for section, stories in ((sport, FOOTBALL), (national, ECONOMY + WEATHER)):
        for title, text in stories:
            articles[title] = publish_commits(
                make_article, section, title, body=paragraphs(text)
            )
    return {"sport": sport, "national": national, "articles": articles}
