"""An editor mails an issue to their own address before the list gets it: a
real SMTP server receives it, no subscriber does, the issue stays unsent."""

import pytest
from django.test import Client
from django.utils import timezone

from akhbar.core import jobs
from akhbar.newsletters.models import Delivery, Issue
from tests.newsletters.test_compose import form_data, sent_messages, url
from tests.newsroom.factories import PASSWORD

pytestmark = pytest.mark.django_db

SEND_TEST = "action-send-test"


def test_the_test_copy_reaches_the_editor_alone_and_sends_nothing(
    composer, editor, newsletter, chosen, smtp_inbox
):
    data = {**form_data(newsletter, chosen[:2]), SEND_TEST: ""}
    response = composer.post(url("add"), data, follow=True)
    ((to, message),) = smtp_inbox.wait_for(1)
    assert to == [editor.email]
    assert "نسخة تجريبية" in message["Subject"] and "عدد خاص" in message["Subject"]
    html = message.get_body(("html",)).get_content()
    assert chosen[0].title in html and chosen[1].title in html
    assert "List-Unsubscribe" not in message
    said = " ".join(sent_messages(response))
    assert editor.email in said and "المشتركين" in said

    issue = Issue.objects.get()
    assert issue.scheduled_at is None and issue.finished_at is None
    assert not Delivery.objects.exists()
    jobs.run_due(timezone.now())
    assert len(smtp_inbox.messages) == 1  # The subscriber got nothing.


def test_a_test_copy_of_a_scheduled_issue_leaves_its_schedule(
    composer, newsletter, chosen, smtp_inbox
):
    issue = Issue.objects.create(newsletter=newsletter, subject="عدد")
    issue.chosen_articles.create(article=chosen[0])
    data = {**form_data(newsletter, chosen[:1]), SEND_TEST: ""}
    assert composer.post(url("edit", issue.pk), data).status_code == 302
    assert len(smtp_inbox.wait_for(1)) == 1
    issue.refresh_from_db()
    assert issue.scheduled_at is None and issue.finished_at is None


def test_without_the_csrf_token_nothing_is_sent(editor, newsletter, chosen, smtp_inbox):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=editor.username, password=PASSWORD)
    data = {**form_data(newsletter, chosen[:1]), SEND_TEST: ""}
    assert client.post(url("add"), data).status_code == 403
    assert client.get(url("add"), {SEND_TEST: ""}).status_code == 200
    assert smtp_inbox.messages == []
    assert not Issue.objects.exists()


def test_test_copies_are_limited_per_editor(composer, newsletter, chosen, smtp_inbox):
    data = {**form_data(newsletter, chosen[:1]), SEND_TEST: ""}
    composer.post(url("add"), data)
    issue = Issue.objects.get()
    for _ in range(4):
        composer.post(url("edit", issue.pk), data)
    assert len(smtp_inbox.wait_for(5)) == 5
    response = composer.post(url("edit", issue.pk), data, follow=True)
    said = " ".join(sent_messages(response))
    assert "لم تُرسل النسخة" in said and "أعد المحاولة" in said
    assert len(smtp_inbox.messages) == 5


def test_an_editor_without_an_address_is_told(
    composer, editor, newsletter, chosen, smtp_inbox
):
    editor.email = ""
    editor.save()
    data = {**form_data(newsletter, chosen[:1]), SEND_TEST: ""}
    response = composer.post(url("add"), data, follow=True)
    assert "لا بريد إلكتروني في حسابك" in " ".join(sent_messages(response))
    assert smtp_inbox.messages == []


def test_the_edit_screen_offers_the_test_copy(composer, newsletter, chosen):
    issue = Issue.objects.create(
        newsletter=newsletter, subject="عدد", finished_at=timezone.now()
    )
    page = composer.get(url("edit", issue.pk)).content.decode()
    assert 'name="%s"' % SEND_TEST in page
    assert "نسخة تجريبية" in page
