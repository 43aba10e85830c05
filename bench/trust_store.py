"""The trust store: what a new HTTPS connection costs when the CA bundle is loaded for it.

    .venv/bin/python -m bench.trust_store [--requests 300]

A deployment verifies the platforms' certificates against a CA bundle of about 140 roots
(certifi's, which requests uses, or the system's). Left to requests and urllib3, every new TLS
connection builds a TLS context and loads that whole bundle again; the sources' sessions load
it once per process (scoring/sources/connections.py). This serves one local HTTPS server with
a throw-away certificate, trusted through a bundle of certifi's roots plus that certificate,
and sends ``--requests`` GETs that each open a new connection (``Connection: close``): once
through a plain ``requests.Session`` naming the bundle (before) and once through the sources'
own session and client (now), side by side in one process. Reported: the requesting thread's
CPU per request (``time.thread_time``: the server's threads not counted).
"""

from __future__ import annotations

import argparse
import os
import ssl
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import requests

from scoring.sources.http import HttpClient, HttpPolicy, make_session
from tests.fakes.keep_alive import keep_alive_servers
from tests.fakes.tls import deployment_bundle, local_certificate

CLOSE = {"Connection": "close"}


def _cpu_per_request(send: Callable[[], int], requests_: int) -> float:
    send()  # warm: imports, the first context
    start = time.thread_time()
    for _ in range(requests_):
        assert send() == 200
    return (time.thread_time() - start) / requests_ * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cert, key = local_certificate(Path(folder))
        bundle = deployment_bundle(Path(folder), cert)
        count = bundle.read_text().count("BEGIN CERTIFICATE")
        server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_context.load_cert_chain(cert, key)
        with keep_alive_servers(1, server_context) as (server,):
            url = server.url("/api/v1/x")
            plain = requests.Session()
            plain.trust_env = False
            before = _cpu_per_request(
                lambda: plain.get(url, headers=CLOSE, verify=str(bundle)).status_code,
                args.requests,
            )
            os.environ["REQUESTS_CA_BUNDLE"] = str(bundle)
            client = HttpClient(make_session(HttpPolicy()), HttpPolicy())
            after = _cpu_per_request(lambda: client.get(url, headers=CLOSE).status, args.requests)
            opened = server.accepted
    print(f"{args.requests} requests, each on a new TLS connection; a bundle of {count} roots")
    print("| session | CPU per request (a TLS handshake each) |")
    print("|---|---|")
    print(f"| requests, the bundle loaded per connection (before) | {before:.2f} ms |")
    print(f"| the sources' session, the bundle loaded once (now) | {after:.2f} ms |")
    print(f"connections accepted: {opened:,}")


if __name__ == "__main__":
    main()
