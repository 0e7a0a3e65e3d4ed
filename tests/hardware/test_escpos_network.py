"""EscposPrinter over real TCP to the simulated printer: slips, code pages, QR, status handling."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from hardware import PaperOutError, PeripheralHealth, PrinterError, PrinterOfflineError
from hardware.escpos_stream import decode
from hardware.fakes import PaperLevel
from tests.hardware.escpos_support import (
    CODE,
    NAME,
    PRICE,
    adapter,
    read_codes,
    refused_port,
    sample_receipt,
    simulator,
)

OK = PeripheralHealth.ok()
PAPER_LOW = PeripheralHealth.warning("paper_low")
PAPER_OUT = PeripheralHealth.error("paper_out")
OFFLINE = PeripheralHealth.error("offline")
UNKNOWN = PeripheralHealth.warning("status_unknown")


@pytest.mark.asyncio
async def test_a_slip_prints_with_its_letters_qr_code_and_cut(tmp_path: Path) -> None:
    async with simulator(tmp_path) as sim, adapter(sim.spec) as printer:
        assert await printer.health() == OK
        await printer.print_receipt(sample_receipt(barcode=True))
        (job,) = await sim.wait_for_jobs(1)
        assert await printer.health() == OK
    decoded = job.decoded
    assert decoded.code_pages == [19]  # CP858, chosen once
    assert NAME in decoded.text_lines  # "Ääkkönen Åström" round-trips through the code page
    assert PRICE in decoded.text_lines  # and so does "€"
    assert [qr.text for qr in decoded.qr_codes] == [CODE]
    assert [(code.symbology, code.data) for code in decoded.barcodes] == [("CODE128", CODE)]
    assert len(decoded.cuts) == 1
    assert (job.printed, job.partial) == (True, False)
    # The simulator's picture of the slip: zxing-cpp reads the QR code and the barcode.
    assert job.png is not None
    assert job.png.name == "slip-0001.png"
    assert sorted(read_codes(job.png)) == [("Code128", CODE), ("QRCode", CODE)]
    assert job.bin is not None
    assert job.bin.read_bytes() == job.data


@pytest.mark.asyncio
async def test_58_and_80_mm_paper_wrap_differently() -> None:
    columns: dict[int, list[int]] = {}
    for width in (58, 80):
        async with simulator(paper_mm=width) as sim, adapter(sim.spec) as printer:
            assert sim.spec.endswith(f"?width={width}")
            await printer.print_receipt(sample_receipt())
            (job,) = await sim.wait_for_jobs(1)
            # The adapter wrapped already: the printer never had to wrap a line itself.
            assert [line.columns for line in decode(job.data).lines] == [
                line.columns for line in job.decoded.lines
            ]
            columns[width] = [line.columns for line in job.decoded.lines if line.runs]
    assert max(columns[58]) <= 32 < max(columns[80]) <= 42
    assert len(columns[58]) > len(columns[80])


@pytest.mark.asyncio
async def test_paper_low_prints_and_warns() -> None:
    async with simulator(paper=PaperLevel.LOW) as sim, adapter(sim.spec) as printer:
        assert await printer.health() == PAPER_LOW
        await printer.print_receipt(sample_receipt())
        assert len(await sim.wait_for_jobs(1)) == 1
        assert await printer.health() == PAPER_LOW


@pytest.mark.asyncio
async def test_paper_out_refuses_before_sending_anything() -> None:
    async with simulator(paper=PaperLevel.OUT) as sim, adapter(sim.spec) as printer:
        assert await printer.health() == PAPER_OUT
        with pytest.raises(PaperOutError, match="out of paper") as caught:
            await printer.print_receipt(sample_receipt())
        assert caught.value.detail == "paper_out"
        assert await printer.health() == PAPER_OUT
        received = bytes(sim.received)
    assert not decode(received).has_content  # only status queries went out
    assert sim.jobs == []
    assert NAME.encode("cp858") not in received


@pytest.mark.asyncio
async def test_cover_open_is_offline() -> None:
    async with simulator() as sim, adapter(sim.spec) as printer:
        sim.cover_open = True
        with pytest.raises(PrinterOfflineError, match="cover is open") as caught:
            await printer.print_receipt(sample_receipt())
        assert caught.value.detail == "offline"
        assert await printer.health() == OFFLINE
        assert sim.jobs == []
        sim.cover_open = False
        await printer.print_receipt(sample_receipt())
        assert await printer.health() == OK


@pytest.mark.asyncio
async def test_a_printer_refusing_connections_is_offline_at_once() -> None:
    async with simulator() as sim, adapter(sim.spec) as printer:
        await sim.set_offline(True)
        started = time.monotonic()
        with pytest.raises(PrinterOfflineError, match="cannot reach the printer"):
            await printer.print_receipt(sample_receipt())
        assert time.monotonic() - started < 2.0
        assert await printer.health() == OFFLINE
        # Switched on again: the next job simply connects anew.
        await sim.set_offline(False)
        await printer.print_receipt(sample_receipt())
        assert await printer.health() == OK
        assert len(await sim.wait_for_jobs(1)) == 1


@pytest.mark.asyncio
async def test_nothing_listening_is_offline_from_the_start() -> None:
    started = time.monotonic()
    async with adapter(f"escpos:tcp:127.0.0.1:{refused_port()}") as printer:
        assert await printer.health() == OFFLINE
        with pytest.raises(PrinterOfflineError):
            await printer.print_receipt(sample_receipt())
    assert time.monotonic() - started < 2.0


@pytest.mark.asyncio
async def test_a_silent_printer_prints_and_says_its_state_is_unknown() -> None:
    async with simulator(silent=True) as sim, adapter(sim.spec, status_timeout=0.3) as printer:
        assert await printer.health() == UNKNOWN
        started = time.monotonic()
        await printer.print_receipt(sample_receipt())
        # One status time-out: a printer that did not answer before is not asked again after.
        assert time.monotonic() - started < 1.5
        (job,) = await sim.wait_for_jobs(1)
        assert NAME in job.decoded.text_lines
        assert await printer.health() == UNKNOWN


@pytest.mark.asyncio
async def test_status_off_never_asks() -> None:
    async with simulator(silent=True) as sim, adapter(sim.spec + "&status=off") as printer:
        await printer.print_receipt(sample_receipt())
        assert await printer.health() == OK
        assert sim.status_queries == 0


@pytest.mark.asyncio
async def test_paper_running_out_mid_job_is_reported_after_the_fact(tmp_path: Path) -> None:
    async with simulator(tmp_path) as sim, adapter(sim.spec) as printer:
        sim.run_out_after(60)  # the paper ends in the middle of the second line
        with pytest.raises(PaperOutError, match="the slip may be partial"):
            await printer.print_receipt(sample_receipt())
        assert await printer.health() == PAPER_OUT
        (job,) = await sim.wait_for_jobs(1)
        assert job.partial
        assert job.decoded.qr_codes == []
        assert job.decoded.cuts == []
        assert "Oodi" in job.decoded.text_lines
        assert job.png is not None
        assert read_codes(job.png) == []
        # The next job is refused before anything is sent; a fresh roll prints again.
        with pytest.raises(PaperOutError, match="is out of paper"):
            await printer.print_receipt(sample_receipt())
        sim.load_paper()
        await printer.print_receipt(sample_receipt())
        assert await printer.health() == OK


@pytest.mark.asyncio
async def test_health_is_cached_and_refreshed_off_the_loop() -> None:
    async with simulator() as sim, adapter(sim.spec, status_interval=0.0) as printer:
        assert await printer.health() == OK
        sim.paper = PaperLevel.LOW
        started = time.monotonic()
        first = await printer.health()  # answers from the cache, starts a refresh
        assert time.monotonic() - started < 0.05
        assert first == OK
        for _ in range(200):
            if await printer.health() == PAPER_LOW:
                break
            await asyncio.sleep(0.01)
        assert await printer.health() == PAPER_LOW
        sim.silent = True
        started = time.monotonic()
        for _ in range(5):
            await printer.health()
        assert time.monotonic() - started < 0.05  # a silent printer never holds health() up


@pytest.mark.asyncio
async def test_concurrent_jobs_print_one_after_another() -> None:
    async with simulator() as sim, adapter(sim.spec) as printer:
        await asyncio.gather(*(printer.print_receipt(sample_receipt(f"CODE{n}")) for n in range(3)))
        jobs = await sim.wait_for_jobs(3)
    assert sorted(job.decoded.qr_codes[0].text for job in jobs) == ["CODE0", "CODE1", "CODE2"]
    for job in jobs:
        assert len(job.decoded.cuts) == 1
        assert len(decode(job.data).qr_codes) == 1  # no job's bytes inside another's


@pytest.mark.asyncio
async def test_a_printer_that_hangs_is_given_up_on_within_the_timeout() -> None:
    # A "printer" that accepts connections and then neither reads nor answers.
    connections: list[asyncio.StreamWriter] = []

    async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(writer)

    server = await asyncio.start_server(hang, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        spec = f"escpos:tcp:127.0.0.1:{port}?timeout=1"
        async with adapter(spec, status_timeout=5.0, start_wait=0.1) as printer:
            # The first status check (started by start()) gives up after the 1 s as well.
            for _ in range(300):
                if await printer.health() == OFFLINE:
                    break
                await asyncio.sleep(0.01)
            assert await printer.health() == OFFLINE
            started = time.monotonic()
            with pytest.raises(PrinterOfflineError, match="did not finish within 1 s"):
                await printer.print_receipt(sample_receipt())
            assert time.monotonic() - started < 2.0
            assert await printer.health() == OFFLINE
    finally:
        for writer in connections:
            writer.close()
        server.close()
        await server.wait_closed()


@pytest.mark.asyncio
async def test_a_receipt_that_cannot_be_rendered_is_a_printer_error_and_sends_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with simulator() as sim, adapter(sim.spec) as printer:

        def broken(receipt: object) -> bytes:
            raise ValueError("K7Q42X is secret")

        monkeypatch.setattr(printer, "render", broken)
        with pytest.raises(PrinterError, match="cannot be printed on this printer") as caught:
            await printer.print_receipt(sample_receipt())
        assert type(caught.value) is PrinterError
        assert await printer.health() == OK  # the printer itself is fine
        assert not decode(bytes(sim.received)).has_content


@pytest.mark.asyncio
async def test_printing_before_start_is_a_bug() -> None:
    from hardware.escpos_printer import EscposPrinter

    printer = EscposPrinter.from_spec("escpos:tcp:127.0.0.1:9")
    assert await printer.health() == PeripheralHealth.absent("not_started")
    with pytest.raises(RuntimeError, match="before start"):
        await printer.print_receipt(sample_receipt())
    await printer.stop()  # safe without start, and twice
    await printer.stop()
