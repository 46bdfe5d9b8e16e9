"""Credentials for servers (the environment, else netrc) and their redaction: a password,
in every form a server may echo it, never reaches a message."""

from __future__ import annotations

import base64
import netrc
import os
import re
from urllib.parse import quote, urlsplit, urlunsplit

from gremien_rdf.errors import environment, fail

USER_VAR = "GREMIEN_RDF_USER"


PASSWORD_VAR = "GREMIEN_RDF_PASSWORD"


#: how much of an error page a message quotes
DETAIL_CHARS = 300


#: the secrets of this process (password, token, header), redacted from every server text
_SECRETS: set[str] = set()


_AUTHORIZATION = re.compile(r"(?i)(\b(?:proxy-)?authorization\s*[:=]\s*)\S+(?:[ \t]+\S+)?")


def server_text(text: str | bytes, limit: int = DETAIL_CHARS) -> str:
    """Text from a server, fit for a message: credentials redacted, at most `limit`
    characters (control characters are escaped when the message is shown)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    text = _AUTHORIZATION.sub(r"\1***", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def redact(url: str) -> str:
    """`url` without user and password."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def credentials(url: str) -> tuple[str, str] | None:
    """The user and password for `url`: from the environment, else from netrc. Both, and
    the forms they take in a request, are redacted from every text of a server."""
    user, password = environment(USER_VAR), environment(PASSWORD_VAR)
    if user is None and password is None:
        host = urlsplit(url).hostname or ""
        path = os.environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
        if not os.path.isfile(path):
            return None
        try:
            hosts = netrc.netrc(path).hosts  # a "default" entry is for no host: not used
        except (UnicodeDecodeError, ValueError):
            raise fail(None, f"cannot read the netrc file {path}: it is not UTF-8 text",
                       "save it as UTF-8") from None
        except netrc.NetrcParseError as error:  # its message may quote a password: not shown
            raise fail(None, f"cannot read the netrc file {path}: line {error.lineno} is not "
                       "in netrc form", "fix or remove the file (a password with a space "
                       "must be quoted)") from None
        except OSError as error:
            raise fail(None, f"cannot read the netrc file {path}: {error.strerror}",
                       "fix or remove the file") from None
        if host not in hosts:
            return None
        user, _, password = hosts[host]
    if not user or password is None:
        raise fail(None, f"{USER_VAR} and {PASSWORD_VAR} must be set together",
                   "set both, or neither")
    for name, value in ((USER_VAR, user), (PASSWORD_VAR, password)):
        if any(ord(character) < 32 or ord(character) == 127 for character in value):
            raise fail(None, f"{name} holds a control character (a line end from a file with "
                       "CRLF line ends?)", "remove it: it cannot go into an HTTP header")
    _SECRETS.update(_forms(password, user))
    return user, password


def _forms(password: str, user: str) -> set[str]:
    """The password as a server may echo it: as given; percent-, plus-, JSON- and
    HTML-encoded; UTF-8 read as Latin-1; base64 (standard and URL-safe, with and without
    padding) of it and of `user:password`. Forms shorter than 4 characters are left out:
    they would blot out ordinary text."""
    import html
    import json
    from urllib.parse import quote_plus

    plain = {password, f"{user}:{password}"}
    forms = set(plain)
    for text in plain:
        as_json = {json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]}
        as_html = {html.escape(text), html.escape(text, quote=False)}
        forms |= {quote(text, safe=""), quote_plus(text), text.encode("utf-8").decode("latin-1"),
                  *as_json, *(form.replace("/", "\\/") for form in as_json),  # PHP's JSON
                  *as_html, *(form.replace("&#x27;", "&#39;") for form in as_html)}
        encoded = text.encode("utf-8")
        for coded in (base64.b64encode(encoded), base64.urlsafe_b64encode(encoded)):
            forms |= {coded.decode("ascii"), coded.decode("ascii").rstrip("=")}
    forms |= {form.lower() for form in forms if "%" in form}  # %2f as well as %2F
    return {form for form in forms if len(form) >= 4}
