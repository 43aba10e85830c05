"""The connections under every session: urllib3's, with two additions.

- Each request registers its connection with the deadlines (scoring/sources/deadline.py), so
  a request past its deadline, or in flight at a stop, can be broken off.
- For user-supplied URLs, the address actually connected to must be public: checked on the
  socket before anything is sent, so a name that passed the guard but now resolves to a
  private address (DNS rebinding) is refused, not read.
- The trust store (the CA bundle: REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE, else certifi's, as
  requests reads it) is loaded once per process into one TLS context that every connection
  uses. Left to requests and urllib3, each new TLS connection loads the whole bundle again
  (about 25 ms of CPU for 140 roots: ten times the handshake itself). Verification cannot be
  turned off or pointed elsewhere per request: such a request is refused.
"""

from __future__ import annotations

import functools
import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from requests.adapters import HTTPAdapter
from requests.utils import DEFAULT_CA_BUNDLE_PATH
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.ssl_ import create_urllib3_context

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


@dataclass(frozen=True, slots=True)
class Trust:
    """A trust store (a CA bundle file or directory) and the TLS context it was loaded into."""

    bundle: str
    context: ssl.SSLContext


#: Where requests reads a CA bundle from, the first set winning.
BUNDLE_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


def bundle_variable(environ: Mapping[str, str]) -> str | None:
    """The variable that names the CA bundle in ``environ``, if one does."""
    return next((name for name in BUNDLE_VARIABLES if environ.get(name, "").strip()), None)


def trust_bundle() -> str:
    """The CA bundle requests would verify with: the environment's, else certifi's."""
    name = bundle_variable(os.environ)
    return os.environ[name].strip() if name else str(DEFAULT_CA_BUNDLE_PATH)


def trust(bundle: str | None = None) -> Trust:
    """The process's one TLS context for ``bundle`` (the environment's by default): urllib3's
    defaults (TLS 1.2 and up, its ciphers), certificates and host names verified. Loaded once
    per bundle; a bundle changed on disk is read at the next start."""
    return _loaded(bundle or trust_bundle())


@functools.cache
def _loaded(path: str) -> Trust:
    context = create_urllib3_context(cert_reqs=ssl.CERT_REQUIRED)
    if Path(path).is_dir():
        context.load_verify_locations(capath=path)
    else:
        context.load_verify_locations(cafile=path)
    return Trust(path, context)


class Adapter(HTTPAdapter):
    """Connections that register with the deadlines, over the process's one TLS context."""

    pools: ClassVar[Mapping[str, type[HTTPConnectionPool]]] = {
        "http": _HTTPPool,
        "https": _HTTPSPool,
    }

    def __init__(self, *args: Any, trust_store: Trust | None = None, **kwargs: Any) -> None:
        self.trust = trust_store or trust()  # before the pool manager is made
        super().__init__(*args, **kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, ssl_context=self.trust.context, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(self.pools)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        """Through an operator's proxy too, the sites' certificates verify against the one
        context (a CONNECT tunnel's TLS is the connection's own)."""
        return super().proxy_manager_for(proxy, ssl_context=self.trust.context, **proxy_kwargs)

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        """Every HTTPS connection verifies against the context's store, which is not loaded
        again: requests would name the bundle on each pool, and urllib3 load it again for
        each new connection. A request that asks for no verification, or another bundle, is
        refused (it would change the context every connection shares)."""
        if verify is not True and verify != self.trust.bundle:
            raise ValueError(f"TLS verification is against {self.trust.bundle}, not {verify!r}")
        if cert is not None:
            raise ValueError("client certificates are not supported")
        if url.lower().startswith("https"):
            conn.cert_reqs = "CERT_REQUIRED"
            conn.ca_certs = None
            conn.ca_cert_dir = None


class PeerCheckingAdapter(Adapter):
    """Direct connections also check their peer (a configured proxy is trusted to do its own)."""

    pools: ClassVar[Mapping[str, type[HTTPConnectionPool]]] = {
        "http": _CheckedHTTPPool,
        "https": _CheckedHTTPSPool,
    }
