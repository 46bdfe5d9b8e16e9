"""Talking to a SPARQL server: one HTTP request with credentials, a deadline and retries.

Credentials come from GREMIEN_RDF_USER and GREMIEN_RDF_PASSWORD, or else from the netrc
file (NETRC or ~/.netrc) entry of the server's host; they go only in answer to a 401 that
asks for them, as Digest or Basic as the server asks (see httpauth), and are never written
into a message. A URL with user:password@ in it is refused, so that a password does not end
up in shell histories and CI logs.

Every attempt has a deadline (`Server.timeout`, seconds) for all of it: connecting, sending,
and reading the whole answer. A server that trickles its answer byte by byte is cut off
when the deadline passes (a watchdog shuts the socket down), not only one that falls
silent. An answer larger than `Server.max_bytes` is refused while it is read, before it can
fill the memory.

Failures of the server (unreachable, too slow, an HTTP error, an answer that is not HTTP or
too large) are RemoteError: exit code 3. Connection errors, timeouts, the answers 429, 502,
503 and 504, and an answer cut off or too slow while it arrives (for a stream: until it
begins) are tried again, after 0.5 s, 1 s, 2 s, …; every other answer is final.
Only idempotent requests (GET, PUT, and POSTed queries) go through here, so that trying
again cannot do a thing twice. Redirects are not followed: a server that redirects is named
with its new address in the message, and credentials never travel to a host the user did
not name.

Text that comes from a server (an error page, a reason phrase, a header) reaches a message
only through `server_text`: credentials redacted, shortened, and shown with control
characters escaped (errors.Problem escapes them), so that an error page that echoes the
request cannot print the password into a CI log, nor rewrite the user's terminal.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

from gremien_rdf.errors import Problem, RemoteError, option
from gremien_rdf.remote.connection import _Deadline, _opener
from gremien_rdf.remote.httpauth import authorization
from gremien_rdf.remote.secrets import (
    DETAIL_CHARS,
    PASSWORD_VAR,
    USER_VAR,
    credentials,
    redact,
    server_text,
)
from gremien_rdf.remote.urls import check_url

RETRY_STATUS = (429, 502, 503, 504)
#: the largest answer read from a server, unless the caller says otherwise (SPARQL JSON
#: results can take several times their size in memory while pyoxigraph parses them)
MAX_BYTES = 512 << 20



def remote_failure(message: str, hint: str) -> RemoteError:
    return RemoteError([Problem(None, server_text(message, 10 * DETAIL_CHARS), hint)])



@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


class _Transient(RemoteError):
    """A failure that another attempt may not meet: no answer in time, a connection cut
    off or refused, a busy server (429, 502, 503, 504)."""


class Reader:
    """A binary stream made of its `read`: what a parser that reads as it goes needs."""

    def read(self, size: int = -1) -> bytes:
        raise NotImplementedError

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readable(self) -> bool:
        return True


class Answer(Reader):
    """An answer being read: a binary stream that stops at the byte limit (RemoteError)
    and at the deadline (a _Transient RemoteError), for parsers that read as they go."""

    def __init__(self, raw, deadline: _Deadline, limit: int, describe: str):
        self.raw = raw
        self.deadline = deadline
        self.limit = limit
        self.count = 0
        self.describe = describe
        self.status = raw.status
        self.content_type = raw.headers.get("Content-Type", "")

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return self.read_all()
        try:
            data = self.raw.read(min(size, 1 << 16, self.limit - self.count + 1))
        except (OSError, http.client.HTTPException) as error:
            raise self._failure(error) from None
        self.count += len(data)
        if self.count > self.limit:
            raise remote_failure(f"{self.describe}: the answer is larger than "
                                 f"{_size(self.limit)}; it was not read to the end",
                                 "ask for less (LIMIT, a narrower query), or allow more "
                                 f"with {option('max-size')}")
        if self.deadline.expired:
            raise self._failure(TimeoutError())
        return data

    def read_all(self) -> bytes:
        chunks = []
        while chunk := self.read(1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)

    def _failure(self, error: BaseException) -> _Transient:
        if self.deadline.expired or isinstance(error, TimeoutError):
            message = (f"the answer did not arrive within {self.deadline.seconds:g} s",
                       f"give the server more time with {option('timeout')}")
        else:
            message = (f"the answer was cut off ({type(error).__name__}: {error})",
                       "check that the server is running, and try again")
        return _transient(f"{self.describe}: {message[0]}", message[1])


def _size(count: int) -> str:
    return f"{count / (1 << 20):,.0f} MiB" if count >= 1 << 20 else f"{count:,} bytes"


#: what a failure of the server is called after the attempts, and how to fix it
GIVE_UP = (f"check the URL and that the server is running; {option('timeout')} and "
           f"{option('retries')} give a slow server more time")


@dataclass(frozen=True)
class Server:
    """How to talk to one server: the deadline of each attempt (s), how often to try
    again, and the largest answer to read (bytes)."""

    timeout: float = 30.0
    retries: int = 2
    max_bytes: int = MAX_BYTES

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, what: str = "the server") -> Response:
        """The server's whole answer to one request; RemoteError once all attempts failed.
        An answer cut off or too slow while its body arrives is tried again too."""
        last = None
        for attempt in range(self.retries + 1):
            self._pause(attempt)
            try:
                with self._attempt(method, url, body, headers, what) as answer:
                    return Response(answer.status, answer.content_type, answer.read_all())
            except _Transient as failure:
                last = failure
        raise self._gave_up(last)

    @contextlib.contextmanager
    def open(self, method: str, url: str, body: bytes | None = None,
             headers: dict[str, str] | None = None, what: str = "the server"
             ) -> Iterator[Answer]:
        """The server's answer to one request, to be read as a stream within the same
        deadline; RemoteError once all attempts failed. Tried again until the answer
        begins; once its body is handed on, a failure is final (the reader has part of it)."""
        last = None
        for attempt in range(self.retries + 1):
            self._pause(attempt)
            one = self._attempt(method, url, body, headers, what)
            try:
                answer = one.__enter__()
            except _Transient as failure:
                last = failure
                continue
            with contextlib.ExitStack() as stack:
                stack.push(one)  # its exit closes the answer and stops the deadline
                yield answer
            return
        raise self._gave_up(last)

    def _pause(self, attempt: int) -> None:
        if attempt:
            time.sleep(min(0.5 * 2 ** (attempt - 1), 8.0))

    def _gave_up(self, last: _Transient | None) -> RemoteError:
        problem = last.problems[0] if last else Problem(None, "no attempt was made", GIVE_UP)
        tries = f" ({self.retries + 1} attempts)" if self.retries else ""
        return RemoteError([Problem(None, problem.message_template + tries,
                                    problem.hint_template)])

    @contextlib.contextmanager
    def _attempt(self, method: str, url: str, body: bytes | None,
                 headers: dict[str, str] | None, what: str) -> Iterator[Answer]:
        """One attempt, within one deadline: the answer, or _Transient for a failure worth
        another attempt, or RemoteError for a final one (an error the server means)."""
        check_url(url)
        login = credentials(url)
        shown = f"{method} {redact(url)}"
        request = urllib.request.Request(url, data=body, method=method,
                                         headers=dict(headers or {}))
        deadline = _Deadline(self.timeout)
        try:
            try:
                raw = _open(_opener(deadline), request, deadline, login)
            except urllib.error.HTTPError as error:
                try:
                    raise _refusal(error, shown, what, login is not None) from None
                finally:
                    error.close()  # (a HEAD probe's error is closed already)
            except http.client.HTTPException as error:  # not HTTP, or cut short
                raise _transient(f"{shown}: no answer from {what} within {self.timeout:g} s"
                                 if deadline.expired else
                                 f"{shown}: {what} did not answer in HTTP "
                                 f"({type(error).__name__}: {error})") from None
            except (urllib.error.URLError, OSError) as error:
                reason = getattr(error, "reason", error)
                if deadline.expired or isinstance(reason, TimeoutError | socket.timeout):
                    raise _transient(f"{shown}: no answer from {what} within "
                                     f"{self.timeout:g} s") from None
                raise _transient(f"{shown}: cannot reach {what}: {reason}") from None
            with raw:
                yield Answer(raw, deadline, self.max_bytes, f"{shown}: {what}")
        finally:
            deadline.cancel()


def _transient(message: str, hint: str = GIVE_UP) -> _Transient:
    return _Transient([Problem(None, server_text(message, 10 * DETAIL_CHARS), hint)])


def _refusal(error: urllib.error.HTTPError, shown: str, what: str,
             have_credentials: bool) -> RemoteError:
    """The RemoteError for an HTTP error answer (its page read within the deadline that is
    still running): _Transient for 429, 502, 503 and 504, final otherwise."""
    detail = server_text(_read_some(error))
    said = f"{shown}: {what} answered {error.code} {server_text(str(error.reason), 80)}" + (
        f": {detail}" if detail else "")
    if 300 <= error.code < 400:
        where = server_text(error.headers.get("Location", "?"), 200)
        return remote_failure(f"{shown}: {what} redirects to {where}",
                              "use the address it redirects to")
    if error.code in RETRY_STATUS:
        return _transient(said)
    return remote_failure(said, _status_hint(error.code, have_credentials))


def _read_some(error: urllib.error.HTTPError) -> bytes:
    """The start of an error page (never all of it: it comes from the server)."""
    try:
        return error.read(4 * DETAIL_CHARS)
    except (OSError, ValueError, http.client.HTTPException):  # ValueError: read already
        return b""


def _open(opener: urllib.request.OpenerDirector, request: urllib.request.Request,
          deadline: _Deadline, login: tuple[str, str] | None):
    """urllib's answer to `request`. A 401 that asks for credentials is answered once, in
    the scheme it names (Digest or Basic), if there are credentials; the second answer is
    final. An upload (PUT) asks first (see _authorize_before_the_body). All of it within
    one deadline."""
    if request.get_method() == "PUT":
        _authorize_before_the_body(opener, request, deadline, login)
    try:
        return opener.open(request, timeout=deadline.left())
    except urllib.error.HTTPError as error:
        if error.code != 401 or login is None or (request.has_header("Authorization")
                                                  and not _stale(error)):
            raise
        _answer(error, request, login)
    try:
        return opener.open(request, timeout=deadline.left())
    except urllib.error.HTTPError as error:
        if error.code != 401 or not _stale(error):
            raise
        _answer(error, request, login)  # the nonce expired on the way (RFC 7616): once more
    return opener.open(request, timeout=deadline.left())


def _answer(error: urllib.error.HTTPError, request: urllib.request.Request,
            login: tuple[str, str]) -> None:
    """Give `request` the Authorization header that answers the challenge of `error` (a
    401); re-raise `error` if there is none we can give (a scheme we do not know)."""
    answer = authorization(error.headers.get_all("WWW-Authenticate") or [],
                           request.get_method(), request.selector, *login)
    if answer is None:
        raise error
    error.close()
    request.add_unredirected_header("Authorization", answer)


def _stale(error: urllib.error.HTTPError) -> bool:
    """Whether a 401 says only that the Digest nonce expired (stale=true), not that the
    credentials are wrong."""
    from gremien_rdf.remote.httpauth import challenges

    return any(scheme == "digest" and params.get("stale", "").lower() == "true"
               for scheme, params in challenges(error.headers.get_all("WWW-Authenticate")
                                                or []))


def _authorize_before_the_body(opener: urllib.request.OpenerDirector,
                               request: urllib.request.Request, deadline: _Deadline,
                               login: tuple[str, str] | None) -> None:
    """Give `request` the Authorization header its server asks for, found out with HEAD,
    which has no body: first without credentials, then with them. A 401 without
    credentials to send, or a 401 to the credentials, is raised (HTTPError) and the body is
    never sent. If HEAD is not asked for credentials, nothing is added.

    So an upload goes once, and only where authentication will not turn it away: Virtuoso
    answers a PUT it will not take before it reads the body, and closes the connection,
    which the client sees as a broken pipe instead of the 401. (A query's body is small
    enough to be sent whole before such an answer, so queries need no probe.)"""
    probe = urllib.request.Request(request.full_url, method="HEAD")
    try:
        opener.open(probe, timeout=deadline.left()).close()
        return
    except urllib.error.HTTPError as error:
        error.close()
        if error.code != 401:
            return
        if login is None:
            raise
        challenges = error.headers.get_all("WWW-Authenticate") or []
    answer = authorization(challenges, "HEAD", probe.selector, *login)
    if answer is None:
        return
    probe.add_unredirected_header("Authorization", answer)
    try:
        opener.open(probe, timeout=deadline.left()).close()
    except urllib.error.HTTPError as error:
        error.close()
        if error.code == 401 and not _stale(error):
            raise
        if error.code == 401:  # a new nonce: the upload answers that
            _answer(error, request, login)
            return
    answer = authorization(challenges, request.get_method(), request.selector, *login, count=2)
    if answer is not None:
        request.add_unredirected_header("Authorization", answer)


def _status_hint(status: int, have_credentials: bool = False) -> str:
    if status == 401 and have_credentials:
        return (f"the server refused the user and password from {USER_VAR} and "
                f"{PASSWORD_VAR} (or ~/.netrc), or asks for a scheme other than Digest or "
                "Basic: check them")
    if status == 401:
        return (f"the server wants credentials: set {USER_VAR} and {PASSWORD_VAR}, or add the "
                "host to your ~/.netrc")
    if status == 403:
        return ("the server does not let this user (or anyone anonymous) do this: check the "
                "user's rights (Virtuoso: the role SPARQL_UPDATE) and use the URL that asks for "
                "credentials (Virtuoso: /sparql-graph-crud-auth)")
    if status in (404, 405, 501):
        return ("check the URL: publish needs the server's Graph Store Protocol URL "
                "(Oxigraph: /store, Fuseki: /DATASET/data, GraphDB: "
                "/repositories/ID/rdf-graphs/service, Virtuoso: /sparql-graph-crud-auth), a "
                "query needs its SPARQL query URL")
    if status == 413:
        return "the server refuses a body this large; raise its upload limit"
    return "see the server's message"


