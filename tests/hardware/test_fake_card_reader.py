"""FakeCardReader: presentations, ISO-DEP exchanges, removal and health."""

from __future__ import annotations

import asyncio

import pytest
import pytest_asyncio

from hardware import (
    CardKind,
    CardReaderError,
    CardRemovedError,
    FakeCard,
    FakeCardReader,
    HealthStatus,
    NotIsoDepError,
    PeripheralHealth,
)

SELECT_APP = bytes.fromhex("00A4040007F0010203040506")
OK = b"\x90\x00"


async def card_app(apdu: bytes) -> bytes:
    """A tiny card application: answers SELECT of its AID, then echoes data reversed."""
    if apdu == SELECT_APP:
        return OK
    return apdu[::-1] + OK


@pytest_asyncio.fixture
async def reader() -> FakeCardReader:
    device = FakeCardReader()
    await device.start()
    return device


@pytest.mark.asyncio
async def test_nothing_presented_reads_none(reader: FakeCardReader) -> None:
    assert await reader.read(timeout=0) is None
    assert await reader.read(timeout=0.01) is None


@pytest.mark.asyncio
async def test_a_tag_is_read_once(reader: FakeCardReader) -> None:
    reader.present(FakeCard.tag(bytes.fromhex("04A1B2C3D4E5F6")))
    read = await reader.read(timeout=0)
    assert read is not None
    assert read.kind is CardKind.NFC_UID
    assert read.uid_hex == "04A1B2C3D4E5F6"
    assert read.exchange is None
    assert await reader.read(timeout=0) is None
    with pytest.raises(NotIsoDepError):
        await read.transceive(SELECT_APP)


@pytest.mark.asyncio
async def test_a_waiting_read_sees_a_card_presented_later(reader: FakeCardReader) -> None:
    pending = asyncio.create_task(reader.read(timeout=30))
    await asyncio.sleep(0)
    assert not pending.done()
    reader.present(FakeCard.tag(b"\x01\x02\x03\x04"))
    read = await pending
    assert read is not None
    assert read.uid == b"\x01\x02\x03\x04"


@pytest.mark.asyncio
async def test_iso_dep_exchange_reaches_the_card_application(reader: FakeCardReader) -> None:
    reader.present(FakeCard.iso_dep(card_app))
    read = await reader.read(timeout=0)
    assert read is not None
    assert read.kind is CardKind.ISO_DEP
    assert len(read.uid) == 4
    assert read.uid[0] == 0x08  # a random identifier, as a phone sends
    assert await read.transceive(SELECT_APP) == OK
    assert await read.transceive(b"\x80\x01\xab\xcd") == b"\xcd\xab\x01\x80" + OK


@pytest.mark.asyncio
async def test_iso_dep_card_without_our_application(reader: FakeCardReader) -> None:
    reader.present(FakeCard.iso_dep())
    read = await reader.read(timeout=0)
    assert read is not None
    assert await read.transceive(SELECT_APP) == b"\x6a\x82"


@pytest.mark.asyncio
async def test_exchange_fails_once_the_card_is_removed(reader: FakeCardReader) -> None:
    reader.present(FakeCard.iso_dep(card_app))
    read = await reader.read(timeout=0)
    assert read is not None
    reader.remove()
    with pytest.raises(CardRemovedError):
        await read.transceive(SELECT_APP)


@pytest.mark.asyncio
async def test_exchange_fails_when_another_card_replaces_it(reader: FakeCardReader) -> None:
    reader.present(FakeCard.iso_dep(card_app))
    first = await reader.read(timeout=0)
    reader.present(FakeCard.iso_dep(card_app))
    second = await reader.read(timeout=0)
    assert first is not None
    assert second is not None
    with pytest.raises(CardRemovedError):
        await first.transceive(SELECT_APP)
    assert await second.transceive(SELECT_APP) == OK


@pytest.mark.asyncio
async def test_card_removed_during_the_exchange(reader: FakeCardReader) -> None:
    async def slow_then_gone(apdu: bytes) -> bytes:
        reader.remove()
        return OK

    reader.present(FakeCard.iso_dep(slow_then_gone))
    read = await reader.read(timeout=0)
    assert read is not None
    with pytest.raises(CardRemovedError):
        await read.transceive(SELECT_APP)


@pytest.mark.asyncio
async def test_a_silent_card_times_out(reader: FakeCardReader) -> None:
    never = asyncio.Event()

    async def silent(apdu: bytes) -> bytes:
        await never.wait()
        return OK

    reader.present(FakeCard.iso_dep(silent))
    read = await reader.read(timeout=0)
    assert read is not None
    with pytest.raises(CardReaderError) as caught:
        await read.transceive(SELECT_APP, timeout=0.01)
    assert caught.value.detail == "card_timeout"


@pytest.mark.asyncio
async def test_unusable_reader_raises_with_its_health_detail(reader: FakeCardReader) -> None:
    reader.present(FakeCard.tag(b"\x01\x02\x03\x04"))
    reader.set_health(PeripheralHealth.absent("not_found"))
    assert (await reader.health()).status is HealthStatus.ABSENT
    with pytest.raises(CardReaderError) as caught:
        await reader.read(timeout=0)
    assert caught.value.detail == "not_found"
    # Plugged back in: the card still lying on it is seen, as a polling reader would.
    reader.set_health(PeripheralHealth.ok())
    assert await reader.read(timeout=0) is not None


@pytest.mark.asyncio
async def test_reading_before_start_is_a_bug() -> None:
    device = FakeCardReader()
    with pytest.raises(RuntimeError, match="before start"):
        await device.read(timeout=0)
    await device.start()
    await device.stop()
    await device.stop()  # stopping twice is allowed
    with pytest.raises(RuntimeError, match="before start"):
        await device.read(timeout=0)


@pytest.mark.asyncio
async def test_negative_timeout_is_refused(reader: FakeCardReader) -> None:
    with pytest.raises(ValueError, match="negative"):
        await reader.read(timeout=-1)


@pytest.mark.asyncio
async def test_uid_stays_out_of_repr(reader: FakeCardReader) -> None:
    card = FakeCard.tag(bytes.fromhex("DEADBEEF"))
    reader.present(card)
    read = await reader.read(timeout=0)
    assert "dead" not in repr(card).lower()
    assert "dead" not in repr(read).lower()


@pytest.mark.asyncio
async def test_a_released_card_is_done_with(reader: FakeCardReader) -> None:
    reader.present(FakeCard.iso_dep(card_app))
    card = await reader.read(1.0)
    assert card is not None
    assert await card.transceive(SELECT_APP) == OK
    reader.release(card)
    with pytest.raises(CardRemovedError):
        await card.transceive(SELECT_APP)
    # It lies there still, but is not read again until presented anew.
    assert await reader.read(0.05) is None
