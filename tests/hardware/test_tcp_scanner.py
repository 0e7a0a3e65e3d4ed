"""TcpScanner: scans arrive as lines over real loopback TCP connections."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from hardware import HealthStatus, Symbology, open_scanner
from hardware.tcp_scanner import TcpScanner


@pytest_asyncio.fixture
async def scanner() -> AsyncIterator[TcpScanner]:
    device = TcpScanner("127.0.0.1", 0)
    await device.start()
    try:
        yield device
    finally:
        await device.stop()


async def send(port: int, data: bytes, *, close: bool = True) -> asyncio.StreamWriter:
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    if close:
        writer.close()
        await writer.wait_closed()
    return writer


@pytest.mark.asyncio
async def test_lines_become_scans(scanner: TcpScanner) -> None:
    assert (await scanner.health()).status is HealthStatus.OK
    await send(scanner.bound_port, b"]Q1DCQ1.abc.def\r\n20001234\n")
    first = await scanner.next_scan(2.0)
    second = await scanner.next_scan(2.0)
    assert first is not None
    assert (first.text, first.symbology) == ("DCQ1.abc.def", Symbology.QR)
    assert second is not None
    assert second.text == "20001234"
    assert await scanner.next_scan(0.05) is None


@pytest.mark.asyncio
async def test_a_line_in_pieces_and_a_client_that_stays(scanner: TcpScanner) -> None:
    writer = await send(scanner.bound_port, b"2000", close=False)
    await asyncio.sleep(0.05)
    writer.write(b"5678\r\n")
    await writer.drain()
    scan = await scanner.next_scan(2.0)
    assert scan is not None
    assert scan.text == "20005678"
    writer.close()
    await writer.wait_closed()


@pytest.mark.asyncio
async def test_overlong_and_unterminated_lines_are_dropped_quietly(
    scanner: TcpScanner, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await send(scanner.bound_port, b"7" * 5000 + b"\n")
    await send(scanner.bound_port, b"20009999")  # no line ending: not a scan
    assert await scanner.next_scan(0.3) is None
    await send(scanner.bound_port, b"20001111\n")
    scan = await scanner.next_scan(2.0)
    assert scan is not None
    assert scan.text == "20001111"
    assert "20009999" not in caplog.text
    assert "7777777" not in caplog.text


@pytest.mark.asyncio
async def test_a_taken_port_shows_in_health_and_stop_leaves_nothing_listening() -> None:
    first = TcpScanner("127.0.0.1", 0)
    await first.start()
    second = TcpScanner("127.0.0.1", first.bound_port)
    await second.start()  # does not raise
    health = await second.health()
    assert (health.status, health.detail) == (HealthStatus.ERROR, "offline")
    port = first.bound_port
    await first.stop()
    await second.stop()
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection("127.0.0.1", port)


def test_the_factory_opens_it() -> None:
    device = open_scanner("tcp:127.0.0.1:7411")
    assert isinstance(device, TcpScanner)
    assert (device.host, device.port) == ("127.0.0.1", 7411)
