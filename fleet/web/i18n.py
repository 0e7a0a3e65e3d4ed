"""Translations for the web UI: fi, sv and en Babel catalogs, and language negotiation."""

from __future__ import annotations

import functools
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"
LANGUAGE_NAMES = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def compile_catalog(language: str) -> bytes:
    """The .mo bytes for one language, compiled from its .po source."""
    with po_path(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


@functools.cache
def translations(language: str) -> Translations:
    """The catalog for ``language``. A missing or stale .mo (a fresh clone: .mo files are
    build outputs) is compiled from the .po in memory, so the UI never shows raw msgids."""
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    mo, po = mo_path(language), po_path(language)
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        data = mo.read_bytes()
    else:
        data = compile_catalog(language)
    return Translations(io.BytesIO(data), domain=DOMAIN)


def negotiate(*candidates: str | None, accept_language: str | None = None) -> str:
    """The first supported language among explicit choices, then the Accept-Language header."""
    for candidate in candidates:
        if candidate in LANGUAGES:
            return candidate
    for language in _accepted(accept_language or ""):
        if language in LANGUAGES:
            return language
    return DEFAULT_LANGUAGE


def _accepted(header: str) -> list[str]:
    """Accept-Language ranges, best first, reduced to primary subtags (``sv-FI`` -> ``sv``)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, index, tag.split("-")[0].lower()))
    return [tag for _, _, tag in sorted(ranked)]
