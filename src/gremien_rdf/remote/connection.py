"""Connections within a deadline: the name lookup, the connect and every read of one
attempt bounded by one clock (a watchdog shuts a socket that runs over); no redirect is
followed."""

from __future__ import annotations

import contextlib
import functools
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from typing import Any


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None  # urllib then raises the 3xx as an HTTPError


class _Deadline:
    """The end of one attempt: a watchdog shuts down its sockets when it passes."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True
        self.timer.start()

    def left(self) -> float:
        return max(self.end - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self.timer.cancel()


def _connect(deadline: _Deadline, address: tuple[str, int], timeout: float | None = None,
             source_address: tuple[str, int] | None = None) -> socket.socket:
    """socket.create_connection within the deadline, the name lookup too (getaddrinfo has
    no timeout of its own: it runs in a thread that is left behind if it takes too long)."""
    found: dict[str, Any] = {}

    def resolve() -> None:
        try:
            found["addresses"] = socket.getaddrinfo(address[0], address[1],
                                                    type=socket.SOCK_STREAM)
        except OSError as error:
            found["error"] = error

    lookup = threading.Thread(target=resolve, daemon=True)
    lookup.start()
    lookup.join(deadline.left())
    if lookup.is_alive():
        raise TimeoutError(f"the name {address[0]} was not resolved within "
                           f"{deadline.seconds:g} s")
    if "error" in found:
        raise found["error"]
    last: OSError | None = None
    for family, kind, protocol, _, where in found["addresses"]:
        sock = socket.socket(family, kind, protocol)
        try:
            sock.settimeout(min(timeout or deadline.left(), deadline.left()))
            if source_address:
                sock.bind(source_address)
            sock.connect(where)
            return sock
        except OSError as error:
            last = error
            sock.close()
    raise last or OSError(f"no address for {address[0]}")


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """An opener whose connections report their sockets to `deadline`."""

    def watched(base: type[http.client.HTTPConnection]) -> type[http.client.HTTPConnection]:
        class Connection(base):  # type: ignore[valid-type,misc]
            timeout: float | None

            def connect(self) -> None:
                self.timeout = min(self.timeout or deadline.left(), deadline.left())
                self._create_connection = functools.partial(_connect, deadline)
                super().connect()
                deadline.watch(self.sock)
        return Connection

    class HTTP(urllib.request.HTTPHandler):
        def http_open(self, req):  # noqa: D102
            return self.do_open(watched(http.client.HTTPConnection), req)

    class HTTPS(urllib.request.HTTPSHandler):
        def https_open(self, req):  # noqa: D102
            return self.do_open(watched(http.client.HTTPSConnection), req,
                                context=self._context)

    return urllib.request.build_opener(_NoRedirects, HTTP, HTTPS)
