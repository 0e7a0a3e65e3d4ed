"""FakePrinter: kept receipts and slips, paper and power simulation, health transitions."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_asyncio

from hardware import (
    FakePrinter,
    HealthStatus,
    PaperOutError,
    PeripheralHealth,
    PrinterError,
    PrinterOfflineError,
    Receipt,
    render_text,
)
from hardware.fakes import PaperLevel


@pytest_asyncio.fixture
async def printer() -> FakePrinter:
    device = FakePrinter()
    await device.start()
    return device


@pytest.mark.asyncio
async def test_keeps_receipts_and_slips(printer: FakePrinter) -> None:
    first, second = Receipt.of("Jonotusnumero", "A 17"), Receipt.of("Kiitos!", qr="K7Q42")
    await printer.print_receipt(first)
    await printer.print_receipt(second)
    assert printer.printed == [first, second]
    assert printer.slips == [render_text(first), render_text(second)]
    assert await printer.health() == PeripheralHealth.ok()


@pytest.mark.asyncio
async def test_paper_low_prints_with_a_warning(printer: FakePrinter) -> None:
    printer.simulate_paper_low()
    assert await printer.health() == PeripheralHealth.warning("paper_low")
    await printer.print_receipt(Receipt.of("still prints"))
    assert len(printer.printed) == 1


@pytest.mark.asyncio
async def test_paper_out_refuses_and_reports(printer: FakePrinter) -> None:
    printer.simulate_paper_out()
    assert await printer.health() == PeripheralHealth.error("paper_out")
    with pytest.raises(PaperOutError) as caught:
        await printer.print_receipt(Receipt.of("lost"))
    assert caught.value.detail == "paper_out"
    assert printer.printed == []
    printer.load_paper()
    assert await printer.health() == PeripheralHealth.ok()
    await printer.print_receipt(Receipt.of("after refill"))
    assert len(printer.printed) == 1


@pytest.mark.asyncio
async def test_offline_wins_over_paper_state(printer: FakePrinter) -> None:
    printer.simulate_paper_low()
    printer.simulate_offline()
    assert await printer.health() == PeripheralHealth.error("offline")
    with pytest.raises(PrinterOfflineError) as caught:
        await printer.print_receipt(Receipt.of("lost"))
    assert isinstance(caught.value, PrinterError)
    assert caught.value.detail == "offline"
    printer.simulate_online()
    assert await printer.health() == PeripheralHealth.warning("paper_low")


@pytest.mark.asyncio
async def test_counted_paper_runs_low_then_out() -> None:
    printer = FakePrinter(paper_left=3, low_at=1)
    await printer.start()
    seen = []
    for n in range(3):
        seen.append((await printer.health()).status)
        await printer.print_receipt(Receipt.of(f"slip {n}"))
    seen.append((await printer.health()).status)
    assert seen == [HealthStatus.OK, HealthStatus.OK, HealthStatus.WARNING, HealthStatus.ERROR]
    assert printer.paper is PaperLevel.OUT
    assert printer.paper_left == 0
    with pytest.raises(PaperOutError):
        await printer.print_receipt(Receipt.of("one too many"))
    printer.load_paper(10)
    assert await printer.health() == PeripheralHealth.ok()
    assert printer.paper_left == 10
    with pytest.raises(ValueError, match="negative"):
        printer.load_paper(-1)


@pytest.mark.asyncio
async def test_concurrent_jobs_do_not_interleave(printer: FakePrinter) -> None:
    receipts = [Receipt.of(f"slip {n}") for n in range(20)]
    await asyncio.gather(*(printer.print_receipt(r) for r in receipts))
    assert sorted(printer.printed, key=lambda r: r.lines[0].text) == sorted(
        receipts, key=lambda r: r.lines[0].text
    )
    assert len(printer.slips) == 20


@pytest.mark.asyncio
async def test_slips_are_written_to_the_slip_dir(tmp_path: Path) -> None:
    printer = FakePrinter(slip_dir=tmp_path / "slips", width=32)
    await printer.start()
    await printer.print_receipt(Receipt.of("Hyvää päivää", "Välkommen"))
    await printer.print_receipt(Receipt.of("toinen"))
    files = sorted((tmp_path / "slips").glob("*.txt"))
    assert len(files) == 2
    # Each text slip has its picture next to it (tests/hardware/test_escpos_slip_image.py).
    assert sorted(p.stem for p in (tmp_path / "slips").glob("*.png")) == [f.stem for f in files]
    assert files[0].read_text(encoding="utf-8") == printer.slips[0]
    assert "Hyvää päivää" in files[0].read_text(encoding="utf-8")


@pytest.mark.asyncio
async def test_printing_before_start_is_a_bug() -> None:
    with pytest.raises(RuntimeError, match="before start"):
        await FakePrinter().print_receipt(Receipt.of("x"))
