"""Slip layouts: every language fits 58 and 80 mm, nothing left in English, codes as text and QR."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from fleet.protocol import LocalizedText
from fleet.protocol.support import (
    BookingConfirmation,
    BookingStatus,
    HelpStatus,
    HelpTicket,
    SupportTopic,
)
from hardware import Receipt, TextSize, render_text
from kiosk.services.slips import (
    TEXTS,
    booking_slip,
    format_slip_time,
    guest_pass_slip,
    queue_ticket,
)
from tests.hardware.escpos_support import adapter, read_codes, simulator

HELSINKI = ZoneInfo("Europe/Helsinki")
LANGUAGES = ("fi", "sv", "en")
#: Tuesday 8 December 2026, 14.00 in Helsinki.
TWO_PM = dt.datetime(2026, 12, 8, 12, 0, tzinfo=dt.UTC)
CODE = "KX7Q42"
#: Words that give English away; none is a Finnish or Swedish word.
ENGLISH = {
    "your", "the", "appointment", "adviser", "when", "where", "topic", "booking", "code",
    "bring", "this", "slip", "cancel", "change", "queue", "number", "will", "come",
    "computer", "wait", "ahead", "you", "next", "estimated", "about", "taken", "guest",
    "pass", "valid", "until", "time", "use", "log", "show", "others",
}  # fmt: skip


def confirmation(**changes: object) -> BookingConfirmation:
    fields: dict[str, object] = {
        "code": CODE,
        "status": BookingStatus.BOOKED,
        "branch_id": "oodi",
        "branch_name": LocalizedText(
            fi="Keskustakirjasto Oodi", sv="Centrumbiblioteket Ode", en="Oodi Central Library"
        ),
        "place": "3. kerros, digituen piste",
        "adviser_name": "Aino",
        "starts_at": TWO_PM,
        "ends_at": TWO_PM + dt.timedelta(minutes=45),
        "topic": SupportTopic.BOOKING_SPACES,  # the longest topic name
        "language": "fi",
    }
    fields.update(changes)
    return BookingConfirmation.model_validate(fields)


def ticket(position: int = 2, topic: SupportTopic | None = SupportTopic.EMAIL) -> HelpTicket:
    return HelpTicket(
        id=1,
        number=17,
        status=HelpStatus.WAITING,
        topic=topic,
        position=position,
        estimated_wait_minutes=10,
        created_at=TWO_PM + dt.timedelta(minutes=3),
    )


def all_slips(language: str) -> list[Receipt]:
    return [
        booking_slip(confirmation(), language, address="Töölönlahdenkatu 4", tz=HELSINKI),
        booking_slip(confirmation(place="", adviser_name=None), language, tz=HELSINKI),
        queue_ticket(ticket(), "Oodi", language, tz=HELSINKI),
        queue_ticket(ticket(0, None), "Oodi", language, at_desk=True, tz=HELSINKI),
        guest_pass_slip("12345678", "4321", TWO_PM, 120, "Oodi", language, tz=HELSINKI),
    ]


def words(receipt: Receipt) -> set[str]:
    text = " ".join(line.text for line in (*receipt.lines, *receipt.footer))
    return set(re.findall(r"[a-zåäöé]+", text.lower()))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", [32, 42])
def test_every_slip_fits_the_paper_without_breaking_a_word(language: str, width: int) -> None:
    for receipt in all_slips(language):
        slip = render_text(receipt, width)
        assert max(len(line) for line in slip.splitlines()) <= width
        # No word was cut in two (a hyphenated one may break at its hyphen).
        printed = set(re.findall(r"[\wåäöé€.]+", slip.lower()))
        for line in (*receipt.lines, *receipt.footer):
            if line.size is TextSize.NORMAL:
                assert set(re.findall(r"[\wåäöé€.]+", line.text.lower())) <= printed


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_finnish_and_swedish_slips_have_no_english(language: str) -> None:
    for receipt in all_slips(language):
        assert not words(receipt) & ENGLISH, words(receipt) & ENGLISH


def test_english_slips_are_english() -> None:
    assert {"your", "appointment", "adviser"} <= words(all_slips("en")[0])


def test_every_text_is_translated() -> None:
    for key, text in TEXTS.items():
        assert text.fi != text.en, key
        assert text.sv != text.en, key
        assert text.fi != text.sv, key


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "ti 8.12. klo 14.00"), ("sv", "tis 8.12 kl. 14.00"), ("en", "Tue 8 Dec at 14:00")],
)
def test_times_are_written_as_in_finland(language: str, expected: str) -> None:
    assert format_slip_time(TWO_PM, language, HELSINKI) == expected
    assert format_slip_time(dt.datetime(2026, 12, 8, 9, 5), language).endswith(
        "9:05" if language == "en" else "9.05"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_booking_code_is_printed_as_text_and_as_a_qr_code(language: str) -> None:
    receipt = booking_slip(confirmation(), language, tz=HELSINKI)
    assert receipt.qr == CODE
    large = [line for line in receipt.lines if line.size is TextSize.LARGE]
    assert [line.text for line in large] == [CODE]
    texts = [line.text for line in receipt.lines]
    assert any("Aino" in text for text in texts)
    assert any(format_slip_time(TWO_PM, language, HELSINKI) in text for text in texts)


def test_a_long_code_is_never_broken_in_two() -> None:
    code = "LONG-BOOKING-CODE-2026"
    receipt = booking_slip(confirmation(code=code), "fi", tz=HELSINKI)
    lines = [line.strip() for line in render_text(receipt, 32).splitlines()]
    assert code in lines  # bold, normal size, one line
    assert receipt.qr == code


def test_booking_slip_contents_in_finnish() -> None:
    receipt = booking_slip(confirmation(), "fi", address="Töölönlahdenkatu 4", tz=HELSINKI)
    assert [line.text for line in receipt.lines] == [
        "Keskustakirjasto Oodi",
        "Aikasi digitukeen",
        "",
        "Aika: ti 8.12. klo 14.00",
        "Paikka: 3. kerros, digituen piste",
        "Neuvoja: Aino",
        "Aihe: Tilojen ja liikuntapaikkojen varaus",
        "",
        "Varauskoodi",
        CODE,
    ]
    assert receipt.footer[-1].text == "Töölönlahdenkatu 4"


def test_queue_ticket_says_where_help_comes() -> None:
    comes = [line.text for line in queue_ticket(ticket(), "Oodi", "sv", tz=HELSINKI).lines]
    assert "17" in comes
    assert "En handledare kommer till den här datorn." in comes
    assert "Före dig i kön: 2" in comes
    assert "Beräknad väntetid: cirka 10 min" in comes
    desk = queue_ticket(ticket(0, None), "Oodi", "en", at_desk=True, tz=HELSINKI)
    texts = [line.text for line in desk.lines]
    assert "Wait at the help desk. You will be called by this number." in texts
    assert "You are next." in texts
    assert not any("Estimated" in text for text in texts)
    assert desk.footer[0].text == "Taken Tue 8 Dec at 14:03"


def test_guest_pass_groups_the_code() -> None:
    receipt = guest_pass_slip("12345678", "4321", TWO_PM, 120, "Oodi", "fi", tz=HELSINKI)
    large = [line.text for line in receipt.lines if line.size is TextSize.LARGE]
    assert large == ["1234 5678", "4321"]
    texts = [line.text for line in receipt.lines]
    assert "Käyttöaikaa: 120 min" in texts
    assert "Voimassa ti 8.12. klo 14.00 asti" in texts


@pytest.mark.asyncio
@pytest.mark.parametrize("width", [58, 80])
async def test_a_booking_slip_prints_on_the_simulated_printer(tmp_path: Path, width: int) -> None:
    receipt = booking_slip(confirmation(), "sv", address="Tölöviksgatan 4", tz=HELSINKI)
    async with simulator(tmp_path, paper_mm=width) as sim, adapter(sim.spec) as printer:
        await printer.print_receipt(receipt)
        (job,) = await sim.wait_for_jobs(1)
    lines = job.decoded.text_lines
    assert "Tid: tis 8.12 kl. 14.00" in lines
    assert "Ämne: Bokning av lokaler och idrottsplatser" in " ".join(lines)
    assert CODE in lines
    assert max(line.columns for line in job.decoded.lines) <= (32 if width == 58 else 42)
    assert job.png is not None
    assert read_codes(job.png) == [("QRCode", CODE)]
