"""Compiles the kiosk's Qt Linguist ``.ts`` sources into ``.qm`` files with PySide6's lrelease.

``python -m kiosk.i18n_build [OUT_DIR]`` compiles into OUT_DIR (default: next to the sources).
The composition root calls :func:`ensure_compiled` at start, so a fresh clone needs no step.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6

from kiosk.services.shell import LANGUAGES

TS_DIR = Path(__file__).resolve().parent / "i18n"
#: Beside the compiled files: the digest of the sources they were compiled from.
STAMP_NAME = "kiosk-ts.sha256"


class I18nBuildError(Exception):
    """lrelease is missing or refused a translation source."""


def ts_path(language: str, ts_dir: Path = TS_DIR) -> Path:
    return ts_dir / f"kiosk_{language}.ts"


def qm_path(language: str, out_dir: Path) -> Path:
    return out_dir / f"kiosk_{language}.qm"


def find_lrelease() -> Path:
    """lrelease ships inside PySide6-Essentials; fall back to one on PATH."""
    bundled = Path(PySide6.__file__).resolve().parent / "lrelease"
    if bundled.is_file():
        return bundled
    for name in ("pyside6-lrelease", "lrelease-qt6", "lrelease"):
        found = shutil.which(name)
        if found:
            return Path(found)
    raise I18nBuildError("lrelease not found: install PySide6-Essentials (it includes lrelease)")


def compile_translations(out_dir: Path, ts_dir: Path = TS_DIR) -> list[Path]:
    """Compile every language's ``.ts`` into ``out_dir``; returns the ``.qm`` paths."""
    lrelease = find_lrelease()
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for language in LANGUAGES:
        source, target = ts_path(language, ts_dir), qm_path(language, out_dir)
        # Write beside the target and rename, so a reader never sees a half-written file.
        partial = target.with_suffix(".qm.partial")
        result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [str(lrelease), "-silent", str(source), "-qm", str(partial)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not partial.is_file():
            partial.unlink(missing_ok=True)
            raise I18nBuildError(f"lrelease failed for {source}: {result.stderr.strip()}")
        partial.replace(target)
        written.append(target)
    (out_dir / STAMP_NAME).write_text(sources_digest(ts_dir) + "\n", encoding="ascii")
    return written


def sources_digest(ts_dir: Path = TS_DIR) -> str:
    """A hash of every language's ``.ts``: compiled files are current when it matches."""
    digest = hashlib.sha256()
    for language in LANGUAGES:
        digest.update(ts_path(language, ts_dir).read_bytes())
    return digest.hexdigest()


def is_current(out_dir: Path, ts_dir: Path = TS_DIR) -> bool:
    """True when every ``.qm`` exists and was compiled from the ``.ts`` files as they are now.

    Compared by content, not modification time: clocks and copied files lie about times.
    """
    stamp = out_dir / STAMP_NAME
    if not stamp.is_file() or not all(qm_path(lang, out_dir).is_file() for lang in LANGUAGES):
        return False
    return stamp.read_text(encoding="ascii").strip() == sources_digest(ts_dir)


def ensure_compiled(out_dir: Path, ts_dir: Path = TS_DIR) -> Path:
    """Compile into ``out_dir`` unless it is already up to date; returns ``out_dir``."""
    if not is_current(out_dir, ts_dir):
        compile_translations(out_dir, ts_dir)
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", nargs="?", type=Path, default=TS_DIR)
    args = parser.parse_args(argv)
    try:
        for path in compile_translations(args.out_dir):
            print(path)
    except I18nBuildError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
