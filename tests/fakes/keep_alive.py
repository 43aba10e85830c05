"""Local servers that keep connections open, as real platforms do (the platform fakes close
each one): they count the connections they accept and note which one served each request."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: KeepAliveServer

    def do_GET(self) -> None:
        self.server.served.append(self.client_address[1])
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: Any) -> None:
        pass


class KeepAliveServer(ThreadingHTTPServer):
    """Answers every GET with ``{}`` over one kept connection per client."""

    daemon_threads = True

    def __init__(self, context: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        if context is not None:
            self.socket = context.wrap_socket(self.socket, server_side=True)
        self.accepted = 0  # connections (with TLS: handshakes)
        self.served: list[int] = []  # the client port of each request's connection

    def get_request(self) -> Any:
        self.accepted += 1
        return super().get_request()

    def url(self, path: str = "/") -> str:
        scheme = "https" if isinstance(self.socket, ssl.SSLSocket) else "http"
        return f"{scheme}://127.0.0.1:{self.server_address[1]}{path}"


@contextmanager
def keep_alive_servers(
    count: int, context: ssl.SSLContext | None = None
) -> Iterator[list[KeepAliveServer]]:
    """``count`` such servers, running while the block runs."""
    servers = [KeepAliveServer(context) for _ in range(count)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield servers
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
