"""Connection reuse: what keeping connections to many hosts saves a source reading many.

    .venv/bin/python -m bench.connection_reuse [--hosts 40] [--requests 2000]

A Mastodon source reads users on many instances, most of them on a few large ones. This serves
``--hosts`` local HTTPS servers that keep connections open (HTTP/1.1, TLS with a throw-away
certificate), then sends ``--requests`` GETs through the sources' own session and client
(``make_session``, ``HttpClient``) to hosts drawn from a Zipf-like distribution (the k-th host
drawn in proportion to 1/k), once with the pool keeping 4 hosts (before) and once with
``HOSTS_KEPT``, side by side in one process. Reported: connections opened (TLS handshakes) and
the requesting thread's CPU per request (``time.thread_time``: the servers' threads not counted).
"""

from __future__ import annotations

import argparse
import os
import random
import ssl
import tempfile
import time
from pathlib import Path

from scoring.sources.http import HOSTS_KEPT, POOL_SIZE, HttpClient, HttpPolicy, make_session
from tests.fakes.keep_alive import KeepAliveServer, keep_alive_servers
from tests.fakes.tls import local_certificate


def _run(
    servers: list[KeepAliveServer], draws: list[int], bundle: Path, hosts_kept: int
) -> tuple[int, float]:
    os.environ["REQUESTS_CA_BUNDLE"] = str(bundle)  # the local certificate, as an operator's bundle
    session = make_session(HttpPolicy())
    if hosts_kept != HOSTS_KEPT:  # the same adapter, keeping fewer hosts
        adapter = session.get_adapter("https://")
        session.mount(
            "https://",
            type(adapter)(
                max_retries=adapter.max_retries, pool_connections=hosts_kept, pool_maxsize=POOL_SIZE
            ),
        )
    client = HttpClient(session, HttpPolicy())
    before = sum(server.accepted for server in servers)
    start = time.thread_time()
    for index in draws:
        client.get(servers[index].url("/api/v1/x"))
    cpu = time.thread_time() - start
    session.close()
    return sum(server.accepted for server in servers) - before, cpu / len(draws) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=40)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 (a simulation's draw)
    weights = [1 / (k + 1) for k in range(args.hosts)]
    draws = rng.choices(range(args.hosts), weights, k=args.requests)
    kept = HOSTS_KEPT
    with tempfile.TemporaryDirectory() as folder:
        cert, key = local_certificate(Path(folder))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        with keep_alive_servers(args.hosts, context) as servers:
            before = _run(servers, draws, cert, 4)
            after = _run(servers, draws, cert, kept)
    print(f"{args.requests} requests to {args.hosts} hosts (the k-th drawn in proportion to 1/k)")
    print("| hosts kept | connections opened (TLS handshakes) | CPU per request |")
    print("|---|---|---|")
    for label, (opened, cpu) in (("4 (before)", before), (f"{kept} (now)", after)):
        print(f"| {label} | {opened:,} | {cpu:.2f} ms |")


if __name__ == "__main__":
    main()
