"""System checks that tell an operator what is wrong and how to fix it."""

import ipaddress

from django.conf import settings
from django.core.checks import Tags, Warning, register

from .ratelimit import deprecated_ip_header


@register(Tags.database, deploy=True)
def sqlite_in_production(app_configs, **kwargs):
    """SQLite is the embedded default; a public site under load wants PostgreSQL."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if settings.DEBUG or not engine.endswith("sqlite3"):
        return []
    return [
        Warning(
            "SQLite is in use with DEBUG=False.",
            hint=(
                "SQLite serves one writer at a time. For a busy site set "
                "DATABASE_URL=postgres://user:password@host/db and REDIS_URL."
            ),
            id="akhbar.W001",
        )
    ]


@register()
def reader_settings(app_configs, **kwargs):
    """Catch misspelt presentation settings before a reader sees the result."""
    errors = []
    if settings.AKHBAR_DIGITS not in ("arabic", "western"):
        errors.append(
            Warning(
                "AKHBAR_DIGITS is %r." % settings.AKHBAR_DIGITS,
                hint='Set AKHBAR_DIGITS to "arabic" or "western".',
                id="akhbar.W002",
            )
        )
    if settings.AKHBAR_MONTH_NAMES not in ("egyptian", "levantine"):
        errors.append(
            Warning(
                "AKHBAR_MONTH_NAMES is %r." % settings.AKHBAR_MONTH_NAMES,
                hint='Set AKHBAR_MONTH_NAMES to "egyptian" or "levantine".',
                id="akhbar.W003",
            )
        )
    return errors


@register()
def client_address_settings(app_configs, **kwargs):
    """The per-app address headers gave way to one proxy setting for every limit."""
    errors = []
    if deprecated_ip_header() and not settings.AKHBAR_TRUSTED_PROXIES:
        errors.append(
            Warning(
                "AKHBAR_COMMENTS_IP_HEADER / AKHBAR_READERSHIP_IP_HEADER are "
                "deprecated: their header is trusted from any client.",
                hint=(
                    "Set AKHBAR_TRUSTED_PROXIES to the proxies' addresses (CIDR) "
                    "and AKHBAR_CLIENT_IP_HEADER to the header they set."
                ),
                id="akhbar.W004",
            )
        )
    for cidr in settings.AKHBAR_TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(cidr.strip(), strict=False)
        except ValueError:
            errors.append(
                Warning(
                    "AKHBAR_TRUSTED_PROXIES holds %r, not an address or network."
                    % cidr,
                    hint="List addresses or CIDR networks, e.g. 10.0.0.0/8,::1.",
                    id="akhbar.W005",
                )
            )
    return errors
