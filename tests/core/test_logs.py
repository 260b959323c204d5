"""Request ids: taken from the proxy or made, sent back, and in every log
record of the request, as JSON with the production format."""

import io
import json
import logging
import logging.config

import pytest

from akhbar.core.logs import logging_config


@pytest.fixture
def json_log(settings):
    """The logging of ``AKHBAR_LOG_FORMAT=json``, its console writing to a buffer."""
    config = logging_config(log_format="json", level="INFO", wagtail_level="WARNING")
    buffer = io.StringIO()
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    yield buffer
    logging.config.dictConfig(settings.LOGGING)


def _records(stream):
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.django_db
def test_a_log_record_of_a_request_carries_the_id_its_response_carries(
    client, json_log
):
    response = client.get("/%D9%84%D8%A7-%D8%B4%D9%8A%D8%A1/")
    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    records = [r for r in _records(json_log) if r["logger"] == "django.request"]
    assert records and records[-1]["request_id"] == request_id
    assert records[-1]["level"] == "WARNING"
    # Once the response is done, records belong to no request.
    logging.getLogger("akhbar.test").warning("after")
    assert _records(json_log)[-1]["request_id"] == "-"


@pytest.mark.django_db
def test_the_proxy_id_is_kept_when_it_looks_like_one(client):
    nginx_id = "0f8e2d4c6b1a39587e6d5c4b3a291807"
    assert client.get("/healthz", HTTP_X_REQUEST_ID=nginx_id)["X-Request-ID"] == (
        nginx_id
    )
    for forged in ("x\r\ninjected: 1", "<script>", "short", "a" * 200):
        answered = client.get("/healthz", HTTP_X_REQUEST_ID=forged)["X-Request-ID"]
        assert answered != forged and len(answered) == 32
