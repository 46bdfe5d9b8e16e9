"""HTTP authentication: the Authorization header that answers a server's challenge.

Credentials go only in answer to a 401 that asks for them, in the scheme the server names
(WWW-Authenticate): Digest (RFC 7616: MD5 or SHA-256, plain or -sess, qop=auth) when it
offers Digest, else Basic (RFC 7617). A server that wants Digest, such as Virtuoso's
/sparql-graph-crud-auth, never sees the password, not even base64-encoded. A 401 that names
no scheme (RFC 9110 says it must) gets Basic, as every request did before Digest came.

urllib's own HTTPDigestAuthHandler is not used: it knows neither SHA-256 nor -sess, reads
only the first WWW-Authenticate header, fails on a password that is not ASCII or a scheme
such as Negotiate offered first, and repeats a request whose credentials are refused, body
and all, six times before it gives up.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from urllib.parse import quote

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_PARAM = re.compile(rf'\s*({_TOKEN})\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*)\s*(?:,|$)')
_SCHEME = re.compile(rf"[\s,]*({_TOKEN})(?:\s+[A-Za-z0-9._~+/-]+=*(?=\s*(?:,|$)))?\s*,?")
#: Digest algorithms we answer, strongest first
_ALGORITHMS = {"SHA-256": hashlib.sha256, "SHA-256-SESS": hashlib.sha256,
               "MD5": hashlib.md5, "MD5-SESS": hashlib.md5}


def challenges(values: list[str]) -> list[tuple[str, dict[str, str]]]:
    """The challenges in WWW-Authenticate header values: (scheme in lower case, parameters
    with lower-case names and unquoted values), in the order the server gave them."""
    found: list[tuple[str, dict[str, str]]] = []
    for value in values:
        position = 0
        while position < len(value):
            param = _PARAM.match(value, position)
            if param and found:
                raw = param.group(2)
                if raw.startswith('"'):
                    raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
                found[-1][1][param.group(1).lower()] = raw
                position = param.end()
                continue
            scheme = _SCHEME.match(value, position)
            if not scheme or scheme.end() == position:
                break  # not a challenge we can read: keep what we have
            found.append((scheme.group(1).lower(), {}))
            position = scheme.end()
    return found


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def digest(params: dict[str, str], method: str, target: str, user: str, password: str,
           count: int = 1, cnonce: str | None = None) -> str | None:
    """The Digest answer (RFC 7616) to one challenge; None if we cannot answer it (an
    algorithm we do not know, or only qop=auth-int). `target` is the request's path and
    query, as sent; `count` says how many requests have used this nonce, this one included;
    `cnonce` is random unless given (for tests)."""
    algorithm = params.get("algorithm", "MD5").upper()
    if algorithm not in _ALGORITHMS or "nonce" not in params:
        return None
    offered = [q.strip().lower() for q in params.get("qop", "").split(",") if q.strip()]
    if offered and "auth" not in offered:
        return None

    def h(text: str) -> str:
        return _ALGORITHMS[algorithm](text.encode("utf-8")).hexdigest()

    realm, nonce = params.get("realm", ""), params["nonce"]
    cnonce = cnonce or secrets.token_hex(16)
    secret = h(f"{user}:{realm}:{password}")
    if algorithm.endswith("-SESS"):
        secret = h(f"{secret}:{nonce}:{cnonce}")
    request = h(f"{method}:{target}")
    if offered:
        response = h(f"{secret}:{nonce}:{count:08x}:{cnonce}:auth:{request}")
    else:  # RFC 2069, before qop
        response = h(f"{secret}:{nonce}:{request}")
    name = (f"username={_quoted(user)}" if user.isascii()
            else f"username*=UTF-8''{quote(user, safe='')}")
    fields = [name, f"realm={_quoted(realm)}", f"nonce={_quoted(nonce)}",
              f"uri={_quoted(target)}", f"algorithm={params.get('algorithm', 'MD5')}",
              f"response={_quoted(response)}"]
    if "opaque" in params:
        fields.append(f"opaque={_quoted(params['opaque'])}")
    if offered:
        fields += ["qop=auth", f"nc={count:08x}", f"cnonce={_quoted(cnonce)}"]
    return "Digest " + ", ".join(fields)


def authorization(header_values: list[str], method: str, target: str, user: str,
                  password: str, count: int = 1) -> str | None:
    """The Authorization header that answers the strongest challenge in a 401's
    WWW-Authenticate headers (Digest before Basic); Basic if the 401 names no scheme; None
    if it asks only for schemes we do not speak (Bearer, Negotiate, …)."""
    offered = challenges(header_values)
    if not offered:
        return basic(user, password)
    for algorithm in _ALGORITHMS:
        for scheme, params in offered:
            if scheme == "digest" and params.get("algorithm", "MD5").upper() == algorithm:
                answer = digest(params, method, target, user, password, count)
                if answer:
                    return answer
    if any(scheme == "basic" for scheme, _ in offered):
        return basic(user, password)
    return None
