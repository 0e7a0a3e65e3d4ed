"""SIP2 frames and replies: checked against pysip2's independent codec, then mapped."""

from __future__ import annotations

import datetime as dt

import pytest
from pysip2 import (
    ItemInformationRequest,
    LoginRequest,
    PatronInformationRequest,
    PatronInformationResponse,
    SCStatusRequest,
    calculate_checksum,
    decode_message,
    encode_message,
)

from fleet.patrons.directory import PatronFlag, PatronRecord
from fleet.patrons.sip2 import messages, records
from fleet.patrons.sip2.messages import Sip2Error, parse_reply

NOW = dt.datetime(2025, 6, 2, 14, 30, 5)
TODAY = NOW.date()


def test_checksum_known_values() -> None:
    assert messages.checksum(b"97AZ") == "FEF5"
    assert messages.ACS_RESEND == b"97AZFEF5\r"
    assert decode_message(messages.ACS_RESEND).checksum == "FEF5"
    for data in (b"9300CNkiosk|COpw|CPoodi|AY0AZ", b"\xff" * 300 + b"AZ", b"AZ"):
        assert messages.checksum(data) == calculate_checksum(data)


def test_requests_decode_in_pysip2() -> None:
    login = decode_message(messages.login("kiosk", "pä:ss", "oodi").frame(0, "cp850"))
    assert login.message == LoginRequest(
        uid_algorithm="0",
        pwd_algorithm="0",
        login_user_id="kiosk",
        login_password="pä:ss",
        location_code="oodi",
    )
    assert (login.sequence_number, login.checksum is not None) == (0, True)

    status = decode_message(messages.sc_status().frame(1, "cp850"))
    assert status.message == SCStatusRequest(
        status_code="0", max_print_width="080", protocol_version="2.00"
    )

    info = messages.patron_information(
        institution="HELMET",
        card_number="HEL123",
        terminal_password="",
        pin="4321",
        now=NOW,
    )
    decoded = decode_message(info.frame(9, "utf-8"), encoding="utf-8")
    assert decoded.sequence_number == 9
    assert decoded.message == PatronInformationRequest(
        language="000",
        transaction_date="20250602    143005",
        summary=" " * 10,
        institution_id="HELMET",
        patron_identifier="HEL123",
        terminal_password="",
        patron_password="4321",
    )

    holds = messages.patron_information(
        institution="",
        card_number="HEL123",
        terminal_password="t",
        pin=None,
        now=NOW,
        summary="hold_items",
        end_item=50,
    )
    request = decode_message(holds.frame(2, "cp850")).message
    assert isinstance(request, PatronInformationRequest)
    assert request.summary == "Y" + " " * 9
    assert request.patron_password is None
    assert (request.start_item, request.end_item) == ("1", "50")

    item = decode_message(
        messages.item_information(
            institution="HELMET", item_id="ITEM-1", terminal_password="", now=NOW
        ).frame(3, "cp850")
    ).message
    assert isinstance(item, ItemInformationRequest)
    assert item.item_identifier == "ITEM-1"


def test_request_repr_hides_fields() -> None:
    request = messages.patron_information(
        institution="H", card_number="HEL123", terminal_password="", pin="4321", now=NOW
    )
    assert "4321" not in repr(request)
    assert "HEL123" not in repr(request)


def _64(**fields: object) -> PatronInformationResponse:
    base: dict[str, object] = {
        "patron_status": " " * 14,
        "language": "006",
        "transaction_date": "20250602    143005",
        "hold_items_count": "0001",
        "overdue_items_count": "    ",
        "charged_items_count": "0003",
        "fine_items_count": "0000",
        "recall_items_count": "0000",
        "unavailable_holds_count": "0000",
        "institution_id": "HELMET",
        "patron_identifier": "HEL123",
        "personal_name": "Berg, Elsa",
    }
    base.update(fields)
    return PatronInformationResponse(**base)  # type: ignore[arg-type]


def test_reply_from_pysip2_with_repeated_fields() -> None:
    frame = encode_message(
        _64(valid_patron="Y", charged_items=("A1", "A2", "A3"), screen_message=("hi", "there")),
        sequence_number=4,
        checksum=True,
    )
    reply = parse_reply(frame, "cp850")
    assert (reply.command, reply.sequence, reply.checksummed) == ("64", 4, True)
    assert reply.all("AU") == ["A1", "A2", "A3"]
    assert reply.all("AF") == ["hi", "there"]
    assert reply.first("AE") == "Berg, Elsa"
    assert reply.first("BV") is None
    assert reply.all("AS") == []
    counts = records.Counts.from_reply(reply)
    assert (counts.holds, counts.overdue, counts.charged) == (1, None, 3)


def test_reply_fields_in_any_order_without_error_detection() -> None:
    fixed = "Y" * 4 + " " * 10 + "007" + "20250602    143005" + "0000" * 6
    body = f"64{fixed}BLY|AEAino Virtanen|AUx|AOH|AUy|AAHEL1|CQY|XZextension|"
    reply = parse_reply(body.encode() + b"\r\n", "cp850")
    assert reply.sequence is None
    assert not reply.checksummed
    assert reply.all("AU") == ["x", "y"]
    assert reply.first("XZ") == "extension"


@pytest.mark.parametrize(
    "trailer", [b"AY7AZ", b"|AY7AZ", b"|AY7|AZ"], ids=["plain", "after-bar", "bars"]
)
def test_trailer_variants(trailer: bytes) -> None:
    body = b"941" + trailer
    frame = body + messages.checksum(body).lower().encode() + b"\r"
    reply = parse_reply(frame, "cp850")
    assert (reply.fixed, reply.sequence, reply.checksummed) == ("1", 7, True)


def test_bad_replies() -> None:
    good = encode_message(_64(), sequence_number=1, checksum=True)
    corrupted = good[:-2] + (b"0" if good[-2:-1] != b"0" else b"1") + b"\r"
    with pytest.raises(Sip2Error) as caught:
        parse_reply(corrupted, "cp850")
    assert caught.value.detail == "bad_checksum"
    with pytest.raises(Sip2Error, match="malformed") as caught:
        parse_reply(good[:-5] + b"12G4\r", "cp850")
    assert caught.value.detail == "bad_checksum"
    for frame, why in (
        (b"XX1\r", "no command id"),
        (b"941\r".replace(b"94", b"12"), "unexpected message 12"),
        (b"64 YY\r", "fixed fields truncated"),
        (b"941A\r", "truncated field id"),
    ):
        with pytest.raises(Sip2Error, match=why) as caught:
            parse_reply(frame, "cp850")
        assert caught.value.detail == "bad_reply"


def test_latin_names_in_both_encodings() -> None:
    for encoding in ("cp850", "utf-8"):
        frame = encode_message(
            _64(personal_name="Söderström, Åsa"),
            sequence_number=0,
            checksum=True,
            encoding=encoding,
        )
        assert parse_reply(frame, encoding).first("AE") == "Söderström, Åsa"
    # The wrong encoding garbles a name but does not fail a log-in.
    frame = encode_message(_64(personal_name="Åsa"), sequence_number=0, checksum=True)
    assert parse_reply(frame, "utf-8").first("AE") is not None


# -- records -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("Virtanen, Aino Maria", "Aino"),
        ("Virtanen,Aino", "Aino"),
        ("Aino  Maria Virtanen", "Aino"),
        ("Anna-Liisa", "Anna-Liisa"),
        ("  ", None),
        ("Virtanen, ", None),
        (None, None),
        ("X" * 100, "X" * 64),
    ],
)
def test_first_name(name: str | None, first: str | None) -> None:
    assert records.first_name(name) == first


def test_flags_in_sip2_order() -> None:
    assert records.flags(" " * 14) == frozenset()
    assert records.flags("N" * 14) == frozenset()
    assert records.flags("Y" + " " * 12 + "Y") == {
        PatronFlag.CHARGE_DENIED,
        PatronFlag.TOO_MANY_BILLED,
    }
    assert records.flags("    Y" + " " * 9) == {PatronFlag.CARD_LOST}
    for bad in ("Y" * 13, "x" * 14):
        with pytest.raises(Sip2Error):
            records.flags(bad)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("12.50", 1250), ("12,5", 1250), ("0.005", 1), ("7", 700), ("-3.00", 0), ("+1.10", 110)],
)
def test_cents(amount: str, expected: int) -> None:
    assert records.cents(amount) == expected


@pytest.mark.parametrize("amount", ["12.50 EUR", "€3", "1e3", "", "12.5.0"])
def test_cents_refuses_what_it_cannot_read(amount: str) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        records.cents(amount)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("20150304", dt.date(2015, 3, 4)),
        ("20150304    120000", dt.date(2015, 3, 4)),
        ("20150304EET 120000", dt.date(2015, 3, 4)),
        ("2015-03-04", dt.date(2015, 3, 4)),
        ("4.3.2015", dt.date(2015, 3, 4)),
        ("", None),
        ("00000000", None),
    ],
)
def test_dates(text: str, date: dt.date | None) -> None:
    assert records.parse_date(text) == date


@pytest.mark.parametrize("text", ["03/04/2015", "20151304", "soon", "2015"])
def test_dates_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a date|month|day"):
        records.parse_date(text)


def _record(frame_fields: str, *, pin_sent: bool, status: str = " " * 14) -> PatronRecord:
    fixed = status + "007" + "20250602    143005" + "0000" * 6
    reply = parse_reply(f"64{fixed}AOH|AAHEL1|{frame_fields}\r".encode(), "cp850")
    return records.patron_record(reply, "HEL1", pin_sent=pin_sent, today=TODAY)


def test_patron_record_fails_closed() -> None:
    # A PIN was sent but the ACS did not say whether it was right: not right.
    assert _record("AEAino|BLY|", pin_sent=True).pin_ok is False
    # SIP 1 ACSs send no BL: a patron with a name is known.
    assert _record("AEAino|", pin_sent=False).known
    assert not _record("AE|", pin_sent=False).known
    unknown = _record("AE|BLN|CQY|", pin_sent=True)
    assert (unknown.known, unknown.pin_ok, unknown.first_name) == (False, False, None)
    for bad in ("AEA|BLX|", "AEA|BLY|CQmaybe|", "AEA|BLY|BVlots|", "AEA|BLY|PAnever|"):
        with pytest.raises(Sip2Error) as caught:
            _record(bad, pin_sent=True)
        assert caught.value.detail == "bad_reply"


def test_patron_record_fields() -> None:
    record = _record(
        "AEBerg, Elsa|BLY|CQY|BV0.99|BHSEK|PB20100101|PA20250602|",
        pin_sent=True,
        status="  Y" + " " * 11,
    )
    assert record.known
    assert record.pin_ok
    assert record.first_name == "Elsa"
    assert record.language == "fi"
    assert record.fees_cents == 99
    assert record.birth_date == dt.date(2010, 1, 1)
    assert not record.card_expired  # expires at the end of today
    assert record.flags == {PatronFlag.RECALL_DENIED}
    assert "Elsa" not in repr(record)
    assert "HEL1" not in repr(record)


def test_languages() -> None:
    assert records.LANGUAGES == {"001": "en", "024": "en", "006": "sv", "007": "fi"}


def test_item_details() -> None:
    def item(status: str, fields: str) -> records.ItemDetails:
        frame = f"18{status}0201{'20250602    143005'}ABI1|{fields}\r".encode()
        return records.item_details(parse_reply(frame, "cp850"))

    waiting = item("08", "AJTitle|APOodi|CM20250609    000000|AH|")
    assert waiting == records.ItemDetails(
        title="Title",
        due=None,
        on_hold_shelf=True,
        pickup_location="Oodi",
        pickup_by=dt.date(2025, 6, 9),
    )
    in_transit = item("10", "AJT|APPasila|CTKallio|")
    assert (in_transit.on_hold_shelf, in_transit.pickup_location) == (False, "Kallio")
    charged = item("04", "AJ|APPasila|AHnext week|")
    assert (charged.title, charged.due, charged.pickup_location) == (None, None, None)
