"""Keyboard wedges: scans told from typing by synthetic key timing, and the scanner they feed."""

from __future__ import annotations

import asyncio
import inspect
import logging
import time

import pytest

from hardware import PeripheralHealth, Scan, Scanner, Symbology
from hardware.wedge import KeyboardWedgeScanner, WedgeDetector

CARD = "21234000123456"


def type_keys(
    detector: WedgeDetector, text: str, *, start: float, gap: float, end: str | None = "\r"
) -> str | None:
    """Press each character of ``text`` ``gap`` seconds apart, then ``end`` after one more gap."""
    at = start
    for char in text:
        assert detector.press(char, at) is None
        at += gap
    return None if end is None else detector.press(end, at)


def test_a_fast_burst_ending_in_enter_is_a_scan() -> None:
    detector = WedgeDetector()
    assert type_keys(detector, CARD, start=100.0, gap=0.008) == CARD
    assert detector.pending == ""


def test_gaps_up_to_max_gap_still_count() -> None:
    assert type_keys(WedgeDetector(max_gap=0.05), CARD, start=0.0, gap=0.05) == CARD
    assert type_keys(WedgeDetector(max_gap=0.05), CARD, start=0.0, gap=0.051) is None


def test_human_typing_is_not_a_scan() -> None:
    detector = WedgeDetector()
    assert type_keys(detector, CARD, start=5.0, gap=0.12) is None
    assert detector.pending == ""  # the buffer resets either way


def test_a_slow_prefix_is_not_part_of_the_scan() -> None:
    detector = WedgeDetector()
    type_keys(detector, "abc", start=0.0, gap=0.3, end=None)
    assert detector.pending == "c"  # each slow key starts a burst of its own
    assert type_keys(detector, CARD, start=0.9, gap=0.01) == CARD


def test_a_slow_enter_after_a_fast_burst_is_not_a_scan() -> None:
    detector = WedgeDetector()
    type_keys(detector, CARD, start=0.0, gap=0.01, end=None)
    assert detector.pending == CARD  # the UI can see what a scan would be
    assert detector.enter(0.01 * len(CARD) + 0.2) is None


def test_three_keys_at_auto_repeat_speed_are_too_short() -> None:
    assert type_keys(WedgeDetector(), "abc", start=0.0, gap=0.03) is None
    assert type_keys(WedgeDetector(min_length=3), "abc", start=0.0, gap=0.03) == "abc"


def test_a_held_key_is_not_a_scan() -> None:
    # Auto-repeat: the first repeat after ~0.5 s, then one every 33 ms, Enter right after.
    detector = WedgeDetector()
    detector.press("a", 0.0)
    assert type_keys(detector, "a" * 20, start=0.5, gap=0.033) is None


def test_tab_terminated_scanners() -> None:
    detector = WedgeDetector(terminators=("\t",))
    assert type_keys(detector, CARD, start=0.0, gap=0.005, end="\t") == CARD
    assert type_keys(detector, "ab", start=1.0, gap=0.3, end="\t") is None  # a person's Tab
    assert WedgeDetector().terminators == frozenset({"\r", "\n"})  # Enter, by default
    with pytest.raises(ValueError, match="terminator"):
        WedgeDetector().key("12\r", 0.0)  # a terminator is not a character of the scan


def test_enter_and_key_directly() -> None:
    detector = WedgeDetector()
    detector.key("2123", 1.0)  # Qt may pack several characters into one event
    detector.key("4", 1.01)
    detector.key("", 1.02)  # a modifier: no text, no effect
    assert detector.pending == "21234"
    assert detector.enter(1.04) == "21234"
    assert detector.enter(1.05) is None  # nothing buffered


def test_a_burst_without_terminator_is_no_scan() -> None:
    detector = WedgeDetector()
    type_keys(detector, CARD, start=0.0, gap=0.01, end=None)
    detector.press("x", 10.0)  # later typing starts afresh
    assert detector.pending == "x"


def test_reset_forgets_the_burst() -> None:
    detector = WedgeDetector()
    type_keys(detector, CARD, start=0.0, gap=0.01, end=None)
    detector.reset()
    assert detector.pending == ""
    assert detector.enter(0.2) is None


def test_overlong_bursts_and_backward_time() -> None:
    detector = WedgeDetector(max_length=8)
    type_keys(detector, "123456789", start=0.0, gap=0.001, end=None)
    assert detector.pending == ""
    assert detector.press("\r", 0.01) is None
    assert type_keys(detector, "12345678", start=1.0, gap=0.001) == "12345678"
    # A clock that goes backwards breaks the burst rather than inventing a scan.
    detector.key("1234", 5.0)
    detector.key("5", 4.99)
    assert detector.enter(5.0) is None


@pytest.mark.parametrize(
    "options",
    [
        {"max_gap": 0.0},
        {"min_length": 0},
        {"min_length": 10, "max_length": 5},
        {"terminators": ()},
        {"terminators": ("\r\n",)},
    ],
)
def test_bad_options(options: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"max_gap|length|terminators"):
        WedgeDetector(**options)  # type: ignore[arg-type]


# --- the scanner the UI feeds ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_submitted_scans_come_out_in_order() -> None:
    scanner = KeyboardWedgeScanner()
    await scanner.start()
    scanner.submit(CARD)
    scanner.submit("DCC1.abc", Symbology.QR)
    assert await scanner.next_scan(timeout=0) == Scan(CARD)
    assert await scanner.next_scan(timeout=0) == Scan("DCC1.abc", Symbology.QR)
    started = time.monotonic()
    assert await scanner.next_scan(timeout=0.05) is None
    assert time.monotonic() - started >= 0.05
    assert await scanner.health() == PeripheralHealth.ok()
    await scanner.stop()


@pytest.mark.asyncio
async def test_a_waiting_caller_is_woken_and_stop_releases_it() -> None:
    scanner = KeyboardWedgeScanner()
    await scanner.start()
    waiting = asyncio.create_task(scanner.next_scan(timeout=30))
    await asyncio.sleep(0)
    assert not waiting.done()
    scanner.submit(CARD)
    assert await waiting == Scan(CARD)
    waiting = asyncio.create_task(scanner.next_scan(timeout=30))
    await asyncio.sleep(0)
    await scanner.stop()
    assert await waiting is None
    await scanner.stop()  # twice: fine


@pytest.mark.asyncio
async def test_stale_and_stopped_scans_are_dropped(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="hardware")
    scanner = KeyboardWedgeScanner(max_age=0.05)
    scanner.submit(CARD)  # not started: dropped
    await scanner.start()
    assert await scanner.next_scan(timeout=0) is None
    scanner.submit(CARD)
    await asyncio.sleep(0.1)  # nobody took it: the visitor has gone
    assert await scanner.next_scan(timeout=0) is None
    scanner.submit("1234")
    await scanner.stop()
    await scanner.start()
    assert await scanner.next_scan(timeout=0) is None  # stop forgot it
    await scanner.stop()
    assert CARD not in caplog.text


@pytest.mark.asyncio
async def test_lifecycle_rules_match_the_fake() -> None:
    scanner = KeyboardWedgeScanner()
    with pytest.raises(RuntimeError, match="before start"):
        await scanner.next_scan(timeout=0)
    await scanner.start()
    with pytest.raises(ValueError, match="negative"):
        await scanner.next_scan(timeout=-1)
    with pytest.raises(ValueError, match="text"):
        scanner.submit("")
    await scanner.stop()


def test_signatures_match_the_protocol() -> None:
    device: Scanner = KeyboardWedgeScanner()  # mypy checks the protocol
    for name in ("start", "stop", "next_scan", "health"):
        implemented = getattr(type(device), name)
        assert inspect.iscoroutinefunction(implemented)
        declared = inspect.signature(getattr(Scanner, name)).parameters
        assert list(inspect.signature(implemented).parameters) == list(declared)
