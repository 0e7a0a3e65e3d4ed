"""The guides that ship with the kiosk: complete, consistent, in plain language, fast to load."""

from __future__ import annotations

import re
import time
import tomllib
from pathlib import Path

import pytest

from content.default import GUIDES_DIRECTORY
from content.guides import (
    MAX_STEPS,
    MIN_STEPS,
    REQUIRED_LANGUAGES,
    TOPICS,
    GuideSet,
    default_guides,
    plain_language_problems,
)
from fleet.protocol.support import SupportTopic

EXPECTED = {
    "strong-identification": "e_identification",
    "email-basics": "email",
    "video-calls": "video_calls",
    "ebooks": "ebooks",
    "printing-scanning": "printing_scanning",
    "scams": "scams",
    "booking-spaces": "booking_spaces",
    "health-services": "health_services",
}


@pytest.fixture(scope="module")
def guides() -> GuideSet:
    return default_guides()


def test_topics_mirror_the_fleets_support_topics() -> None:
    assert tuple(topic.value for topic in SupportTopic) == TOPICS


def test_every_guide_exists_in_every_language(guides: GuideSet) -> None:
    assert set(EXPECTED) <= set(guides.guides)
    for language in REQUIRED_LANGUAGES:
        assert len(guides.in_language(language)) >= 8
    for guide_id, by_language in guides.guides.items():
        assert set(by_language) >= set(REQUIRED_LANGUAGES), guide_id


def test_topics_and_step_counts(guides: GuideSet) -> None:
    for guide_id, by_language in guides.guides.items():
        for guide in by_language.values():
            assert guide.topic in TOPICS
            assert guide.topic == EXPECTED.get(guide_id, guide.topic)
            assert MIN_STEPS <= len(guide.steps) <= MAX_STEPS
            assert 4 <= len(guide.steps) <= 9  # what the shipped guides aim for


def test_plain_language(guides: GuideSet) -> None:
    problems = [
        problem
        for by_language in guides.guides.values()
        for guide in by_language.values()
        for problem in plain_language_problems(guide)
    ]
    assert problems == []


def test_no_html_or_markdown_leftovers(guides: GuideSet) -> None:
    for path in GUIDES_DIRECTORY.glob("*.md"):
        assert not re.search(r"<[A-Za-z/!]", path.read_text(encoding="utf-8")), path.name
    for by_language in guides.guides.values():
        for guide in by_language.values():
            for step in guide.steps:
                assert not re.search(r"[*_`#\[\]]", step.text), (guide.id, step.title)


def test_summaries_are_one_sentence_and_titles_unique(guides: GuideSet) -> None:
    for language in REQUIRED_LANGUAGES:
        in_language = guides.in_language(language)
        assert len({g.title for g in in_language}) == len(in_language)
        for guide in in_language:
            assert guide.summary.endswith(".")
            assert not re.search(r"[.!?]\s", guide.summary), guide.summary


@pytest.mark.parametrize(
    ("guide_id", "language", "words"),
    [
        ("strong-identification", "fi", ["pankkitunnukset", "mobiilivarmenne", "BankID"]),
        ("strong-identification", "sv", ["BankID", "e-legitimation", "bankkoder"]),
        ("strong-identification", "en", ["BankID", "mobile certificate"]),
        ("video-calls", "fi", ["Zoom", "WhatsApp", "Teams"]),
        ("video-calls", "sv", ["Zoom", "WhatsApp"]),
        ("health-services", "sv", ["MittKanta", "recept"]),
    ],
)
def test_keywords_people_search_with(
    guide_id: str, language: str, words: list[str], guides: GuideSet
) -> None:
    guide = guides.get(guide_id, language)
    assert guide is not None
    for word in words:
        assert word in guide.keywords


def test_safety_advice_is_in_every_language(guides: GuideSet) -> None:
    """The two things a visitor must never miss: codes are never given, files are wiped."""
    never = {"fi": "kenellekään", "sv": "aldrig", "en": "never"}
    wiped = {"fi": "poistetaan", "sv": "raderas", "en": "deleted"}
    for language in REQUIRED_LANGUAGES:
        identification = guides.get("strong-identification", language)
        printing = guides.get("printing-scanning", language)
        assert identification is not None
        assert printing is not None
        assert any(never[language] in s.text.lower() for s in identification.steps)
        assert any(wiped[language] in s.text for s in printing.steps)


def test_images_ship_and_are_described(guides: GuideSet) -> None:
    files = guides.source_files()
    assert all(path.is_file() for path in files)
    images = [path for path in files if path.parent.name == "images"]
    assert images
    for path in images:
        assert path.stat().st_size < 20_000
    for by_language in guides.guides.values():
        for guide in by_language.values():
            for step in guide.steps:
                assert (step.image is None) == (step.image_alt is None)


def test_the_guides_are_package_data() -> None:
    """setuptools ships content/default/guides as namespace packages with *.md and *.svg."""
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    setuptools = pyproject["tool"]["setuptools"]
    assert {"*.md", "*.svg"} <= set(setuptools["package-data"]["*"])
    assert setuptools["packages"]["find"].get("namespaces", True)
    assert GUIDES_DIRECTORY.parent == Path(__file__).parents[2] / "content" / "default"


def test_loading_and_searching_take_milliseconds() -> None:
    started = time.perf_counter()
    guides = default_guides()
    for words in ("pankkitunnukset", "sähköpsti", "how do I print", "boka tid", "e-kirja"):
        for language in REQUIRED_LANGUAGES:
            guides.search(words, language)
    assert time.perf_counter() - started < 2.0  # typically ~0.05 s; generous for a busy machine
