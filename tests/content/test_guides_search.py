"""Guide search and listing: words, prefixes, folding, ranking, languages, sort order."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.guides import Guide, GuideSet, collation_key, default_guides, load_guides
from tests.content.guide_files import BODY, guide_text


@pytest.fixture(scope="module")
def guides() -> GuideSet:
    return default_guides()


def ids(found: list[Guide]) -> list[str]:
    return [guide.id for guide in found]


@pytest.mark.parametrize(
    ("words", "language", "expected"),
    [
        ("pankkitunnukset", "fi", "strong-identification"),
        ("mobiilivarmenne", "fi", "strong-identification"),
        ("BankID", "sv", "strong-identification"),
        ("e-legitimation", "sv", "strong-identification"),
        ("nätbankskoder", "sv", "strong-identification"),
        ("Zoom", "en", "video-calls"),
        ("WhatsApp", "fi", "video-calls"),
        ("resepti", "fi", "health-services"),
        ("MittKanta", "sv", "health-services"),
        ("e-kirja", "fi", "ebooks"),
        ("ljudbok", "sv", "ebooks"),
        ("tulostin", "fi", "printing-scanning"),
        ("huijaus", "fi", "scams"),
        ("parcel", "en", "scams"),
        ("Varaamo", "sv", "booking-spaces"),
        ("mejl", "sv", "email-basics"),
        ("020 333", "fi", "scams"),
    ],
)
def test_finds_by_keyword(guides: GuideSet, words: str, language: str, expected: str) -> None:
    assert ids(guides.search(words, language))[0] == expected


def test_prefixes_and_parts_of_compound_words(guides: GuideSet) -> None:
    assert "strong-identification" in ids(guides.search("pankki", "fi"))
    assert ids(guides.search("mobiilivarm", "fi"))[0] == "strong-identification"
    assert ids(guides.search("tunnistautu", "fi"))[0] == "strong-identification"
    assert ids(guides.search("tunnukset", "fi"))[0] in ("strong-identification", "scams")
    assert ids(guides.search("skann", "fi"))[0] == "printing-scanning"


def test_case_accents_and_typos_are_forgiven(guides: GuideSet) -> None:
    for words in ("ZOOM", "zoom", "Zoom"):
        assert ids(guides.search(words, "en"))[0] == "video-calls"
    assert ids(guides.search("aanikirja", "fi"))[0] == "ebooks"  # typed without ä
    assert ids(guides.search("SÄHKÖPOSTI", "fi"))[0] == "email-basics"
    assert ids(guides.search("sahkoposti", "fi"))[0] == "email-basics"
    assert ids(guides.search("sähköpsti", "fi"))[0] == "email-basics"  # one letter missing
    assert ids(guides.search("prescripton", "en"))[0] == "health-services"


def test_questions_in_everyday_words(guides: GuideSet) -> None:
    assert ids(guides.search("how do I print?", "en"))[0] == "printing-scanning"
    assert ids(guides.search("miten tulostan", "fi"))[0] == "printing-scanning"
    assert ids(guides.search("hur bokar jag en idrottshall", "sv"))[0] == "booking-spaces"
    assert ids(guides.search("renew my prescription", "en"))[0] == "health-services"


def test_a_query_stays_in_its_language(guides: GuideSet) -> None:
    for language in ("fi", "sv", "en"):
        found = guides.search("e-mail Zoom pankki BankID kirja", language)
        assert found
        assert {g.language for g in found} == {language}
    assert guides.search("nätbankskoder", "fi") == []  # Swedish only
    assert guides.search("verkkopankkitunnukset", "en") == []  # Finnish only
    assert guides.search("e-mail", "de") == []


@pytest.mark.parametrize("words", ["", "   ", "?!", "-"])
def test_an_empty_query_finds_nothing(guides: GuideSet, words: str) -> None:
    assert guides.search(words, "fi") == []


def test_limit(guides: GuideSet) -> None:
    assert len(guides.search("kirjaudu", "fi", limit=2)) == 2
    assert guides.search("kirjaudu", "fi", limit=0) == []


def write(folder: Path, guide_id: str, *, title: str, keywords: str, body: str = BODY) -> None:
    for language in ("fi", "sv", "en"):
        text = guide_text(
            guide_id, language, title=f"{title} ({language})", keywords=keywords, body=body
        )
        (folder / f"{guide_id}.{language}.md").write_text(text, encoding="utf-8")


def test_title_hits_rank_before_keyword_hits_before_text_hits(tmp_path: Path) -> None:
    mentions = BODY.replace("Press **Send**.", "Press **Send**. A printer is not needed.")
    write(tmp_path, "c-text", title="Mail", keywords="[mail]", body=mentions)
    write(tmp_path, "a-keyword", title="Paper", keywords="[printers, paper]")
    write(tmp_path, "b-title", title="Using a printer", keywords="[paper]")
    guides = load_guides(tmp_path)
    assert ids(guides.search("printer", "en")) == ["b-title", "a-keyword"]
    assert ids(guides.search("print", "en")) == ["b-title", "a-keyword"]
    # A guide that only mentions the word is found when nothing is about it...
    assert ids(guides.search("needed", "en")) == ["c-text"]
    # ...and left out next to guides that are about it (it would only be noise).
    assert "c-text" not in ids(guides.search("printer", "en", limit=10))


def test_guides_matching_more_words_come_first(tmp_path: Path) -> None:
    write(tmp_path, "one", title="Printer help", keywords="[printer]")
    write(tmp_path, "two", title="Scanner", keywords="[scanner, printer]")
    guides = load_guides(tmp_path)
    assert ids(guides.search("scanner printer", "en")) == ["two", "one"]


def test_in_language_sorts_by_title_with_nordic_letters_after_z(tmp_path: Path) -> None:
    for guide_id, title in [
        ("o", "Öljy"),
        ("a", "Äiti"),
        ("b", "auto"),
        ("z", "Zeta"),
        ("aa", "Åland"),
    ]:
        for language in ("fi", "sv", "en"):
            text = guide_text(guide_id + "x", language, title=title)
            (tmp_path / f"{guide_id}x.{language}.md").write_text(text, encoding="utf-8")
    guides = load_guides(tmp_path)
    assert [g.title for g in guides.in_language("fi")] == ["auto", "Zeta", "Åland", "Äiti", "Öljy"]
    assert [g.title for g in guides.in_language("sv")] == ["auto", "Zeta", "Åland", "Äiti", "Öljy"]
    assert [g.title for g in guides.in_language("en")] == ["Äiti", "Åland", "auto", "Öljy", "Zeta"]
    assert guides.in_language("de") == []


def test_collation_key() -> None:
    assert collation_key("Éla", "fi") < collation_key("Fa", "fi")  # é sorts as e
    assert collation_key("Über", "fi") > collation_key("Xylitol", "fi")  # ü sorts as y
    assert collation_key("Über", "en") < collation_key("Xylitol", "en")


def test_default_guides_in_language_are_sorted(guides: GuideSet) -> None:
    for language in ("fi", "sv", "en"):
        titles = [g.title for g in guides.in_language(language)]
        assert titles == sorted(titles, key=lambda t: collation_key(t, language))
        assert len(titles) == len(guides.guides)
