"""Editors compose an issue from chosen articles, preview it, send it now or
schedule it; the worker sends it; hostile markup in the intro never reaches a
reader."""

import datetime
import re

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from akhbar.core import jobs
from akhbar.newsletters.models import Issue, IssueArticle, Subscriber
from tests.newsroom.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOSTILE = '<p>صباح الخير<script>alert(1)</script><img src=x onerror="alert(2)"></p>'


def url(name, *args):
    return reverse("wagtailsnippets_akhbar_newsletters_issue:%s" % name, args=args)


def form_data(newsletter, articles, **fields):
    data = {
        "newsletter": newsletter.pk,
        "subject": "عدد خاص",
        "intro": rich_text("<p>مقدمة <b>العدد</b></p>"),
        "chosen_articles": inline_formset(
            [{"article": article.pk} for article in articles]
        ),
        "scheduled_at": "",
    }
    data.update(fields)
    return nested_form_data(data)


def test_editor_previews_then_sends_now_and_the_worker_mails_it(
    composer, newsletter, chosen, smtp_inbox
):
    client = composer
    picked = [chosen[1], chosen[0]]
    data = form_data(newsletter, picked)

    preview = client.post(url("preview_on_add"), data)
    assert preview.json()["is_valid"]
    page = client.get(url("preview_on_add"))
    root = lxml.html.fromstring(page.content.decode())
    assert root.get("dir") == "rtl"
    titles = [a.text_content() for a in root.xpath("//a") if "الترتيب" in a.text]
    assert titles == [picked[0].title, picked[1].title]
    assert not Issue.objects.exists()  # A preview stores nothing.

    response = client.post(url("add"), {**data, "action-send-now": ""})
    assert response.status_code == 302
    issue = Issue.objects.get()
    assert issue.scheduled_at is not None and issue.key.startswith("composed-")

    jobs.run_due(timezone.now())
    ((to, message),) = smtp_inbox.wait_for(1)
    assert to == ["reader@example.org"]
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "<b>العدد</b>" in html and "مقدمة العدد" in text
    assert html.index(picked[0].title) < html.index(picked[1].title)
    assert chosen[2].title not in html
    jobs.run_due(timezone.now())
    assert len(smtp_inbox.messages) == 1
    assert Issue.objects.get().finished_at is not None


def test_a_scheduled_issue_waits_for_its_time(composer, newsletter, chosen, smtp_inbox):
    later = timezone.localtime() + datetime.timedelta(hours=2)
    data = form_data(
        newsletter,
        chosen[:1],
        scheduled_at=later.strftime("%Y-%m-%d %H:%M"),
    )
    assert composer.post(url("add"), data).status_code == 302
    issue = Issue.objects.get()
    assert jobs.run_due(timezone.now()) <= issue.scheduled_at
    assert smtp_inbox.messages == []
    jobs.run_due(issue.scheduled_at)
    assert len(smtp_inbox.wait_for(1)) == 1


def test_a_draft_is_never_sent(newsletter, chosen, smtp_inbox):
    issue = Issue.objects.create(newsletter=newsletter, subject="مسودة")
    IssueArticle.objects.create(issue=issue, article=chosen[0])
    jobs.run_due(timezone.now() + datetime.timedelta(days=30))
    assert smtp_inbox.messages == []
    issue.scheduled_at = timezone.now()  # The same issue, scheduled, goes out.
    issue.save()
    jobs.run_due(timezone.now())
    assert len(smtp_inbox.wait_for(1)) == 1


def test_hostile_intro_is_cleaned_when_stored_and_when_mailed(
    newsletter, chosen, smtp_inbox
):
    issue = Issue.objects.create(
        newsletter=newsletter,
        subject="عدد",
        intro=HOSTILE,
        scheduled_at=timezone.now(),
    )
    IssueArticle.objects.create(issue=issue, article=chosen[0])
    assert "script" not in issue.intro and "onerror" not in issue.intro
    # A row written around the model (a script, a restored database).
    Issue.objects.filter(pk=issue.pk).update(intro=HOSTILE)
    jobs.run_due(timezone.now())
    ((_to, message),) = smtp_inbox.wait_for(1)
    root = lxml.html.fromstring(message.get_body(("html",)).get_content())
    assert root.xpath("//script") == [] and root.xpath("//img") == []
    assert "صباح الخير" in root.text_content()


def test_an_author_cannot_compose(client, author, newsletter):
    assert client.login(username=author.username, password=PASSWORD)
    response = client.get(url("add"))
    assert response.status_code in (302, 403)
    assert client.get(url("list")).status_code in (302, 403)


def sent_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    ("confirmed", "said"),
    [
        (0, "لا مشترك مؤكَّداً في هذه النشرة بعد، فلن يصل العدد إلى أحد."),
        (1, "سيُرسل العدد إلى مشترك واحد خلال لحظات."),
        (2, "سيُرسل العدد إلى مشتركَين خلال لحظات."),
        (3, "سيُرسل العدد إلى ٣ مشتركين خلال لحظات."),
        (11, "سيُرسل العدد إلى ١١ مشتركاً خلال لحظات."),
    ],
)
def test_send_now_says_how_many_will_get_it(
    composer, newsletter, chosen, confirmed, said
):
    """The editor is told how many confirmed subscribers the issue goes to, in
    Arabic's plural forms and the site's digits; to none, as a warning (it was
    "it will be sent in a moment" whoever was subscribed)."""
    Subscriber.objects.filter(newsletter=newsletter).delete()
    Subscriber.objects.bulk_create(
        Subscriber(
            newsletter=newsletter,
            email="reader%d@example.org" % number,
            confirmed_at=timezone.now() if number < confirmed else None,
        )
        for number in range(confirmed + 2)
    )
    data = {**form_data(newsletter, chosen[:1]), "action-send-now": ""}
    response = composer.post(url("add"), data, follow=True)
    assert said in sent_messages(response)


def test_the_issue_is_named_by_its_subject_and_its_list_is_in_arabic(
    composer, newsletter, chosen
):
    """Messages and titles name an issue by the subject the editor wrote, not
    by its internal key; the list's column heads are all Arabic ("Finished at"
    was English)."""
    data = form_data(newsletter, chosen[:1], subject="عدد الأحد الخاص")
    response = composer.post(url("add"), data, follow=True)
    issue = Issue.objects.get()
    assert any("عدد الأحد الخاص" in text for text in sent_messages(response))
    assert not any(issue.key in text for text in sent_messages(response))
    root = lxml.html.fromstring(composer.get(url("list")).content.decode())
    heads = " ".join(th.text_content() for th in root.xpath("//table//th"))
    assert heads.strip()
    assert not re.search("[A-Za-z]", heads), heads
