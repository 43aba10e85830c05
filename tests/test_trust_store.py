"""The trust store is read once: every HTTPS connection verifies against one TLS context.

Left to requests and urllib3, each new TLS connection loads the whole CA bundle again (about
25 ms of CPU for the 140 roots of certifi's or Debian's bundle, ten times the handshake;
bench/trust_store.py measures it). Over real HTTPS against a local server with a throw-away
certificate: the bundle is read once, verification still refuses what it must, and no request
can turn it off for the connections that share the context.
"""

from __future__ import annotations

import shutil
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from bot.views import errors as error_texts
from scoring.sources.connections import trust
from scoring.sources.errors import CertificateRefused, Unavailable
from scoring.sources.http import HttpClient, make_session
from tests.conftest import TEST_POLICY
from tests.fakes.keep_alive import KeepAliveServer, keep_alive_servers
from tests.fakes.tls import local_certificate

NEW_CONNECTION = {"Connection": "close"}  # the server closes it: the next request reconnects


@pytest.fixture
def server(tmp_path: Path) -> Iterator[KeepAliveServer]:
    cert, key = local_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with keep_alive_servers(1, context) as servers:
        yield servers[0]


def _bundle(folder: Path, trusted: Path) -> Path:
    """A CA bundle as an operator names one: a file of its own, here trusting ``trusted``."""
    folder.mkdir(parents=True, exist_ok=True)
    bundle = folder / "bundle.pem"
    shutil.copy(trusted, bundle)
    return bundle


def test_the_bundle_is_read_once_not_for_every_new_connection(
    server: KeepAliveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the first connection the bundle on disk is replaced by one that does not trust
    the server: a new connection still verifies, because the store was loaded once. (The
    same replacement refuses requests' own per-connection loading: the check has teeth.)"""
    bundle = _bundle(tmp_path / "b", tmp_path / "cert.pem")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    ours = HttpClient(make_session(TEST_POLICY), TEST_POLICY)
    theirs = requests.Session()
    theirs.trust_env = False
    url = server.url("/api/v1/x")
    assert ours.get(url, headers=NEW_CONNECTION).status == 200
    assert theirs.get(url, headers=NEW_CONNECTION, verify=str(bundle)).status_code == 200

    shutil.copy(_fresh_certificate(tmp_path / "other"), bundle)  # trusts someone else now
    assert ours.get(url, headers=NEW_CONNECTION).status == 200
    assert server.accepted == 3, "each request on a new connection, a TLS handshake each"
    with pytest.raises(requests.exceptions.SSLError):
        theirs.get(url, headers=NEW_CONNECTION, verify=str(bundle))


def test_a_server_the_bundle_does_not_trust_is_refused(
    server: KeepAliveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = _bundle(tmp_path / "b", _fresh_certificate(tmp_path / "other"))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    client = HttpClient(make_session(TEST_POLICY), TEST_POLICY)
    with pytest.raises(CertificateRefused) as refused:
        client.get(server.url("/api/v1/x"))
    assert server.accepted == 1, "a certificate that does not verify is not tried again"
    blog = "https://blog.example.org/feed"
    assert error_texts.sentence("en", refused.value, "blog", blog) == (
        f"The site of {blog} has a security certificate that is not valid (expired, self-made or "
        "for another address), so I cannot read it safely. Once its owner renews it, send /link "
        "again."
    )
    german = error_texts.sentence("de", refused.value, "blog", blog)
    assert german.startswith(f"Die Seite von {blog} hat ein Sicherheitszertifikat, das nicht"), (
        german
    )
    assert "/link" in german


def test_a_handshake_that_breaks_off_is_not_a_certificate(tmp_path: Path) -> None:
    """A server that closes the connection during the handshake may answer next time: that
    is "could not be reached", asked again, not a refused certificate."""
    with keep_alive_servers(1) as (plain,):  # speaks no TLS: the handshake breaks off
        client = HttpClient(make_session(TEST_POLICY), TEST_POLICY)
        with pytest.raises(Unavailable) as failed:
            client.get(plain.url("/x").replace("http://", "https://"))
        assert not isinstance(failed.value, CertificateRefused)
        assert plain.accepted == 1 + TEST_POLICY.retries, "asked again, as any broken connection"


def test_a_certificate_for_another_name_is_refused(
    server: KeepAliveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The certificate names 127.0.0.1 only: reached as ``localhost`` it is not the host's."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(_bundle(tmp_path / "b", tmp_path / "cert.pem")))
    client = HttpClient(make_session(TEST_POLICY), TEST_POLICY)
    assert client.get(server.url("/ok")).status == 200
    with pytest.raises(Unavailable):
        client.get(server.url("/ok").replace("127.0.0.1", "localhost"))
    assert server.accepted == 2, "nor one for another name"


def test_no_request_turns_verification_off_or_elsewhere(
    server: KeepAliveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The context is shared by every connection of the process: a request asking for no
    verification, or for another bundle, would change it for all, so it is refused."""
    bundle = _bundle(tmp_path / "b", tmp_path / "cert.pem")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    session = make_session(TEST_POLICY)
    for verify in (False, str(tmp_path / "cert.pem")):
        with pytest.raises(ValueError, match="TLS verification"):
            session.get(server.url("/ok"), verify=verify)
    assert session.get(server.url("/ok"), verify=str(bundle)).status_code == 200
    assert trust(str(bundle)).context.verify_mode == ssl.CERT_REQUIRED
    assert trust(str(bundle)) is trust(), "one context per bundle and process"


def _fresh_certificate(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    cert, _ = local_certificate(folder)
    return cert


def test_through_a_proxy_the_same_context_verifies(monkeypatch: pytest.MonkeyPatch) -> None:
    """An operator's proxy (HTTPS_PROXY) tunnels to the sites: their certificates are checked
    against the same one context, not a context per connection."""
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    adapter = make_session(TEST_POLICY).get_adapter("https://example.org")
    manager = adapter.proxy_manager_for("http://proxy.internal:3128")
    assert manager.connection_pool_kw["ssl_context"] is trust().context
    assert adapter.poolmanager.connection_pool_kw["ssl_context"] is trust().context
