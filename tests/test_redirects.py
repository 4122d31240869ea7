"""The one check for a return address: only a path on this site passes."""

from __future__ import annotations

import pytest

from app.redirects import safe_local_path
from tests import factories
from tests.html import csrf

FALLBACK = "/nb/innboks/"


@pytest.mark.parametrize(
    "target",
    [
        "/nb/innboks/",
        "/en/innboks/12/svar/",
        "/nb/innboks/?side=2&kategori=brev",
        "/nb/innboks/?q=time%20hos%20lege",  # an encoded space in the query is fine
        "/se/innboks/timeavtaler/3/",
    ],
)
def test_paths_on_this_site_pass(target):
    assert safe_local_path(target, FALLBACK) == target


@pytest.mark.parametrize(
    "target",
    [
        # other hosts
        "//evil.example",
        "//evil.example/nb/innboks/",
        "///evil.example",
        # tabs, newlines and spaces, which browsers drop: "/\t/evil.example" is "//evil.example"
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        " //evil.example",
        "/ /evil.example",
        "/nb/innboks/\x00",
        # backslashes, which browsers read as slashes
        "/\\evil.example",
        "\\\\evil.example",
        "/nb/\\..\\evil",
        # encoded slashes and backslashes at the start, in case something decodes them once
        "/%2F/evil.example",
        "/%2f%2fevil.example",
        "/%5Cevil.example",
        "/%5c%5cevil.example",
        "/%09/evil.example",
        # schemes
        "https://evil.example/",
        "http:/evil.example",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "mailto:someone@evil.example",
        # relative, empty, absent, absurd
        "evil.example",
        "nb/innboks/",
        "",
        None,
        "/" + "a" * 3000,
    ],
)
def test_anything_else_falls_back(target):
    assert safe_local_path(target, FALLBACK) == FALLBACK


@pytest.mark.parametrize(
    "target", ["/\t/evil.example", "/%2F/evil.example", "/\\evil.example", "https://evil.example"]
)
def test_the_development_login_returns_only_to_this_site(client, database, target):
    kari = factories.patient(database)
    token = csrf(client)
    response = client.post(
        "/nb/innboks/utvikler-innlogging/", data={"csrf_token": token, "patient_id": kari.id, "next": target}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/nb/innboks/"
    kept = client.post(  # signing in renews the session, and so its CSRF token
        "/nb/innboks/utvikler-innlogging/",
        data={"csrf_token": csrf(client), "patient_id": kari.id, "next": "/nb/innboks/timeavtaler/"},
    )
    assert kept.headers["Location"] == "/nb/innboks/timeavtaler/"
