"""One spelling per account: URLs and account ids in their canonical form (pure).

An account has one owner (storage/verification.py), which holds only if the same account is
always stored under the same id. Hosts are case-insensitive, a trailing dot names the same
host, and ``:443`` on https is no port at all: ``https://Mastodon.Social./@alice`` and
``https://mastodon.social/@alice`` are one account.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
#: ``ID@ORIGIN``: an account on one server of a federated network (Mastodon).
_ON_SERVER = re.compile(r"^(?P<id>[^@\s]+)@(?P<origin>https?://\S+)$", re.IGNORECASE)


def _netloc(scheme: str, host: str, port: int | None) -> str:
    host = host.lower().rstrip(".")
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    if port is None or port == _DEFAULT_PORTS.get(scheme):
        return host
    return f"{host}:{port}"


def normal_origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, lower case, no trailing dot, no default port."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{scheme}://{_netloc(scheme, parts.hostname or '', port)}"


def normal_url(url: str) -> str:
    """``url`` in one spelling: the origin as :func:`normal_origin`, an empty path as ``/``,
    no fragment (a fragment names a place on the page, not another page). Credentials in a
    URL are dropped (the address guard refuses them anyway)."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return url.strip()
    origin = urlsplit(normal_origin(url))
    return urlunsplit((origin.scheme, origin.netloc, parts.path or "/", parts.query, ""))


def normal_account_id(account_id: str) -> str:
    """A platform's account id in one spelling: an id on a server (``109302@https://…``)
    with its server's origin normalised, a URL (a blog's feed) normalised, anything else
    (numbers, DIDs, names a platform already spells one way) as it is."""
    text = account_id.strip()
    on_server = _ON_SERVER.match(text)
    if on_server:
        return f"{on_server['id']}@{normal_origin(on_server['origin'])}"
    if text.lower().startswith(("http://", "https://")):
        return normal_url(text)
    return text
