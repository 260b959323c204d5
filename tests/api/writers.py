"""Tokens, requests and stories for the write API's tests."""

import json

from wagtail.models import APIToken

from akhbar.api.models import Scope, TokenGrant

ALL_SCOPES = [scope.value for scope in Scope]


def token_for(user, *scopes, **grant) -> str:
    """A new token of ``user`` with ``scopes`` (all when none are named);
    returns its secret."""
    token, secret = APIToken.create_token(user=user, name="اختبار")
    TokenGrant.objects.create(token=token, scopes=list(scopes or ALL_SCOPES), **grant)
    return secret


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": "Bearer %s" % secret}


def story(section, **fields) -> dict:
    """A draft's JSON body, with Arabic text and hostile HTML to clean."""
    return {
        "title": "الحكومة تقر موازنة العام المقبل",
        "section": section.pk,
        "standfirst": "أقر مجلس الوزراء الموازنة بعد جلسة طويلة.",
        "body": [
            {"type": "subheading", "value": {"text": "جلسة طويلة"}},
            {
                "type": "paragraph",
                "value": {
                    "html": "<p>قال الوزير <b>إن</b> الموازنة متوازنة"
                    '<script>alert(1)</script><a href="javascript:x()" '
                    'onclick="x()">هنا</a>.</p>'
                },
            },
            {
                "type": "quote",
                "value": {"text": "سنفي بوعودنا", "attribution": "الوزير"},
            },
        ],
        "body_html": "<h2>ردود الفعل</h2><p>رحب النواب <img src=x onerror=alert(1)>"
        "بالموازنة الجديدة.</p>",
        "tags": ["الموازنة", "البرلمان"],
        **fields,
    }


def post(client, path, data, secret, **headers):
    """A JSON POST to the API (``data`` sent as it is when already text)."""
    return client.post(
        "/api/v1" + path,
        json.dumps(data) if not isinstance(data, (str, bytes)) else data,
        content_type="application/json",
        **bearer(secret),
        **headers,
    )
