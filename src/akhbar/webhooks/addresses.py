"""Which addresses a webhook may be sent to: public ones only, by default.

An editor types the URL; without this check, a URL naming the loopback or an
internal address would make the server post to services behind the firewall
(server-side request forgery). The host is resolved once per attempt, every
address it resolves to is checked, and the connection is made to the address
checked, so a DNS answer that changes between check and connect (rebinding)
gains nothing.
"""

import ipaddress
import socket
import urllib.parse

from django.conf import settings
from django.utils.translation import gettext as _


class UnsafeURL(ValueError):
    """The URL may not receive webhooks; the message says why, in Arabic."""


def allowed(address: str) -> bool:
    """Whether ``address`` (an IP address) is one webhooks may reach."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if settings.AKHBAR_WEBHOOKS_ALLOW_PRIVATE:
        return not ip.is_unspecified and not ip.is_multicast
    return ip.is_global and not ip.is_multicast


def split_url(url: str) -> tuple[str, str, int, str]:
    """``(scheme, host, port, path with query)`` of an http(s) URL."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeURL(_("يجب أن يبدأ العنوان بـ http:// أو https://."))
    if parts.username or parts.password:
        raise UnsafeURL(_("لا يُقبل عنوان يحمل اسم مستخدم أو كلمة سر."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeURL(_("رقم المنفذ في العنوان غير صالح.")) from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname, port, path


def resolve(url: str) -> str:
    """The address to connect to for ``url``; raises ``UnsafeURL`` when the URL
    is not http(s) or its host resolves to an address webhooks may not reach."""
    _scheme, host, port, _path = split_url(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeURL(
            _("تعذّر العثور على الخادم %(host)s.") % {"host": host}
        ) from None
    addresses = [info[4][0] for info in infos]
    refused = [address for address in addresses if not allowed(address)]
    if not addresses or refused:
        raise UnsafeURL(
            _("العنوان %(host)s يشير إلى شبكة داخلية أو إلى هذا الخادم.")
            % {"host": host}
        )
    return addresses[0]
