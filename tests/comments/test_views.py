"""The comment form over HTTP: CSRF, POST/redirect/GET, spam signals, replies."""

import time
from unittest import mock

import pytest
from django.test import Client, override_settings

from akhbar.comments import services
from akhbar.comments.models import Comment
from tests.comments.factories import make_comment
from tests.comments.forms_client import comment_form, form_values, post_comment
from tests.news.factories import make_article, make_author, make_image

pytestmark = pytest.mark.django_db
Status = Comment.Status
PRIVACY = "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *"


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


@pytest.fixture(autouse=True)
def _no_fill_delay(settings):
    # A test client fills the form in no time; the delay has its own test.
    settings.AKHBAR_COMMENTS_MIN_FILL_SECONDS = 0


def text(response):
    return response.content.decode()


def test_article_page_has_the_seed_form(browser, article):
    html = text(browser.get(article.url))
    form = comment_form(html)
    respond = form.getparent()
    assert respond.xpath("string(.//h2)") == "اترك تعليقاً"
    notes = " ".join(form.xpath("string(.//p[@class='comment-notes'])").split())
    assert notes == PRIVACY
    for name in ("author", "email", "comment"):
        field = form.xpath(".//*[@name='%s']" % name)[0]
        assert field.get("required") is not None
        label = form.xpath(".//label[@for='%s']" % name)[0]
        assert label.xpath("string(.//span[@class='required'])") == "*"
    assert form.xpath(".//input[@name='url']")[0].get("required") is None
    assert form.xpath(".//input[@name='csrfmiddlewaretoken']")
    assert form.get("method") == "post"
    honeypot = form.xpath(".//input[@name='phone']")[0]
    assert honeypot.getparent().get("aria-hidden") == "true"
    assert honeypot.get("tabindex") == "-1"
    assert 'id="comments"' in html


def test_post_redirect_get_shows_the_held_comment_to_its_author_only(browser, article):
    response = post_comment(browser, article, comment="أول تعليق لي هنا.")
    assert response.status_code == 302
    assert response["Location"].startswith(article.url + "?comment-posted=")
    assert response["Location"].endswith("#comment-status")
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert (comment.ip_address, comment.article_id) == ("127.0.0.1", article.pk)
    html = text(browser.get(response["Location"]))
    assert "تعليقك بانتظار المراجعة" in html
    assert "أول تعليق لي هنا." in html
    # Anyone else sees nothing of it.
    public = text(Client().get(article.url))
    assert "أول تعليق لي هنا." not in public
    # A forged link shows nothing either.
    forged = text(Client().get(article.url + "?comment-posted=%d" % comment.pk))
    assert "أول تعليق لي هنا." not in forged


def test_approved_commenter_sees_the_comment_published(browser, article):
    make_comment(article, author_name="سلمى الحداد", author_email="salma@example.org")
    response = post_comment(browser, article, comment="تعليق ثان منشور.")
    comment = Comment.objects.latest("pk")
    assert comment.status == Status.APPROVED
    assert response["Location"].endswith("#comment-%d" % comment.pk)
    html = text(browser.get(response["Location"]))
    assert "نُشر تعليقك" in html
    assert 'id="comment-%d"' % comment.pk in html
    assert "تعليق ثان منشور." in text(Client().get(article.url))


def test_post_without_tokens_comes_back_filled_in_to_be_confirmed(browser, article):
    """No JavaScript: the cached page's form has no tokens; sending it shows the
    form again with what was typed and fresh tokens, and sending that stores it."""
    values = form_values(text(browser.get(article.url)))
    assert values["csrfmiddlewaretoken"] == "" and values["token"] == ""
    action = values.pop("_action")
    values.update(author="سلمى", email="s@example.org", comment="نصي الذي كتبته")
    response = browser.post(action, values)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = text(response)
    assert "مرة أخرى لتأكيده" in html
    assert not Comment.objects.exists()
    again = form_values(html)
    assert again["comment"].strip() == "نصي الذي كتبته"
    assert (again["author"], again["email"]) == ("سلمى", "s@example.org")
    assert again["csrfmiddlewaretoken"] and again["token"]
    assert browser.post(again.pop("_action"), again).status_code == 302
    assert Comment.objects.get().body == "نصي الذي كتبته"


def test_forged_csrf_token_stores_nothing(browser, article):
    values = form_values(text(browser.get(article.url)))
    action = values.pop("_action")
    values.update(
        author="س", email="s@example.org", comment="نص", csrfmiddlewaretoken="x" * 64
    )
    assert browser.post(action, values).status_code == 200
    assert not Comment.objects.exists()


def test_token_endpoint_is_private_and_per_article(browser, article):
    html = text(browser.get(article.url))
    url = comment_form(html).get("data-tokens")
    response = browser.get(url)
    assert response["Cache-Control"] == "private, no-store"
    assert response.cookies["csrftoken"].value
    assert set(response.json()) == {"csrfmiddlewaretoken", "token"}
    assert browser.get("/comments/tokens/999999999/").status_code == 404
    assert browser.post(url).status_code in (403, 405)  # CSRF, then the method.


def test_filled_honeypot_is_refused(browser, article):
    response = post_comment(browser, article, phone="0500000000")
    assert response.status_code == 200
    assert "تعذّر قبول التعليق" in text(response)
    assert not Comment.objects.exists()


def test_form_sent_too_fast_is_refused_and_renewed(browser, article, settings):
    settings.AKHBAR_COMMENTS_MIN_FILL_SECONDS = 3
    response = post_comment(browser, article)
    assert response.status_code == 200
    assert "بسرعة كبيرة" in text(response)
    assert not Comment.objects.exists()
    # The re-rendered form carries a new token; a person who waits gets through.
    values = form_values(text(response))
    action = values.pop("_action")
    later = time.time() + 5
    with mock.patch("akhbar.comments.spam.time.time", return_value=later):
        again = browser.post(action, values)
    assert again.status_code == 302
    assert Comment.objects.count() == 1


def test_forged_or_missing_form_token_is_refused(browser, article):
    response = post_comment(browser, article, token="forged")
    assert response.status_code == 200
    assert "انتهت صلاحية النموذج" in text(response)
    assert not Comment.objects.exists()


def test_invalid_form_keeps_what_the_reader_typed(browser, article):
    response = post_comment(browser, article, email="ليس بريداً", comment="نصي المهم")
    assert response.status_code == 200
    html = text(response)
    assert "نصي المهم" in html
    assert form_values(html)["comment"].strip() == "نصي المهم"
    assert 'class="field-error"' in html
    assert not Comment.objects.exists()


def test_too_long_comment_comes_back_whole_with_the_limit_in_arabic_digits(
    browser, article, settings
):
    settings.AKHBAR_COMMENTS_MAX_LENGTH = 1000
    html = text(browser.get(article.url))
    form = comment_form(html)
    # No maxlength: a browser would cut a longer paste without a word.
    assert form.xpath(".//textarea[@name='comment']")[0].get("maxlength") is None
    assert form.get("novalidate") is not None
    typed = "كلمة " * 250  # 1,249 characters once stripped
    response = post_comment(browser, article, comment=typed)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    html = text(response)
    assert form_values(html)["comment"].strip() == typed.strip()
    error = comment_form(html).xpath(".//*[@id='comment_error']")[0].text_content()
    assert "١٬٠٠٠" in error and "١٬٢٤٩" in error
    assert not Comment.objects.exists()


def test_website_must_be_http(browser, article):
    response = post_comment(browser, article, url="javascript:alert(1)")
    assert response.status_code == 200
    assert not Comment.objects.exists()
    response = post_comment(browser, article, url="salma.example")
    assert response.status_code == 302
    assert Comment.objects.get().website == "https://salma.example"


def test_closed_article_has_no_form_and_refuses_posts(browser, article):
    values = form_values(text(browser.get(article.url)))
    article.comments_open = False
    article.save_revision().publish()
    html = text(browser.get(article.url))
    assert 'id="commentform"' not in html
    assert "التعليقات مغلقة" in html
    action = values.pop("_action")
    values.update(author="س", email="s@example.org", comment="نص")
    response = browser.post(action, values)
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_reply_without_javascript(browser, article):
    parent = make_comment(article, author_name="كريم منصور")
    page_url = article.url + "?replytocom=%d" % parent.pk
    html = text(browser.get(page_url))
    respond = comment_form(html).getparent()
    assert "الرد على كريم منصور" in " ".join(respond.xpath("string(.//h2)").split())
    assert form_values(html)["parent"] == str(parent.pk)
    response = post_comment(browser, article, page_url=page_url, comment="رد على كريم")
    assert response.status_code == 302
    reply = Comment.objects.get(parent=parent)
    assert reply.depth == 2
    assert reply.status == Status.PENDING
    services.comment_approve(comment=reply, by=None)
    html = text(Client().get(article.url))
    parent_item = (
        comment_form(html).getroottree().xpath('//li[@id="comment-%d"]' % parent.pk)[0]
    )
    assert parent_item.xpath('.//li[@id="comment-%d"]' % reply.pk)


def test_reply_to_a_comment_of_another_article_is_refused(browser, article, section):
    other = make_comment(make_article(section, "مقال آخر"))
    response = post_comment(browser, article, parent=str(other.pk))
    assert response.status_code == 400
    assert not Comment.objects.filter(article=article).exists()


@override_settings(AKHBAR_COMMENTS_RATE_PER_IP=2)
def test_rate_limited_post_is_answered_429(browser, article):
    for number in range(2):
        response = post_comment(
            browser, article, email="r%d@example.org" % number, comment="نص %d" % number
        )
        assert response.status_code == 302
    response = post_comment(browser, article, email="r9@example.org", comment="نص 9")
    assert response.status_code == 429
    assert "حاول مرة أخرى بعد قليل" in text(response)
    assert Comment.objects.count() == 2


def test_duplicate_post_is_answered_409(browser, article):
    assert post_comment(browser, article).status_code == 302
    response = post_comment(browser, article)
    assert response.status_code == 409
    assert Comment.objects.count() == 1


def test_unknown_or_unpublished_article(browser, article, section):
    withdrawn = make_article(section, "خبر سُحب")
    withdrawn.unpublish()
    assert browser.get("/comments/post/%d/" % article.pk).status_code == 405
    client = Client()
    for article_id in (withdrawn.pk, 999999, 10**30):
        assert client.post("/comments/post/%d/" % article_id, {}).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "?comments-page=abc",
        "?comments-page=99999999999999999999999",
        "?replytocom=-1",
        "?replytocom=99999999999999999999999",
        "?comment-posted=x",
    ],
)
def test_odd_query_strings_do_not_break_the_page(browser, article, query):
    make_comment(article)
    assert browser.get(article.url + query).status_code == 200


@override_settings(AKHBAR_COMMENTS_PER_PAGE=2)
def test_long_threads_are_paginated(browser, article):
    comments = [make_comment(article, body="تعليق رقم %d" % n) for n in range(5)]
    html = text(browser.get(article.url))
    assert "٥ تعليقات" in html
    assert "تعليق رقم 0" in html and "تعليق رقم 2" not in html
    assert 'rel="next"' in html and "comments-page=2" in html
    page_three = text(browser.get(article.url + "?comments-page=3"))
    assert "تعليق رقم 4" in page_three and 'rel="prev"' in page_three
    # After posting, an approved commenter lands on the page of their comment.
    last = comments[-1]
    response = post_comment(
        browser,
        article,
        author=last.author_name,
        email=last.author_email,
        comment="تعليق أخير",
    )
    assert "comments-page=3" in response["Location"]


def test_comment_count_in_article_lists(browser, article, section):
    make_comment(article)
    make_comment(article)
    make_comment(article, status=Status.PENDING)
    html = text(browser.get(section.url))
    assert "تعليقان" in html
    assert article.url + "#comments" in html


def test_dates_use_the_site_time_element(browser, article):
    make_comment(article)
    html = text(browser.get(article.url))
    section = html[html.index('id="comments"') :]
    assert '<time datetime="' in section and 'class="hijri"' in section


def test_article_page_with_comments_stays_within_ten_queries(
    browser, section, django_assert_max_num_queries
):
    author = make_author(section.get_parent().specific, "سلمى الحداد")
    for number in range(3):
        make_article(section, "خبر ذو صلة %d" % number, featured_image=make_image())
    article = make_article(
        section,
        "خبر بتعليقات كثيرة",
        authors=[author],
        tags=["سياسة"],
        featured_image=make_image(),
    )
    for _ in range(4):
        root = make_comment(article)
        reply = make_comment(article, parent=root)
        make_comment(article, parent=reply)
    make_comment(article, status=Status.PENDING)
    for url in (article.url, article.url + "?replytocom=%d" % root.pk):
        browser.get(url)  # Warm the caches a real site has warm.
        with django_assert_max_num_queries(10):
            response = browser.get(url)
        assert response.status_code == 200
        assert "١٢ تعليقاً" in response.content.decode()


@pytest.mark.redis
def test_rate_limit_over_http_with_a_real_redis(browser, article, redis_url):
    prefix = "akhbar-test-%s" % time.monotonic_ns()
    caches = {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "%s-%s" % (prefix, name),
        }
        for name in ("default", "fragments", "transient")
    }
    with override_settings(CACHES=caches, AKHBAR_COMMENTS_RATE_PER_IP=3):
        statuses = [
            post_comment(
                browser,
                article,
                email="r%d@example.org" % number,
                comment="نص رقم %d" % number,
                _ip="198.51.100.20",
            ).status_code
            for number in range(5)
        ]
        other_address = post_comment(
            browser, article, email="x@example.org", comment="نص", _ip="198.51.100.21"
        )
    assert statuses == [302, 302, 302, 429, 429]
    assert other_address.status_code == 302
    assert Comment.objects.count() == 4
