"""NfcpyCardEmulator and present_uid_only_tag, read by nfcpy's own reader side over UDP."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import nfc
import nfc.tag.tt4
import pytest

from hardware.nfc_card import NfcpyCardEmulator, _IsoDepTap, present_uid_only_tag
from tests.hardware.nfc_support import InThread, free_udp_port

T = TypeVar("T")

AID = bytes.fromhex("F04C49424341524401")
OK = b"\x90\x00"
BIG = bytes(range(256)) * 2


def card_app(apdu: bytes) -> bytes:
    if apdu[1] == 0xA4:
        return OK if apdu[5:] == AID else b"\x6a\x82"
    if apdu[1] == 0xB0:
        return BIG + OK
    return apdu[::-1] + OK


@pytest.fixture
def path() -> str:
    return f"udp:127.0.0.1:{free_udp_port()}"


@pytest.fixture(autouse=True)
def no_thread_left_behind() -> Iterator[None]:
    yield
    assert "card" not in {thread.name for thread in threading.enumerate()}


def with_nfcpy_reader(path: str, conversation: Callable[[Any], T], timeout: float = 5.0) -> T:
    """Poll with a plain nfcpy frontend and run ``conversation(tag)`` on the first tag found."""
    results: list[T] = []
    started = time.monotonic()
    clf = nfc.ContactlessFrontend(path)
    try:

        def on_connect(tag: Any) -> bool:
            results.append(conversation(tag))
            return False  # return at once, without waiting for the card to leave

        clf.connect(
            rdwr={"targets": ["106A"], "on-connect": on_connect, "iterations": 1},
            terminate=lambda: bool(results) or time.monotonic() - started > timeout,
        )
    finally:
        clf.close()
    assert results, "no card was found"
    return results[0]


def test_ats_announces_frame_size_and_waiting_time() -> None:
    card = NfcpyCardEmulator("udp", card_app)
    assert card.ats == bytes.fromhex("0578 80 A0 02")  # FSCI 8, FWI 10, CID supported
    assert card.fwt == pytest.approx(0.309, abs=0.001)
    other = NfcpyCardEmulator("udp", card_app, fwi=7, fsci=2, historical_bytes=b"HCE")
    assert other.ats == bytes.fromhex("0872 80 70 02") + b"HCE"


@pytest.mark.parametrize(
    "options",
    [
        {"uid": b"\x08\x01\x02"},
        {"fwi": 15},
        {"fsci": 9},
        {"sel_res": 0x00},
        {"sel_res": 0x40},
        {"historical_bytes": bytes(16)},
    ],
)
def test_impossible_cards_are_refused(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011  # each option has its own message
        NfcpyCardEmulator("udp", card_app, **options)


def test_nfcpy_reads_and_converses_with_the_card(path: str) -> None:
    uid = bytes.fromhex("08112233")

    def conversation(tag: Any) -> tuple[Any, ...]:
        selected = tag.send_apdu(0x00, 0xA4, 0x04, 0x00, AID)  # raises unless 9000
        big = tag.transceive(b"\x00\xb0\x00\x00\x00")
        echoed = tag.transceive(b"\x80\x10\x00\x00\x03abc")
        return type(tag), tag.identifier, selected, bytes(big), bytes(echoed)

    card = NfcpyCardEmulator(path, card_app, uid=uid, hold=0.3)
    with InThread(lambda: card.run(timeout=10), stop=card.stop) as tap:
        kind, identifier, selected, big, echoed = with_nfcpy_reader(path, conversation)
        assert issubclass(kind, nfc.tag.tt4.Type4Tag)
        assert identifier == uid
        assert selected == b""
        assert big == BIG + OK
        assert echoed == b"cba\x03\x00\x00\x10\x80" + OK
        assert tap.result() == 1


def test_seven_byte_uid_and_nfcpy_ndef_probe(path: str) -> None:
    # nfcpy's NDEF discovery selects the NDEF application: ours answers "not found".
    uid = bytes.fromhex("08A1A2A3A4A5A6")
    card = NfcpyCardEmulator(path, card_app, uid=uid, hold=0.3)
    with InThread(lambda: card.run(timeout=10), stop=card.stop):
        identifier, ndef = with_nfcpy_reader(path, lambda tag: (tag.identifier, tag.ndef))
    assert identifier == uid
    assert ndef is None


def test_a_slow_application_is_covered_by_waiting_time_extensions(path: str) -> None:
    def slow_app(apdu: bytes) -> bytes:
        time.sleep(1.0)  # three frame waiting times: the card sends S(WTX) meanwhile
        return b"signed" + OK

    card = NfcpyCardEmulator(path, slow_app, hold=0.3)
    with InThread(lambda: card.run(timeout=10), stop=card.stop):

        def conversation(tag: Any) -> tuple[bytes, float]:
            started = time.monotonic()
            response = bytes(tag.transceive(b"\x80\x88\x00\x00\x01x"))
            return response, time.monotonic() - started

        response, elapsed = with_nfcpy_reader(path, conversation)
    assert response == b"signed" + OK
    assert elapsed >= 1.0


def test_a_failing_application_answers_6f00(path: str) -> None:
    def broken_app(apdu: bytes) -> bytes:
        raise RuntimeError("bug in the card app")

    card = NfcpyCardEmulator(path, broken_app, hold=0.3)
    with InThread(lambda: card.run(timeout=10), stop=card.stop):
        response = with_nfcpy_reader(path, lambda tag: bytes(tag.transceive(b"\x00\x00\x00\x00")))
    assert response == b"\x6f\x00"


def test_deselect_ends_the_tap(path: str) -> None:
    card = NfcpyCardEmulator(path, card_app, hold=30.0)
    with InThread(lambda: card.run(timeout=10), stop=card.stop) as tap:
        answer = with_nfcpy_reader(path, lambda tag: bytes(tag.clf.exchange(b"\xc2", 0.5)))
        started = time.monotonic()
        assert tap.result(timeout=5.0) == 1
        assert time.monotonic() - started < 1.0
    assert answer == b"\xc2"


def test_without_a_reader_no_tap_completes(path: str) -> None:
    card = NfcpyCardEmulator(path, card_app)
    started = time.monotonic()
    assert card.run(taps=1, timeout=0.6) == 0
    assert time.monotonic() - started < 2.0


def test_stop_ends_run_promptly(path: str) -> None:
    card = NfcpyCardEmulator(path, card_app)
    with InThread(lambda: card.run(taps=3, timeout=30)) as running:
        time.sleep(0.2)
        started = time.monotonic()
        card.stop()
        assert running.result(timeout=5.0) == 0
        assert time.monotonic() - started < 1.5


def test_a_device_that_cannot_be_opened_raises() -> None:
    with pytest.raises(OSError, match="no NFC device"):
        NfcpyCardEmulator("tty:USB97:pn532", card_app).run(timeout=0.1)
    with pytest.raises(OSError, match="no NFC device"):
        present_uid_only_tag("tty:USB97:pn532", hold=0.1)


class _Recorder:
    """Stands in for nfcpy's frontend in block-level tests: nothing is sent."""

    device = None


def test_block_rules_chaining_cid_and_retransmission() -> None:
    card = NfcpyCardEmulator("udp", card_app, fsci=8)
    tap = _IsoDepTap(card, _Recorder(), b"\xe0\x20")  # FSDI 2: the reader takes 32-byte frames
    # A chained command with CID 1: acknowledged with the same block number and CID.
    assert tap._receive(b"\x1a\x01\x80\x10\x00\x00") == b"\xaa\x01"
    assert tap._receive(b"\x0b\x01\x05hello") is None  # last block: the application runs
    assert tap.work is not None
    assert tap.work.result(timeout=5.0) == b"olleh\x05\x00\x00\x10\x80" + OK
    tap.reply_due = time.monotonic()
    first = tap._await_application()
    assert first == b"\x0b\x01" + (b"olleh\x05\x00\x00\x10\x80" + OK)
    # The reader missed it: R(NAK) with our block number gets it again (rule 11).
    assert tap._receive(b"\xbb\x01") == first
    # A presence check with the other number gets R(ACK) (rule 12).
    assert tap._receive(b"\xba\x01") == b"\xab\x01"
    # S(DESELECT) is answered and ends the tap.
    assert tap._receive(b"\xca\x01") == b"\xca\x01"
    assert tap.over


def test_long_responses_are_chained_to_the_readers_frame_size() -> None:
    card = NfcpyCardEmulator("udp", card_app)
    tap = _IsoDepTap(card, _Recorder(), b"\xe0\x20")  # 32-byte frames: 29 bytes of INF
    tap.block_number = 0
    tap.pending = bytes(range(70))
    blocks = [tap._next_response_block()]
    while tap.pending:
        blocks.append(tap._receive(bytes([0xA2 | (tap.block_number ^ 1)])) or b"")
    assert [b[0] for b in blocks] == [0x12, 0x13, 0x02]
    assert b"".join(b[1:] for b in blocks) == bytes(range(70))
    assert max(len(b) for b in blocks) == 30


def test_uid_only_tag_options_are_checked() -> None:
    with pytest.raises(ValueError, match="106A or 212F"):
        present_uid_only_tag("udp", technology="106B")
    with pytest.raises(ValueError, match="0x04"):
        present_uid_only_tag("udp", uid=bytes.fromhex("04112233445566"))
    with pytest.raises(ValueError, match="01FE"):
        present_uid_only_tag("udp", technology="212F", uid=bytes.fromhex("01FE010203040506"))


def test_uid_only_tag_nobody_reads(path: str) -> None:
    assert present_uid_only_tag(path, hold=0.6) is False


def test_nfcpy_reads_a_type2_tag(path: str) -> None:
    uid = bytes.fromhex("05112233445566")
    stop = threading.Event()
    with InThread(lambda: present_uid_only_tag(path, uid=uid, hold=5.0, stop=stop)) as tag:
        product, identifier, page0 = with_nfcpy_reader(
            path, lambda tag: (tag.product, tag.identifier, bytes(tag.read(0)))
        )
        stop.set()
        assert tag.result() is True
    assert product == "Type2Tag"
    assert identifier == uid
    assert page0[:9] == uid[:3] + bytes([0x88 ^ 0x05 ^ 0x11 ^ 0x22]) + uid[3:] + bytes(
        [0x33 ^ 0x44 ^ 0x55 ^ 0x66]
    )
