"""Every string the UI translates has a real translation in fi, sv and en, and compiles."""

from __future__ import annotations

import ast
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

import kiosk.ui
from kiosk.i18n_build import TS_DIR, compile_translations, ensure_compiled, is_current, ts_path
from kiosk.services.shell import LANGUAGES

UI_DIR = Path(kiosk.ui.__file__).parent
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def tr_calls() -> set[tuple[str, str]]:
    """(context, source) of every ``self.tr("...")`` in kiosk/ui; the context is the class."""
    found: set[tuple[str, str]] = set()
    for path in sorted(UI_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for cls in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
            for node in ast.walk(cls):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "tr"
                ):
                    first = node.args[0] if node.args else None
                    # A computed string cannot be extracted or translated: forbid it.
                    assert isinstance(first, ast.Constant), f"{path.name}:{node.lineno}"
                    assert isinstance(first.value, str)
                    found.add((cls.name, first.value))
    return found


def ts_messages(language: str) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts_path(language)).getroot()  # noqa: S314 - our own file
    messages: dict[tuple[str, str], ET.Element] = {}
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            messages[(name, message.findtext("source", ""))] = translation
    return messages


def test_the_ui_has_translatable_strings() -> None:
    # Guards the extractor itself: if it found nothing, the next test would prove nothing.
    calls = tr_calls()
    assert ("IdleScreen", "Tap your phone or scan your library card") in calls
    # Every module of kiosk/ui is read, new ones included (log-in, session, codes, warnings).
    contexts = {context for context, _source in calls}
    assert {"LoginScreen", "SessionScreen", "SessionBar", "NoticeTexts", "WarningTexts"} <= contexts
    assert len(calls) >= 150


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_ui_string_is_translated(language: str) -> None:
    messages = ts_messages(language)
    missing = sorted(tr_calls() - set(messages))
    assert not missing, f"kiosk_{language}.ts lacks {missing}"
    for key, translation in messages.items():
        assert translation.get("type") is None, f"{key} is {translation.get('type')}"
        text = translation.text or ""
        assert text.strip(), f"{key} has an empty {language} translation"
        # {opens}, {hostname} ... must survive translation, or .format() breaks.
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(key[1])), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_stale_translations(language: str) -> None:
    stale = sorted(set(ts_messages(language)) - tr_calls())
    assert not stale, f"kiosk_{language}.ts has strings the UI no longer uses: {stale}"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_finnish_and_swedish_are_really_translated(language: str) -> None:
    messages = ts_messages(language)
    same = [key for key, tr in messages.items() if tr.text == key[1]]
    # Only words that are spelt the same in both languages may stay as they are.
    assert len(same) <= 2, same


def test_compiled_translations_load_and_translate(tmp_path: Path) -> None:
    written = compile_translations(tmp_path)
    assert sorted(p.name for p in written) == [f"kiosk_{lang}.qm" for lang in sorted(LANGUAGES)]
    translator = QTranslator()
    assert translator.load(str(tmp_path / "kiosk_sv.qm"))
    assert translator.translate("LockedScreen", "This computer is locked") == (
        "Den här datorn är låst"
    )


def test_ensure_compiled_rebuilds_only_when_sources_change(tmp_path: Path) -> None:
    ts_dir = tmp_path / "ts"
    ts_dir.mkdir()
    for language in LANGUAGES:
        (ts_dir / f"kiosk_{language}.ts").write_bytes(ts_path(language).read_bytes())
    out = tmp_path / "qm"
    assert not is_current(out, ts_dir)
    ensure_compiled(out, ts_dir)
    assert is_current(out, ts_dir)
    built = (out / "kiosk_fi.qm").stat().st_mtime_ns
    ensure_compiled(out, ts_dir)
    assert (out / "kiosk_fi.qm").stat().st_mtime_ns == built
    # Touching a source without changing it costs nothing; changing it recompiles.
    source = ts_dir / "kiosk_fi.ts"
    os.utime(source, None)
    assert is_current(out, ts_dir)
    source.write_text(
        source.read_text(encoding="utf-8").replace("Odota hetki.", "Odota pieni hetki."),
        encoding="utf-8",
    )
    assert not is_current(out, ts_dir)
    ensure_compiled(out, ts_dir)
    assert is_current(out, ts_dir)
    translator = QTranslator()
    assert translator.load(str(out / "kiosk_fi.qm"))
    assert translator.translate("StartingScreen", "Please wait a moment.") == "Odota pieni hetki."


def test_sources_live_in_the_package() -> None:
    assert Path(kiosk.ui.__file__).parent.parent / "i18n" == TS_DIR
    assert all(ts_path(language).is_file() for language in LANGUAGES)
