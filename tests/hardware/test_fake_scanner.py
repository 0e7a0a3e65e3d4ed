"""FakeScanner: fed scans come out in order; an unusable scanner raises."""

from __future__ import annotations

import asyncio

import pytest
import pytest_asyncio

from hardware import FakeScanner, PeripheralHealth, Scan, ScannerError, Symbology


@pytest_asyncio.fixture
async def scanner() -> FakeScanner:
    device = FakeScanner()
    await device.start()
    return device


@pytest.mark.asyncio
async def test_scans_come_out_in_order(scanner: FakeScanner) -> None:
    scanner.feed("21234000123456")
    scanner.feed("DCC1.eyJ0IjoxfQ", Symbology.QR)
    assert await scanner.next_scan(timeout=0) == Scan("21234000123456")
    assert await scanner.next_scan(timeout=0) == Scan("DCC1.eyJ0IjoxfQ", Symbology.QR)
    assert await scanner.next_scan(timeout=0.01) is None


@pytest.mark.asyncio
async def test_a_waiting_scan_is_woken(scanner: FakeScanner) -> None:
    pending = asyncio.create_task(scanner.next_scan(timeout=30))
    await asyncio.sleep(0)
    assert not pending.done()
    scanner.feed("1234")
    assert await pending == Scan("1234")


@pytest.mark.asyncio
async def test_unusable_scanner_raises(scanner: FakeScanner) -> None:
    scanner.set_health(PeripheralHealth.error("offline"))
    assert await scanner.health() == PeripheralHealth.error("offline")
    with pytest.raises(ScannerError) as caught:
        await scanner.next_scan(timeout=0)
    assert caught.value.detail == "offline"
    scanner.set_health(PeripheralHealth.warning("dirty_window"))
    assert await scanner.next_scan(timeout=0) is None


def test_empty_scan_is_refused_and_text_stays_out_of_repr() -> None:
    with pytest.raises(ValueError, match="text"):
        FakeScanner().feed("")
    assert "12345" not in repr(Scan("12345"))


@pytest.mark.asyncio
async def test_scanning_before_start_is_a_bug() -> None:
    with pytest.raises(RuntimeError, match="before start"):
        await FakeScanner().next_scan(timeout=0)
