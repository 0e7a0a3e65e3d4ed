"""Every code the services can send the screens has its own plain sentence in fi, sv and en."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

import kiosk.services.visitor
from fleet.protocol.sessions import LoginRefusal
from kiosk.services.shell import LANGUAGES
from kiosk.ui.notices import NoticeTexts
from kiosk.ui.translations import Translations

#: The kiosk's own codes (kiosk/services/visitor.py) and the fleet's reservation codes.
KIOSK_CODES = [
    "offline_library_card",
    "offline_not_allowed",
    "uid_only_card",
    "card_removed_too_soon",
    "not_ready",
    "session_start_failed",
    "card_number_invalid",
    "pin_missing",
    "extended",
    "app_failed",
    "app_unknown",
    "offline_no_extension",
    "offline_no_account",
    "offline_no_reservation",
    "account_not_available",
    "no_free_pc",
    "pc_taken",
    "reservation_needs_card",
    "pc_switching_off",
    "pc_shutting_down",
]
#: Methods of VisitorService whose string argument is a code the UI shows.
_CODE_CALLS = {"_failed", "_refused", "_set_notice", "_notify_session", "VisitorError"}


def codes_in_visitor_service() -> set[str]:
    """String codes visitor.py hands to the UI, found in its source (so new ones are seen)."""
    source = Path(kiosk.services.visitor.__file__).read_text(encoding="utf-8")
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in _CODE_CALLS:
            found.update(
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
    return found


@pytest.fixture
def texts(qapp: QApplication, translations: Translations) -> NoticeTexts:
    return NoticeTexts()


def test_the_visitor_service_codes_are_all_known(qapp: QApplication) -> None:
    found = codes_in_visitor_service()
    assert "uid_only_card" in found  # the extractor works
    missing = found - NoticeTexts().known_codes()
    assert not missing, f"kiosk/ui/notices.py has no sentence for {sorted(missing)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_code_has_its_own_sentence(
    translations: Translations, texts: NoticeTexts, language: str
) -> None:
    translations.activate(language)
    generic = texts.generic()
    codes = [code.value for code in LoginRefusal] + KIOSK_CODES
    sentences = {code: texts.sentence(code) for code in codes}
    for code, sentence in sentences.items():
        assert texts.is_known(code), code
        assert sentence != generic, code
        assert sentence.strip().endswith((".", "!")), code
    assert len(set(sentences.values())) == len(codes)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", "Pidä puhelinta lukijan päällä vähän pidempään."),
        ("sv", "Håll telefonen mot läsaren lite längre."),
        ("en", "Hold the phone on the reader a little longer."),
    ],
)
def test_a_sentence_per_language(
    translations: Translations, texts: NoticeTexts, language: str, expected: str
) -> None:
    translations.activate(language)
    assert texts.sentence("card_removed_too_soon") == expected


def test_unknown_codes_fall_back_to_asking_the_staff(
    translations: Translations, texts: NoticeTexts
) -> None:
    translations.activate("en")
    assert texts.sentence("a_code_from_next_year") == (
        "That did not work. Please ask the library staff."
    )
    assert texts.sentence(None) == texts.generic()


@pytest.mark.parametrize(("seconds", "minutes"), [(1, 1), (60, 1), (61, 2), (290, 5)])
def test_retry_after_in_whole_minutes(
    translations: Translations, texts: NoticeTexts, seconds: int, minutes: int
) -> None:
    translations.activate("en")
    assert texts.retry_after(seconds) == f"You can try again in {minutes} min."


def test_extension_feedback(translations: Translations, texts: NoticeTexts) -> None:
    translations.activate("fi")
    assert texts.extended(30) == "Sait 30 minuuttia lisäaikaa."
    assert texts.extended(None) == "Sait lisäaikaa."
    assert texts.sentence("extended") == "Sait lisäaikaa."


#: What "Help me now" and booking an adviser can be refused with (SupportError.code): the
#: kiosk's own ``offline`` and the fleet's booking refusals (fleet/support/bookings.py).
SUPPORT_CODES = [
    "offline",
    "slot_full",
    "slot_unavailable",
    "too_late",
    "too_far_ahead",
    "name_required",
    "adviser_not_found",
    "branch_not_offered",
    "topic_not_offered",
]
PRINT_OUTCOMES = ["printed", "no_printer", "paper_out", "printer_offline", "printer_error"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_support_code_has_a_sentence(
    translations: Translations, texts: NoticeTexts, language: str
) -> None:
    translations.activate(language)
    for code in SUPPORT_CODES:
        assert texts.is_known(code), code
        assert texts.sentence(code) != texts.generic(), code
        assert texts.sentence(code).endswith("."), code
    # The times that are gone ask for another time; the others each say their own thing.
    distinct = ["offline", "slot_full", "slot_unavailable", "too_late", "too_far_ahead"]
    assert len({texts.sentence(code) for code in distinct}) == len(distinct)


@pytest.mark.parametrize("language", LANGUAGES)
def test_print_outcomes_are_explained(
    translations: Translations, texts: NoticeTexts, language: str
) -> None:
    translations.activate(language)
    tickets = {outcome: texts.ticket_printed(outcome) for outcome in PRINT_OUTCOMES}
    slips = {outcome: texts.slip_printed(outcome) for outcome in PRINT_OUTCOMES}
    assert len({tickets["printed"], tickets["paper_out"], tickets["no_printer"]}) == 3
    assert tickets["printer_offline"] == tickets["printer_error"]
    # A slip that did not print: one sentence, whatever the reason; the booking stands.
    assert len({slips[outcome] for outcome in PRINT_OUTCOMES if outcome != "printed"}) == 1
    assert slips["printed"] != slips["paper_out"]
    assert all(text.endswith(".") for text in [*tickets.values(), *slips.values()])


def test_print_outcomes_in_english(translations: Translations, texts: NoticeTexts) -> None:
    translations.activate("en")
    assert texts.ticket_printed("paper_out") == "The printer has no paper. Please tell the staff."
    assert texts.slip_printed("printed") == "Take your slip from the printer."
    assert texts.slip_printed("printer_offline") == (
        "The slip could not be printed: write the code down or take a photo. Staff can help."
    )
