"""The web UI's catalogs: complete in fi, sv and en, placeholders kept, usable without .mo."""

from __future__ import annotations

import io
import re

import pytest
from babel.support import Translations

from fleet import i18n_build
from fleet.web import i18n

PLACEHOLDER = re.compile(r"%\(\w+\)s")


def test_every_source_string_is_translated_in_every_language() -> None:
    assert i18n_build.problems() == []


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_translations_keep_their_placeholders(language: str) -> None:
    catalog = i18n_build.read_catalog(language)
    for message in catalog:
        if message.id and message.string:
            assert sorted(PLACEHOLDER.findall(str(message.id))) == sorted(
                PLACEHOLDER.findall(str(message.string))
            ), (language, message.id)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "Kirjaudu sisään"), ("sv", "Logga in"), ("en", "Sign in")],
)
def test_catalog_compiles_from_po_alone(language: str, expected: str) -> None:
    # A fresh clone has no .mo files (they are build outputs): compiling in memory suffices.
    translations = Translations(io.BytesIO(i18n.compile_catalog(language)), domain=i18n.DOMAIN)
    assert translations.gettext("Sign in") == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("sv-FI,sv;q=0.9,en;q=0.8", "sv"),
        ("de-DE,en;q=0.5", "en"),
        ("en;q=0.1,fi;q=0.9", "fi"),
        ("", "fi"),
        ("garbage;q=x", "fi"),
    ],
)
def test_accept_language_negotiation(header: str, expected: str) -> None:
    assert i18n.negotiate(None, accept_language=header) == expected


def test_explicit_choice_beats_the_browser() -> None:
    assert i18n.negotiate("en", accept_language="sv") == "en"
    assert i18n.negotiate("xx", "sv", accept_language="en") == "sv"
