"""NfcpyReader against real nfcpy over its UDP driver, with cards played by nfcpy's card side."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import nfc.tag.tt4
import pytest
import pytest_asyncio

import hardware.nfc
from hardware import CardKind, CardRead, CardReaderError, CardRemovedError, NotIsoDepError
from hardware.health import HealthStatus, PeripheralHealth
from hardware.nfc import NfcpyReader
from hardware.nfc_card import NfcpyCardEmulator, present_uid_only_tag
from tests.hardware.nfc_support import InThread, free_udp_port

AID = bytes.fromhex("F04C494243415244 01")
SELECT = bytes.fromhex("00A40400 09") + AID
OK = b"\x90\x00"
NOT_FOUND = b"\x6a\x82"
#: Longer than one frame the reader accepts (256 bytes less PCB and CRC): chained back.
BIG = bytes(range(256)) * 4 + b"library"


def card_app(apdu: bytes) -> bytes:
    """A card application: SELECT of its AID; B0 reads a big file; anything else is echoed."""
    if apdu[1] == 0xA4:
        return OK if apdu[5:] == AID else NOT_FOUND
    if apdu[1] == 0xB0:
        return BIG + OK
    return apdu[::-1] + OK


@pytest.fixture
def path() -> str:
    return f"udp:127.0.0.1:{free_udp_port()}"


@pytest.fixture(autouse=True)
def no_thread_left_behind() -> Iterator[None]:
    yield
    names = {thread.name for thread in threading.enumerate()}
    assert "nfcpy-reader" not in names
    assert "card" not in names


@pytest_asyncio.fixture
async def reader(path: str) -> AsyncIterator[NfcpyReader]:
    """Not started: tests start it once their card listens, so its first probe finds the card
    (on the UDP driver a probe nobody answers costs a second).
    """
    # Type A only: every silent technology costs another second per polling round.
    device = NfcpyReader(path, targets=("106A",))
    try:
        yield device
    finally:
        await device.stop()


async def read_card(reader: NfcpyReader, within: float = 5.0) -> CardRead:
    card = await reader.read(timeout=within)
    assert card is not None, "no card was read"
    return card


def phone(path: str, **options: Any) -> NfcpyCardEmulator:
    return NfcpyCardEmulator(path, card_app, **options)


@pytest.mark.asyncio
async def test_iso_dep_conversation_round_trips_exact_bytes(reader: NfcpyReader, path: str) -> None:
    # fsci=2: the card takes 32-byte frames, so the reader chains longer commands too.
    card = phone(path, fsci=2, hold=0.5)
    with InThread(lambda: card.run(timeout=10), stop=card.stop) as tap:
        await reader.start()
        read = await read_card(reader)
        assert read.kind is CardKind.ISO_DEP
        assert read.technology == "106A"
        assert len(read.uid) == 4
        assert read.uid[0] == 0x08  # random per tap, as phones do
        assert await read.transceive(SELECT, timeout=1.0) == OK
        assert await read.transceive(b"\x00\xb0\x00\x00\x00", timeout=2.0) == BIG + OK
        long_command = b"\x80\x10\x00\x00\xc8" + os.urandom(200)
        assert await read.transceive(long_command, timeout=2.0) == long_command[::-1] + OK
        wrong = bytes.fromhex("00A4040007A0000000041010")
        assert await read.transceive(wrong, timeout=1.0) == NOT_FOUND
        assert tap.result() == 1


@pytest.mark.asyncio
async def test_uid_only_tag_is_read_once_without_exchange(
    reader: NfcpyReader, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    uid = bytes.fromhex("05A1B2C3D4E5F6")
    stop = threading.Event()
    with InThread(lambda: present_uid_only_tag(path, uid=uid, hold=5.0, stop=stop), stop=stop.set):
        await reader.start()
        read = await read_card(reader)
        assert read.kind is CardKind.NFC_UID
        assert read.uid == uid
        assert read.technology == "106A"
        assert read.exchange is None
        with pytest.raises(NotIsoDepError):
            await read.transceive(SELECT)
        # Still lying on the reader: not read again.
        assert await reader.read(timeout=0.7) is None
    assert "a1b2c3" not in caplog.text.lower()  # a UID can track a person: never logged


@pytest.mark.asyncio
async def test_felica_tag_is_read_with_the_default_targets(path: str) -> None:
    reader = NfcpyReader(path)
    idm = bytes.fromhex("02FE0A0B0C0D0E0F")
    stop = threading.Event()

    def felica() -> bool:
        return present_uid_only_tag(path, uid=idm, technology="212F", hold=8.0, stop=stop)

    try:
        with InThread(felica, stop=stop.set):
            await reader.start()  # polls 106A (a second unanswered) then 212F
            read = await read_card(reader, within=6.0)
            assert (read.kind, read.uid, read.technology) == (CardKind.NFC_UID, idm, "212F")
    finally:
        await reader.stop()


@pytest.mark.asyncio
async def test_card_removed_mid_conversation(reader: NfcpyReader, path: str) -> None:
    # FWI 8 (77 ms), as phones announce: a card that left is noticed in about half a second.
    card = phone(path, hold=30.0, fwi=8)
    with InThread(lambda: card.run(timeout=10), stop=card.stop):
        await reader.start()
        read = await read_card(reader)
        assert await read.transceive(SELECT, timeout=1.0) == OK
        card.remove()
        started = time.monotonic()
        with pytest.raises(CardRemovedError) as caught:
            await read.transceive(b"\x80\x01\x00\x00", timeout=3.0)
        assert caught.value.detail == "card_removed"
        assert time.monotonic() - started < 2.0
        with pytest.raises(CardRemovedError):
            await read.transceive(SELECT, timeout=1.0)


@pytest.mark.asyncio
async def test_card_that_never_answers_times_out(reader: NfcpyReader, path: str) -> None:
    answer = threading.Event()

    def hung_app(apdu: bytes) -> bytes:
        if apdu != SELECT:
            answer.wait(10.0)  # the phone's app hangs; its NFC stack asks for more time
        return OK

    card = NfcpyCardEmulator(path, hung_app, hold=30.0)
    try:
        with InThread(lambda: card.run(timeout=10), stop=card.stop):
            await reader.start()
            read = await read_card(reader)
            assert await read.transceive(SELECT, timeout=1.0) == OK
            started = time.monotonic()
            with pytest.raises(CardReaderError) as caught:
                await read.transceive(b"\x80\x88\x00\x00\x04abcd", timeout=0.6)
            elapsed = time.monotonic() - started
            assert caught.value.detail == "card_timeout"
            assert not isinstance(caught.value, CardRemovedError)
            assert 0.6 <= elapsed < 1.2
            # The conversation cannot be trusted after that: it is over.
            with pytest.raises(CardReaderError) as again:
                await read.transceive(SELECT, timeout=1.0)
            assert again.value.detail == "card_timeout"
    finally:
        answer.set()


@pytest.mark.asyncio
async def test_nothing_presented_reads_none_within_the_timeout(reader: NfcpyReader) -> None:
    await reader.start()
    started = time.monotonic()
    assert await reader.read(timeout=0) is None
    assert time.monotonic() - started < 0.1
    started = time.monotonic()
    assert await reader.read(timeout=0.3) is None
    assert 0.3 <= time.monotonic() - started < 0.6
    with pytest.raises(ValueError, match="negative"):
        await reader.read(timeout=-1)


@pytest.mark.asyncio
async def test_two_taps_in_a_row_are_two_reads(reader: NfcpyReader, path: str) -> None:
    await reader.start()  # already polling when the first tap comes
    card = phone(path, hold=0.3, gap=0.5)
    with InThread(lambda: card.run(taps=2, timeout=15), stop=card.stop) as taps:
        first = await read_card(reader)
        assert await first.transceive(SELECT, timeout=1.0) == OK
        second = await read_card(reader)
        assert await second.transceive(SELECT, timeout=1.0) == OK
        assert first.uid != second.uid  # a fresh random UID per tap
        with pytest.raises(CardRemovedError):
            await first.transceive(SELECT, timeout=1.0)
        assert taps.result() == 2
    assert await reader.read(timeout=0.3) is None


@pytest.mark.asyncio
async def test_release_deselects_the_phone(reader: NfcpyReader, path: str) -> None:
    card = phone(path, hold=30.0)
    with InThread(lambda: card.run(timeout=10), stop=card.stop) as tap:
        await reader.start()
        read = await read_card(reader)
        assert await read.transceive(SELECT, timeout=1.0) == OK
        started = time.monotonic()
        reader.release(read)
        # The card saw S(DESELECT) and ended its tap long before its 30 s hold.
        assert tap.result(timeout=5.0) == 1
        assert time.monotonic() - started < 2.0
        with pytest.raises(CardRemovedError, match="released"):
            await read.transceive(SELECT, timeout=1.0)
    assert await reader.read(timeout=0.3) is None


@pytest.mark.asyncio
async def test_a_phone_that_also_offers_peer_to_peer_is_a_card(
    reader: NfcpyReader, path: str
) -> None:
    # nfcpy's own discovery would skip it (SEL_RES 0x60: ISO-DEP and NFC-DEP).
    card = phone(path, sel_res=0x60)
    with InThread(lambda: card.run(timeout=10), stop=card.stop):
        await reader.start()
        read = await read_card(reader)
        assert read.kind is CardKind.ISO_DEP
        assert await read.transceive(SELECT, timeout=1.0) == OK


@pytest.mark.asyncio
async def test_stop_is_prompt_safe_twice_and_ends_a_conversation(path: str) -> None:
    reader = NfcpyReader(path, targets=("106A",))
    await reader.stop()  # without start: nothing to do
    card = phone(path, hold=30.0)
    with InThread(lambda: card.run(timeout=10), stop=card.stop):
        await reader.start()
        assert await reader.health() == PeripheralHealth.ok()
        read = await read_card(reader)
        assert await read.transceive(SELECT, timeout=1.0) == OK
        started = time.monotonic()
        await reader.stop()
        assert time.monotonic() - started < 2.0
        await reader.stop()
        with pytest.raises(CardRemovedError):
            await read.transceive(SELECT, timeout=1.0)
    assert "nfcpy-reader" not in {thread.name for thread in threading.enumerate()}
    assert (await reader.health()).status is HealthStatus.ABSENT
    with pytest.raises(RuntimeError, match="before start"):
        await reader.read(timeout=0)


@pytest.mark.asyncio
async def test_stop_while_polling_a_silent_field_is_prompt(path: str) -> None:
    # Each probe waits a second for an answer on the UDP driver: stop() must not wait it out.
    reader = NfcpyReader(path, targets=("106A", "212F"))
    await reader.start()
    await asyncio.sleep(0.3)
    started = time.monotonic()
    await reader.stop()
    assert time.monotonic() - started < 1.5


@pytest.mark.asyncio
@pytest.mark.parametrize("missing", ["usb:ffff:ffff", "tty:USB97:pn532"])
async def test_a_missing_reader_shows_in_health_and_start_does_not_raise(missing: str) -> None:
    reader = NfcpyReader(missing, retry_interval=0.2)
    await reader.start()
    try:
        health = await reader.health()
        assert not health.usable
        # Without libusb (a bare container) it says so; with it, the device is not found.
        assert (health.status, health.detail) in {
            (HealthStatus.ABSENT, "not_found"),
            (HealthStatus.ERROR, "libusb_missing"),
        }
        with pytest.raises(CardReaderError) as caught:
            await reader.read(timeout=0.1)
        assert caught.value.detail == health.detail
    finally:
        await reader.stop()


@pytest.mark.asyncio
async def test_a_reader_plugged_in_later_starts_working(
    path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[str] = []
    really_open = hardware.nfc._Frontend.open

    def open_on_third_attempt(frontend: Any, device_path: str) -> bool:
        attempts.append(device_path)
        return len(attempts) >= 3 and bool(really_open(frontend, device_path))

    monkeypatch.setattr(hardware.nfc._Frontend, "open", open_on_third_attempt)
    reader = NfcpyReader(path, targets=("106A",), retry_interval=0.2)
    await reader.start()
    try:
        assert await reader.health() == PeripheralHealth.absent("not_found")
        for _ in range(100):
            if (await reader.health()).usable:
                break
            await asyncio.sleep(0.05)
        assert await reader.health() == PeripheralHealth.ok()
        assert len(attempts) == 3
        card = phone(path)
        with InThread(lambda: card.run(timeout=10), stop=card.stop):
            read = await read_card(reader)
            assert await read.transceive(SELECT, timeout=1.0) == OK
    finally:
        await reader.stop()


@pytest.mark.asyncio
async def test_an_unplugged_reader_is_reported_and_opened_again(
    path: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    failures = [OSError(5, "Input/output error")]
    really_sense = hardware.nfc._Frontend.sense

    def sense_failing_once(frontend: Any, *targets: Any, **options: Any) -> Any:
        if failures:
            raise failures.pop()  # what nfcpy's USB transport raises when the cable is pulled
        return really_sense(frontend, *targets, **options)

    monkeypatch.setattr(hardware.nfc._Frontend, "sense", sense_failing_once)
    caplog.set_level(logging.INFO, logger="hardware.nfc")
    reader = NfcpyReader(path, targets=("106A",))
    await reader.start()
    try:
        for _ in range(100):
            if not failures and (await reader.health()).usable:
                break
            await asyncio.sleep(0.02)
        changes = [r.getMessage() for r in caplog.records if r.name == "hardware.nfc"]
        assert changes[-2:] == [
            f"NFC reader {path}: error (disconnected)",
            f"NFC reader {path}: ready",
        ]
        assert await reader.health() == PeripheralHealth.ok()
    finally:
        await reader.stop()


@pytest.mark.asyncio
async def test_a_reader_failing_mid_exchange(
    reader: NfcpyReader, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    really_transceive = nfc.tag.tt4.Type4Tag.transceive

    def transceive(tag: Any, data: bytes, timeout: float | None = None) -> Any:
        if bytes(data) == b"\x80\xff\x00\x00":
            raise OSError(19, "No such device")  # the USB cable is pulled mid-exchange
        return really_transceive(tag, data, timeout)

    monkeypatch.setattr(nfc.tag.tt4.Type4Tag, "transceive", transceive)
    card = phone(path, hold=30.0)
    with InThread(lambda: card.run(timeout=10), stop=card.stop):
        await reader.start()
        read = await read_card(reader)
        assert await read.transceive(SELECT, timeout=1.0) == OK
        with pytest.raises(CardReaderError) as caught:
            await read.transceive(b"\x80\xff\x00\x00", timeout=1.0)
        assert caught.value.detail == "disconnected"
        with pytest.raises(CardReaderError, match="stopped working"):
            await read.transceive(SELECT, timeout=1.0)


@pytest.mark.asyncio
async def test_exchange_refuses_a_negative_timeout(reader: NfcpyReader, path: str) -> None:
    card = phone(path)
    with InThread(lambda: card.run(timeout=10), stop=card.stop):
        await reader.start()
        read = await read_card(reader)
        with pytest.raises(ValueError, match="negative"):
            await read.transceive(SELECT, timeout=-1)


def test_a_path_is_required() -> None:
    with pytest.raises(ValueError, match="path"):
        NfcpyReader(" ")
    with pytest.raises(ValueError, match="technology"):
        NfcpyReader("usb", targets=())
