"""The connections under every session: urllib3's, with two additions.

- Each request registers its connection with the deadlines (scoring/sources/deadline.py), so
  a request past its deadline, or in flight at a stop, can be broken off.
- For user-supplied URLs, the address actually connected to must be public: checked on the
  socket before anything is sent, so a name that passed the guard but now resolves to a
  private address (DNS rebinding) is refused, not read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from scoring.sources.deadline import DEADLINES
from scoring.sources.errors import UnsafeUrl
from scoring.sources.url_guard import is_public_address


class _Registered:
    """For urllib3 connections: each request registers its connection with the deadlines,
    so a request past its deadline (or in flight at a stop) can be broken off."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        DEADLINES.opened(self)  # type: ignore[arg-type]
        super().request(*args, **kwargs)  # type: ignore[misc]


class _PeerCheck:
    """For urllib3 connections: the address actually connected to must be a public one.

    Checked on the socket before anything is sent (before TLS too), so a host whose name
    passed the guard but now resolves to a private address is refused, not read.
    """

    host: str

    def _new_conn(self) -> Any:
        sock = super()._new_conn()  # type: ignore[misc]
        peer = str(sock.getpeername()[0])
        if not is_public_address(peer):
            sock.close()
            raise UnsafeUrl(f"{self.host} points to a private or local address")
        return sock


class _HTTPConnection(_Registered, HTTPConnection):
    pass


class _HTTPSConnection(_Registered, HTTPSConnection):
    pass


class _CheckedHTTPConnection(_PeerCheck, _Registered, HTTPConnection):
    pass


class _CheckedHTTPSConnection(_PeerCheck, _Registered, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class Adapter(HTTPAdapter):
    """Connections that register with the deadlines."""

    pools: ClassVar[Mapping[str, type[HTTPConnectionPool]]] = {
        "http": _HTTPPool,
        "https": _HTTPSPool,
    }

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(self.pools)


class PeerCheckingAdapter(Adapter):
    """Direct connections also check their peer (a configured proxy is trusted to do its own)."""

    pools: ClassVar[Mapping[str, type[HTTPConnectionPool]]] = {
        "http": _CheckedHTTPPool,
        "https": _CheckedHTTPSPool,
    }
