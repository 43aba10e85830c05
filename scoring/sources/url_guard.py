"""The guard for user-supplied URLs: http(s) only, and never a private or local address.
A name no server has (a typo, a lapsed domain) is said as such, not as a private address; a
name that resolves to a private address is said the same way (no oracle of internal names).

The host is resolved and every address it resolves to is checked, so a public name that points
at 127.0.0.1 or 169.254.169.254 is refused as surely as the literal address. The HTTP client
calls the guard again for every redirect, and checks the address each connection actually
reached (:func:`is_public_address`), so a name that resolves differently a moment later (DNS
rebinding) cannot slip through between the check and the connection.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from scoring.sources.errors import (
    CredentialsInUrl,
    NoSuchHost,
    PrivateName,
    Unavailable,
    UnsafeUrl,
)

Resolver = Callable[..., Sequence[tuple[Any, ...]]]


def _addresses(
    host: str, port: int, resolve: Resolver
) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = resolve(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        if exc.errno in _NO_SUCH_NAME:
            raise NoSuchHost(host) from exc
        raise Unavailable(f"cannot resolve {host} now") from exc  # the resolver failed: later
    except UnicodeError as exc:  # a name no resolver can even be asked for ("a..b")
        raise NoSuchHost(host) from exc
    except OSError as exc:
        raise Unavailable(f"cannot resolve {host} now") from exc
    found = []
    for info in infos:
        raw = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        found.append(ipaddress.ip_address(raw))
    if not found:
        raise NoSuchHost(host)
    return found


#: What a resolver answers for a name that does not exist (no address of any kind for it).
_NO_SUCH_NAME = frozenset(
    code for code in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)) if code is not None
)

#: NAT64 prefixes (RFC 6052 well-known, RFC 8215 local use): the last 32 bits are an IPv4
#: address a translator on the way would reach.
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated, still routed by some stacks
#: SIIT's IPv4-translated addresses (RFC 2765: ``::ffff:0:a.b.c.d``).
_IPV4_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")
#: Ranges Python's ``is_global`` lets through that are not the public internet: IETF
#: protocol assignments (192.0.0.0/24, whose 192.0.0.8 is a dummy address) and IPv6
#: site-local addresses (fec0::/10, deprecated but still routed inside some networks).
_NOT_PUBLIC = (ipaddress.IPv4Network("192.0.0.0/24"), ipaddress.IPv6Network("fec0::/10"))


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """Every IPv4 address an IPv6 address carries and may lead to: IPv4-mapped and
    -compatible, NAT64, 6to4 and Teredo (whose client address is the one reached)."""
    found: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found += list(address.teredo)
    if any(address in net for net in (*_NAT64, _IPV4_COMPATIBLE, _IPV4_TRANSLATED)):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded:
            return all(_is_public(inner) for inner in embedded)
    if any(address.version == net.version and address in net for net in _NOT_PUBLIC):
        return False
    return address.is_global and not address.is_multicast


def is_public_address(text: str) -> bool:
    """Whether the IP address ``text`` (as a socket reports a peer) is a public one."""
    try:
        return _is_public(ipaddress.ip_address(text.split("%", 1)[0]))
    except ValueError:
        return False


def check_url(url: str, *, allow_private: bool, resolve: Resolver = socket.getaddrinfo) -> str:
    """Return ``url`` if it may be fetched, else raise :class:`UnsafeUrl` saying why."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeUrl("not a valid URL") from exc
    if parts.scheme not in ("http", "https"):
        raise UnsafeUrl("only http and https addresses can be read")
    if not parts.hostname:
        raise UnsafeUrl("the address has no host")
    if parts.username or parts.password:
        raise CredentialsInUrl("addresses with a user name or password are not accepted")
    if allow_private:
        return url
    effective_port = port or (443 if parts.scheme == "https" else 80)
    literal = _is_address(parts.hostname)
    for address in _addresses(parts.hostname, effective_port, resolve):
        if not _is_public(address):
            if literal:  # typed as an address: said to be private
                raise UnsafeUrl(f"{parts.hostname} points to a private or local address")
            raise PrivateName(parts.hostname)  # said as a name no server has: no oracle
    return url


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True
