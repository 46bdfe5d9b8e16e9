"""Answers to HTTP authentication challenges, checked against the worked examples of
RFC 7616 §3.9.1 (Digest, MD5 and SHA-256) and RFC 7617 §2 (Basic)."""

from __future__ import annotations

import re

import pytest
from conftest import md5

from gremien_rdf.remote.httpauth import authorization, basic, challenges, digest

# RFC 7616 §3.9.1
RFC_USER, RFC_PASSWORD = "Mufasa", "Circle of Life"
RFC_PARAMS = {"realm": "http-auth@example.org", "qop": "auth, auth-int",
              "nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
              "opaque": "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"}
RFC_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"


def fields(header: str) -> dict[str, str]:
    assert header.startswith("Digest ")
    return {name: value.strip('"') for name, value in
            re.findall(r'([\w*-]+)=("(?:[^"\\]|\\.)*"|[^,\s]+)', header[len("Digest "):])}


@pytest.mark.parametrize("algorithm, response", [
    ("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
    ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
])
def test_digest_gives_the_rfc_7616_response(algorithm, response):
    header = digest({**RFC_PARAMS, "algorithm": algorithm}, "GET", "/dir/index.html",
                    RFC_USER, RFC_PASSWORD, cnonce=RFC_CNONCE)
    got = fields(header)
    assert got["response"] == response
    assert got["username"] == RFC_USER and got["uri"] == "/dir/index.html"
    assert got["qop"] == "auth" and got["nc"] == "00000001" and got["cnonce"] == RFC_CNONCE
    assert got["opaque"] == RFC_PARAMS["opaque"] and got["algorithm"] == algorithm
    assert RFC_PASSWORD not in header


def test_basic_gives_the_rfc_7617_header():
    assert basic("Aladdin", "open sesame") == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="


def test_virtuosos_challenge_is_read():
    """The header Virtuoso 7.2 sends from /sparql-graph-crud-auth."""
    header = ('Digest realm="SPARQL", domain="/sparql-graph-crud-auth", '
              'nonce="e097ad54f5a12f0c3c224b62839b40be", '
              'opaque="5ebe2294ecd0e0f08eab7690d2a6ee69", stale="false", qop="auth", '
              'algorithm="MD5"')
    assert challenges([header]) == [("digest", {
        "realm": "SPARQL", "domain": "/sparql-graph-crud-auth",
        "nonce": "e097ad54f5a12f0c3c224b62839b40be",
        "opaque": "5ebe2294ecd0e0f08eab7690d2a6ee69", "stale": "false", "qop": "auth",
        "algorithm": "MD5"})]


def test_several_challenges_in_one_header_and_in_several():
    got = challenges(['Basic realm="a, b", Digest realm="x", nonce="n\\"1"',
                      "Negotiate YII=, Bearer"])
    assert got == [("basic", {"realm": "a, b"}), ("digest", {"realm": "x", "nonce": 'n"1'}),
                   ("negotiate", {}), ("bearer", {})]


def test_digest_is_preferred_to_basic_and_sha_256_to_md5():
    values = ['Basic realm="r"', 'Digest realm="r", nonce="1", qop="auth"',
              'Digest realm="r", nonce="2", qop="auth", algorithm=SHA-256']
    answer = authorization(values, "PUT", "/store?graph=urn%3Ax", "u", "p")
    assert answer.startswith("Digest ") and fields(answer)["algorithm"] == "SHA-256"
    assert fields(answer)["uri"] == "/store?graph=urn%3Ax"


def test_the_session_variant_and_the_old_form_without_qop():
    """MD5-sess (RFC 7616 §3.4.2) and RFC 2069 (no qop), computed here independently."""

    sess = fields(digest({"realm": "r", "nonce": "n", "qop": "auth", "algorithm": "MD5-sess"},
                         "PUT", "/s", "u", "p", cnonce="c"))
    secret = md5(f"{md5('u:r:p')}:n:c")
    assert sess["response"] == md5(f"{secret}:n:00000001:c:auth:{md5('PUT:/s')}")
    old = fields(digest({"realm": "r", "nonce": "n"}, "GET", "/s", "u", "p"))
    assert old["response"] == md5(f"{md5('u:r:p')}:n:{md5('GET:/s')}")
    assert "qop" not in old and "cnonce" not in old


def test_a_password_that_is_not_ascii():
    answer = fields(digest({"realm": "r", "nonce": "n", "qop": "auth"}, "GET", "/", "jürgen",
                           "pässwort", cnonce="c"))
    assert answer["username*"] == "UTF-8''j%C3%BCrgen"


@pytest.mark.parametrize("values", [
    ['Digest realm="r", nonce="n", algorithm=SHA-512-256'],
    ['Digest realm="r", nonce="n", qop="auth-int"'],
    ['Bearer realm="r"', "Negotiate"],
])
def test_challenges_we_cannot_answer(values):
    assert authorization(values, "GET", "/", "u", "p") is None


def test_a_401_that_names_no_scheme_gets_basic():
    assert authorization([], "GET", "/", "u", "p") == basic("u", "p")
