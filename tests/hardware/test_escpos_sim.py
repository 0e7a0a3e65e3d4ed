"""The simulated network printer itself: raw clients, its answers, saved slips, and its CLI."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hardware.escpos_printer import render_receipt
from hardware.escpos_sim import SimulatedPrinter
from hardware.fakes import PaperLevel
from tests.hardware.escpos_support import CODE, adapter, read_codes, sample_receipt, simulator

ROOT = Path(__file__).parents[2]


async def ask(port: int, query: bytes, replies: int = 1, wait: float = 2.0) -> bytes:
    """Send ``query`` from a raw client and read ``replies`` bytes back (``wait`` s at most)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(query)
        await writer.drain()
        async with asyncio.timeout(wait):
            return await reader.readexactly(replies)
    finally:
        writer.close()
        await writer.wait_closed()


@pytest.mark.asyncio
async def test_answers_status_queries_from_its_state() -> None:
    async with simulator() as sim:
        queries = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
        assert await ask(sim.port, queries, 3) == b"\x12\x12\x12"
        sim.paper = PaperLevel.LOW
        assert await ask(sim.port, queries, 3) == b"\x12\x12\x1e"
        sim.paper = PaperLevel.OUT
        assert await ask(sim.port, queries, 3) == b"\x1a\x32\x7e"
        sim.paper, sim.cover_open = PaperLevel.PLENTY, True
        assert await ask(sim.port, queries, 3) == b"\x1a\x16\x12"
        assert await ask(sim.port, b"\x1dI\x01", 1) == b"\x20"  # GS I 1: model id
        assert sim.status_queries == 13
        assert sim.jobs == []  # status alone prints nothing


@pytest.mark.asyncio
async def test_a_status_query_is_answered_while_a_job_is_still_arriving() -> None:
    # Real time: DLE EOT is answered at once, even between the pieces of an unfinished job.
    async with simulator() as sim:
        reader, writer = await asyncio.open_connection("127.0.0.1", sim.port)
        writer.write(b"\x1b@Hello\n\x1d(k\x20\x001P0")  # a 29-byte QR payload announced
        writer.write(b"\x10\x04\x04")  # its first bytes look like a query: they are not
        await writer.drain()
        await asyncio.sleep(0.1)
        assert sim.status_queries == 0
        writer.write(b"x" * 26 + b"\x1d(k\x03\x001Q0\n\x10\x04\x04")
        await writer.drain()
        async with asyncio.timeout(2.0):
            assert await reader.readexactly(1) == b"\x12"
        writer.write(b"\x1dV\x01")
        await writer.drain()
        (job,) = await sim.wait_for_jobs(1)
        writer.close()
        await writer.wait_closed()
    assert job.decoded.text_lines[0] == "Hello"
    assert job.decoded.qr_codes[0].data == b"\x10\x04\x04" + b"x" * 26


@pytest.mark.asyncio
async def test_silent_printers_never_answer() -> None:
    async with simulator(silent=True) as sim:
        with pytest.raises(TimeoutError):
            await ask(sim.port, b"\x10\x04\x01", wait=0.3)
        assert sim.status_queries == 1


@pytest.mark.asyncio
async def test_each_cut_ends_a_slip_and_an_uncut_job_ends_with_its_connection(
    tmp_path: Path,
) -> None:
    (tmp_path / "slip-0007.png").write_bytes(b"from an earlier run")
    async with simulator(tmp_path) as sim:
        _, writer = await asyncio.open_connection("127.0.0.1", sim.port)
        two = render_receipt(sample_receipt("FIRST1")) + render_receipt(sample_receipt("SECOND"))
        writer.write(two + b"\x1b@no cut at the end\n")
        await writer.drain()
        await sim.wait_for_jobs(2)
        writer.close()
        await writer.wait_closed()
        jobs = await sim.wait_for_jobs(3)
    assert [job.number for job in jobs] == [8, 9, 10]  # numbering continues, never overwrites
    assert [job.decoded.qr_codes[0].text for job in jobs[:2]] == ["FIRST1", "SECOND"]
    assert jobs[2].decoded.text_lines == ["no cut at the end"]
    assert jobs[2].decoded.cuts == []
    assert sorted(path.name for path in tmp_path.iterdir()) == [  # noqa: ASYNC240 - a test
        "slip-0007.png",
        "slip-0008.bin",
        "slip-0008.png",
        "slip-0009.bin",
        "slip-0009.png",
        "slip-0010.bin",
        "slip-0010.png",
    ]
    assert read_codes(tmp_path / "slip-0009.png") == [("QRCode", "SECOND")]


@pytest.mark.asyncio
async def test_without_paper_it_takes_data_and_prints_nothing(tmp_path: Path) -> None:
    async with simulator(tmp_path, paper=PaperLevel.OUT) as sim:
        _, writer = await asyncio.open_connection("127.0.0.1", sim.port)
        writer.write(render_receipt(sample_receipt()))
        await writer.drain()
        (job,) = await sim.wait_for_jobs(1)
        writer.close()
        await writer.wait_closed()
    assert not job.printed
    assert job.png is None
    assert job.bin is not None
    assert job.bin.exists()  # every byte is recorded all the same


@pytest.mark.asyncio
async def test_offline_refuses_connections_and_keeps_its_port() -> None:
    async with simulator() as sim:
        port = sim.port
        await sim.set_offline(True)
        assert sim.offline
        with pytest.raises(ConnectionRefusedError):
            await asyncio.open_connection("127.0.0.1", port)
        await sim.set_offline(False)
        assert sim.port == port
        assert await ask(port, b"\x10\x04\x01") == b"\x12"


def test_the_command_line_runs_a_printer_that_saves_pngs(tmp_path: Path) -> None:
    out = tmp_path / "slips"
    command = [sys.executable, "-m", "hardware.escpos_sim", "--port", "0", "--out", str(out)]
    process = subprocess.Popen(
        [*command, "--width", "58", "--paper", "low"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("printer spec: escpos:tcp:127.0.0.1:")
        spec = first.split()[2]
        assert spec.endswith("?width=58")

        async def print_one() -> str:
            async with adapter(spec) as printer:
                await printer.print_receipt(sample_receipt())
                return str((await printer.health()).detail)

        assert asyncio.run(print_one()) == "paper_low"
        for _ in range(200):
            if (out / "slip-0001.png").exists():
                break
            asyncio.run(asyncio.sleep(0.02))
        assert read_codes(out / "slip-0001.png") == [("QRCode", CODE)]
    finally:
        process.send_signal(signal.SIGINT)
        try:
            # Generous: on two busy cores a Python process can take seconds to wind down.
            _, errors = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGUSR1)  # the simulator prints its threads' stacks
            time.sleep(1)
            process.kill()
            _, errors = process.communicate()  # reaps it and closes the pipes
            pytest.fail(f"the simulator did not stop on Ctrl+C: {errors}")
    assert process.returncode == 0, errors
    assert "slip 1:" in errors  # the log line per slip


def test_the_simulator_refuses_odd_paper() -> None:
    with pytest.raises(ValueError, match="58 or 80"):
        SimulatedPrinter(paper_mm=76)


def test_the_module_runs_as_documented() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hardware.escpos_sim", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "100"},
    )
    for option in ("--port", "--out", "--paper", "--width", "--silent", "--cover-open"):
        assert option in result.stdout
