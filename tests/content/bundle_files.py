"""Writing small bundle source folders for the bundle tests: valid by default."""

from __future__ import annotations

import shutil
from pathlib import Path

from content.manifest import new_signing_key, write_key_files
from tests.content.guide_files import SVG, write_guide

BUNDLE_YAML = """\
id: test-bundle
version: 3
languages: [fi, sv, en]
title: {fi: Testi, sv: Test, en: Test}
expires_in_days: 30
"""

SLIDE_YAML = """\
id: e-library
text:
  fi:
    title: E-kirjat
    body: Lainaa e-kirjoja kirjastokortilla.
  sv:
    title: E-böcker
    body: Låna e-böcker med bibliotekskortet.
  en:
    title: E-books
    body: Borrow e-books with your library card.
image: images/book.svg
schedule:
  from: 2026-05-01
  until: 2026-05-31
  weekdays: [mon, tue, wed, thu, fri]
  times:
    - {from: "09:00", until: "12:00"}
    - {from: 13:00, until: 16:30}
branches: [oodi, kallio]
seconds: 20
"""

ANNOUNCEMENT_YAML = """\
id: closed-early
level: urgent
text:
  fi: Kirjasto sulkeutuu tänään kello 16.
  sv: Biblioteket stänger i dag klockan 16.
  en: The library closes at 16 today.
from: 2026-05-04T08:00:00+03:00
until: 2026-05-04T16:00:00+03:00
"""


def write_bundle(folder: Path) -> Path:
    """A valid bundle: bundle.yaml, a guide in fi/sv/en, a slide with a picture, a notice."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bundle.yaml").write_text(BUNDLE_YAML, encoding="utf-8")
    write_guide(folder / "guides")
    for name, text in (
        ("slides/e-library.yaml", SLIDE_YAML),
        ("announcements/closed-early.yaml", ANNOUNCEMENT_YAML),
        ("images/book.svg", SVG),
    ):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def copy_default(target: Path) -> Path:
    """A copy of content/default (without Python files) to change in a test."""
    default = Path(__file__).parents[2] / "content" / "default"
    shutil.copytree(default, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def write_key(folder: Path, name: str = "key") -> tuple[Path, Path]:
    """A fresh signing key as files: (KEY, KEY.pub)."""
    folder.mkdir(parents=True, exist_ok=True)
    _, raw = new_signing_key()
    private, public = folder / name, folder / f"{name}.pub"
    write_key_files(raw, private, public)
    return private, public
