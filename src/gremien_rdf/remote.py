"""Talking to a SPARQL server: one HTTP request with credentials, a timeout and retries.

Credentials come from GREMIEN_RDF_USER and GREMIEN_RDF_PASSWORD, or else from the netrc
file (NETRC or ~/.netrc) entry of the server's host; they go only in answer to a 401 that
asks for them, as Digest or Basic as the server asks (see httpauth), and are never written
into a message. A URL with user:password@ in it is refused, so that a password does not end
up in shell histories and CI logs.

Failures of the server (unreachable, too slow, an HTTP error, an answer that is not HTTP)
are RemoteError: exit code 3. Connection errors, timeouts and the answers 429, 502, 503 and
504 are tried again, after 0.5 s, 1 s, 2 s, …; every other answer is final. Only idempotent
requests (GET, PUT, and POSTed queries) go through here, so that trying again cannot do a
thing twice. Redirects are not followed: a server that redirects is named with its new
address in the message, and credentials never travel to a host the user did not name.
"""

from __future__ import annotations

import http.client
import netrc
import os
import re
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from gremien_rdf.errors import InputError, Problem, fail
from gremien_rdf.httpauth import authorization

USER_VAR = "GREMIEN_RDF_USER"
PASSWORD_VAR = "GREMIEN_RDF_PASSWORD"
RETRY_STATUS = (429, 502, 503, 504)


class RemoteError(InputError):
    """The server could not be reached or answered with an error; the CLI exits with 3."""


def remote_failure(message: str, hint: str) -> RemoteError:
    return RemoteError([Problem(None, message, hint)])


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None  # urllib then raises the 3xx as an HTTPError


_OPENER = urllib.request.build_opener(_NoRedirects)


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


@dataclass(frozen=True)
class Server:
    """How to talk to one server: per-request timeout (s) and how often to try again."""

    timeout: float = 30.0
    retries: int = 2

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, what: str = "the server") -> Response:
        """The server's answer to one request; RemoteError once all attempts failed."""
        check_url(url)
        headers = dict(headers or {})
        login = credentials(url)
        shown = redact(url)
        attempts = self.retries + 1
        last = ""
        for attempt in range(attempts):
            if attempt:
                time.sleep(min(0.5 * 2 ** (attempt - 1), 8.0))
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with _open(request, self.timeout, login) as answer:
                    return Response(answer.status, answer.headers.get("Content-Type", ""),
                                    answer.read())
            except urllib.error.HTTPError as error:
                detail = error.read().decode("utf-8", "replace").strip()[:300]
                last = f"{what} answered {error.code} {error.reason}" + (
                    f": {detail}" if detail else "")
                if 300 <= error.code < 400:
                    where = error.headers.get("Location", "?")
                    raise remote_failure(f"{method} {shown}: {what} redirects to {where}",
                                         "use the address it redirects to") from None
                if error.code not in RETRY_STATUS:
                    raise remote_failure(f"{method} {shown}: {last}",
                                         _status_hint(error.code, login is not None)) from None
            except http.client.HTTPException as error:  # not HTTP, or cut short
                last = f"{what} did not answer in HTTP ({type(error).__name__}: {error})"
            except TimeoutError:
                last = f"no answer from {what} within {self.timeout:g} s"
            except (urllib.error.URLError, OSError) as error:
                reason = getattr(error, "reason", error)
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    last = f"no answer from {what} within {self.timeout:g} s"
                else:
                    last = f"cannot reach {what}: {reason}"
        tries = f" ({attempts} attempts)" if attempts > 1 else ""
        raise remote_failure(f"{method} {shown}: {last}{tries}",
                             "check the URL and that the server is running; --timeout and "
                             "--retries give a slow server more time")


def _open(request: urllib.request.Request, timeout: float, login: tuple[str, str] | None):
    """urllib's answer to `request`. A 401 that asks for credentials is answered once, in
    the scheme it names (Digest or Basic), if there are credentials; the second answer is
    final. A request with a body asks first (see _authorize_before_the_body)."""
    if request.data is not None:
        _authorize_before_the_body(request, timeout, login)
    try:
        return _OPENER.open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        if error.code != 401 or login is None or request.has_header("Authorization"):
            raise
        answer = authorization(error.headers.get_all("WWW-Authenticate") or [],
                               request.get_method(), request.selector, *login)
        if answer is None:
            raise
        error.close()
    request.add_unredirected_header("Authorization", answer)
    return _OPENER.open(request, timeout=timeout)


def _authorize_before_the_body(request: urllib.request.Request, timeout: float,
                               login: tuple[str, str] | None) -> None:
    """Give `request` the Authorization header its server asks for, found out with HEAD,
    which has no body: first without credentials, then with them. A 401 without
    credentials to send, or a 401 to the credentials, is raised (HTTPError) and the body is
    never sent. If HEAD is not asked for credentials, nothing is added.

    So a body goes once, and only where authentication will not turn it away: Virtuoso
    answers a PUT it will not take before it reads the body, and closes the connection,
    which the client sees as a broken pipe instead of the 401."""
    probe = urllib.request.Request(request.full_url, method="HEAD")
    try:
        _OPENER.open(probe, timeout=timeout).close()
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
        _OPENER.open(probe, timeout=timeout).close()
    except urllib.error.HTTPError as error:
        error.close()
        if error.code == 401:
            raise
    request.add_unredirected_header("Authorization", authorization(
        challenges, request.get_method(), request.selector, *login, count=2))


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


def check_url(url: str) -> None:
    """An InputError (exit 2) for a URL we cannot use."""
    from gremien_rdf.namespaces import check_iri

    problem = check_iri(url)
    if not problem and not url.isascii():
        problem = "it contains characters that are not ASCII; percent-encode them"
    if not problem:
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
        except ValueError as error:
            problem = str(error)
        else:
            if parts.fragment or "#" in url:
                problem = "it has a fragment (#…), which is never sent to a server"
    if problem:
        raise fail(None, f"the URL {redact(url)!r} cannot be used: {problem}",
                   "pass the full URL of the server, e.g. http://localhost:7878/store")
    if urlsplit(url).username is not None:
        raise fail(None, f"the URL {redact(url)} carries credentials",
                   f"remove user:password@ from it; set {USER_VAR} and {PASSWORD_VAR}, or use "
                   "~/.netrc")


def with_parameter(url: str, name: str, value: str) -> str:
    """`url` with the query parameter `name`=`value` added; InputError if it has it already."""
    check_url(url)
    parts = urlsplit(url)
    if any(key in (name, "graph", "default", "default-graph-uri", "named-graph-uri")
           for key, _ in parse_qsl(parts.query, keep_blank_values=True)):
        raise fail(None, f"the URL {redact(url)} already names a graph in its query string",
                   "leave it out of the URL and give the graph with --graph")
    query = f"{parts.query}&" if parts.query else ""
    return urlunsplit(parts._replace(query=query + urlencode({name: value})))


IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def check_graph_iri(graph: str) -> None:
    """An InputError unless `graph` is an absolute IRI (http, https, urn, …)."""
    from gremien_rdf.namespaces import IRI_FORBIDDEN

    if not IRI_SCHEME.match(graph) or IRI_FORBIDDEN.search(graph) or "#" in graph:
        raise fail(None, f"--graph {graph!r} is not an absolute IRI without a fragment",
                   "give one such as https://example.org/graph/gremien or urn:x-gremien:1")


def redact(url: str) -> str:
    """`url` without user and password."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def credentials(url: str) -> tuple[str, str] | None:
    """The user and password for `url`: from the environment, else from netrc."""
    user, password = os.environ.get(USER_VAR), os.environ.get(PASSWORD_VAR)
    if user is None and password is None:
        host = urlsplit(url).hostname or ""
        path = os.environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
        if not os.path.isfile(path):
            return None
        try:
            hosts = netrc.netrc(path).hosts  # a "default" entry is for no host: not used
        except (netrc.NetrcParseError, OSError) as error:
            raise fail(None, f"cannot read the netrc file {path}: "
                       f"{getattr(error, 'msg', error)}", "fix or remove the file") from None
        if host not in hosts:
            return None
        user, _, password = hosts[host]
    if not user or password is None:
        raise fail(None, f"{USER_VAR} and {PASSWORD_VAR} must be set together",
                   "set both, or neither")
    return user, password
