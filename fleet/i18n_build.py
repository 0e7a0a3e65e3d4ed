"""Build the web UI's translations: compile .po to .mo, update catalogs, check completeness.

``python -m fleet.i18n_build``           compile fleet/web/locale/*/LC_MESSAGES/messages.po
``python -m fleet.i18n_build --update``  add new msgids from the sources to every catalog
``python -m fleet.i18n_build --check``   fail if a msgid is missing or untranslated anywhere
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from fleet.web.i18n import LANGUAGES, compile_catalog, mo_path, po_path

WEB_DIR = Path(__file__).parent / "web"
METHOD_MAP = [
    ("templates/**.html", "jinja2.ext:babel_extract"),
    ("**.py", "python"),
]
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}


def source_messages() -> dict[str, list[tuple[str, int]]]:
    """Every translatable msgid in the web sources, with where it occurs."""
    found: dict[str, list[tuple[str, int]]] = {}
    extracted: Iterable[tuple[str, int, str | tuple[str, ...], list[str], str | None]] = (
        extract_from_dir(
            str(WEB_DIR),
            method_map=METHOD_MAP,
            options_map={"templates/**.html": {"trimmed": "true"}},
            keywords=KEYWORDS,
        )
    )
    for filename, lineno, message, _comments, _context in extracted:
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, []).append((filename, lineno))
    return found


def read_catalog(language: str) -> Catalog:
    with po_path(language).open("rb") as source:
        return read_po(source, locale=language)


def update() -> None:
    """Add new msgids (untranslated) to each catalog; keep existing translations as they are."""
    messages = source_messages()
    for language in LANGUAGES:
        path = po_path(language)
        if path.exists():
            catalog = read_catalog(language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language, project="library-kiosk fleet web UI", fuzzy=False)
        for msgid, locations in messages.items():
            if msgid not in catalog:
                # English msgids are the English text: pre-fill so en is never blank.
                catalog.add(msgid, msgid if language == "en" else "", locations=locations)
        with path.open("wb") as target:
            write_po(target, catalog, width=100, omit_header=False, sort_output=True)


def problems() -> list[str]:
    """Missing or untranslated msgids, one line each."""
    messages = source_messages()
    found: list[str] = []
    for language in LANGUAGES:
        catalog = read_catalog(language)
        for msgid in sorted(messages):
            entry = catalog.get(msgid)
            if entry is None:
                found.append(f"{language}: missing {msgid!r}")
            elif not entry.string or entry.fuzzy:
                found.append(f"{language}: untranslated {msgid!r}")
    return found


def compile_all() -> list[Path]:
    written = []
    for language in LANGUAGES:
        target = mo_path(language)
        target.write_bytes(compile_catalog(language))
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fleet.i18n_build", description=__doc__)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--update", action="store_true", help="add new msgids to the catalogs")
    group.add_argument("--check", action="store_true", help="fail on missing translations")
    args = parser.parse_args(argv)
    if args.update:
        update()
        return 0
    if args.check:
        issues = problems()
        for line in issues:
            print(line, file=sys.stderr)
        return 1 if issues else 0
    for path in compile_all():
        print(f"compiled {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
