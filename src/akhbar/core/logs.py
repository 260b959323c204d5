"""Request ids in every log record of a request, and the log formats.

``RequestIdMiddleware`` takes the id a proxy sent in ``X-Request-ID`` (nginx's
``$request_id``, a load balancer's) when it looks like one, or makes one, and
sends it back in the response's ``X-Request-ID``; ``RequestIdFilter`` (on the
handlers of ``settings.LOGGING``) writes it into every record logged while the
request runs, as ``request_id`` ("-" outside a request). With
``AKHBAR_LOG_FORMAT=json`` each record is one JSON object per line
(python-json-logger), which log collectors read without a parsing rule.

The id lives in a context variable: granian's worker threads each hold their
own, and nothing leaks from one request into the next.
"""

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
NO_REQUEST = "-"
# Ids proxies make (hex, UUIDs, base64-ish tokens); anything else, which could
# carry a line break or markup into a log, is replaced by a fresh id.
VALID_ID = re.compile(r"[A-Za-z0-9._:+/=-]{8,128}")

request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "akhbar_request_id", default=NO_REQUEST
)

TEXT_FORMAT = "%(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"


def current_request_id() -> str:
    """The id of the request being handled in this thread, or ``"-"``."""
    return request_id.get()


def incoming_id(value: str | None) -> str:
    """``value`` when it is a plausible request id, else a new one."""
    if value and VALID_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Give each record the current request's id as ``request_id``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class RequestIdMiddleware:
    """Set the request id for the request's logs and send it back.

    The id stays set until the response is closed (``forget_request_id``):
    Django logs a 4xx or 5xx answer after the middleware has returned it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        value = incoming_id(request.headers.get(HEADER))
        request.request_id = value
        request_id.set(value)
        response = self.get_response(request)
        response[HEADER] = value
        return response


def forget_request_id(**kwargs) -> None:
    """``request_finished``: records logged after it belong to no request."""
    request_id.set(NO_REQUEST)


def logging_config(*, log_format: str, level: str, wagtail_level: str) -> dict:
    """``LOGGING`` for the console in ``log_format`` (``text`` or ``json``)."""
    formatters = {
        "text": {"format": TEXT_FORMAT},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": {"levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
    }
    if log_format not in formatters:
        raise ValueError("AKHBAR_LOG_FORMAT is %r; use 'text' or 'json'." % log_format)
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "akhbar.core.logs.RequestIdFilter"}},
        "formatters": {log_format: formatters[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": log_format,
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # Wagtail logs every page edit and django-tasks every index update at
        # INFO: useful in an audit, noise on a console.
        "loggers": {
            "django_tasks": {"level": "WARNING"},
            "wagtail": {"level": wagtail_level},
        },
    }
