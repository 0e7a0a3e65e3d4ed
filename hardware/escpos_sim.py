"""A simulated ESC/POS network printer: a TCP port like a real one's 9100, slips saved as PNGs.

It accepts connections as a network receipt printer does, records every byte, answers the
real-time status queries (``DLE EOT n``, also ``GS r`` and ``GS I``) at once from its state,
and at each cut (or when the connection closes on an uncut job) decodes the job with
:mod:`hardware.escpos_stream` and writes ``slip-<n>.png`` (drawn by :mod:`hardware.slip_image`)
and the raw ``slip-<n>.bin`` into its output directory.

State, switchable while it runs: ``paper`` (plenty / low / out), ``cover_open``, ``silent``
(never answers a status query, as some printers do), ``offline`` (refuses connections, as a
printer that is switched off), and :meth:`SimulatedPrinter.run_out_after` (the paper ends after
so many more bytes, in the middle of a job). While out of paper or with the cover open it takes
data and prints nothing, like a real printer with a full buffer that never empties.

Run it for a demo or to try a kiosk against it::

    python -m hardware.escpos_sim --port 9100 --out var/slips [--paper low] [--width 58]

and point the kiosk at it: ``kiosk run --printer escpos:tcp:127.0.0.1:9100``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import faulthandler
import logging
import re
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from hardware.escpos_stream import DecodedJob, EscposTokenizer, PrinterStatus, Token, decode
from hardware.fakes import PaperLevel
from hardware.slip_image import PAPER_COLUMNS, PAPER_DOTS, draw_job, save_png

log = logging.getLogger(__name__)

_CUTS = ("GS V", "ESC i", "ESC m")
_SLIP_NAME = re.compile(r"^slip-(\d+)\.(png|bin)$")
#: What ``GS I n`` answers: model, type (no multi-byte fonts, autocutter), firmware version.
_PRINTER_ID = {1: 0x20, 2: 0x02, 3: 0x64, 49: 0x20, 50: 0x02, 51: 0x64}


@dataclass(frozen=True)
class SimulatedJob:
    """One job as the simulated printer received it and (perhaps) printed it."""

    number: int
    #: Every byte of the job, status queries included.
    data: bytes
    #: What was printed: the whole job, or the part before the paper ran out.
    decoded: DecodedJob
    #: False when nothing could be printed (no paper, cover open).
    printed: bool
    #: True when the paper ran out during the job.
    partial: bool
    png: Path | None = None
    bin: Path | None = None


class SimulatedPrinter:
    """An ESC/POS printer on ``host:port`` (port 0: any free port; see :attr:`port`)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        out_dir: Path | None = None,
        paper_mm: int = 80,
        paper: PaperLevel = PaperLevel.PLENTY,
        cover_open: bool = False,
        silent: bool = False,
    ) -> None:
        if paper_mm not in PAPER_DOTS:
            raise ValueError(f"paper must be 58 or 80 mm wide, not {paper_mm}")
        self.host = host
        self._port = port
        self.out_dir = out_dir
        self.paper_mm = paper_mm
        self.paper = paper
        self.cover_open = cover_open
        self.silent = silent
        self.jobs: list[SimulatedJob] = []
        #: Every byte received, on every connection.
        self.received = bytearray()
        self.connections = 0
        self.status_queries = 0
        self._offline = False
        self._paper_left: int | None = None  # bytes until the paper runs out, if counting
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._handlers: set[asyncio.Task[None]] = set()
        self._changed = asyncio.Condition()
        self._next_number = 1
        self._finished: asyncio.Queue[_JobPiece | None] = asyncio.Queue()
        self._writer_task: asyncio.Task[None] | None = None

    # --- state ------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The TCP port, known once started (also while offline)."""
        return self._port

    @property
    def spec(self) -> str:
        """The kiosk's printer spec for this simulator."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"escpos:tcp:{host}:{self.port}?width={self.paper_mm}"

    @property
    def status(self) -> PrinterStatus:
        return PrinterStatus(paper=self.paper, cover_open=self.cover_open)

    @property
    def offline(self) -> bool:
        return self._offline

    def run_out_after(self, data_bytes: int) -> None:
        """Let the paper end after ``data_bytes`` more bytes of print data (mid-job)."""
        self._paper_left = data_bytes

    def load_paper(self) -> None:
        """A fresh roll: plenty of paper, no counting."""
        self.paper = PaperLevel.PLENTY
        self._paper_left = None

    async def set_offline(self, offline: bool) -> None:
        """Switch the printer off (connections refused, open ones dropped) or on again."""
        if offline == self._offline:
            return
        self._offline = offline
        if offline:
            await self._close_server()
        else:
            await self._listen()

    # --- life -------------------------------------------------------------------------------

    async def start(self) -> None:
        self._next_number = _next_slip_number(self.out_dir)
        self._writer_task = asyncio.create_task(self._write_jobs())
        await self._listen()  # also when offline: a port 0 is chosen now and kept
        if self._offline:
            await self._close_server()

    async def stop(self) -> None:
        await self._close_server()
        await self._finished.join()  # every received job is saved before stop returns
        if self._writer_task is not None:
            self._writer_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer_task
            self._writer_task = None

    async def __aenter__(self) -> SimulatedPrinter:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def wait_for_jobs(self, count: int, timeout: float = 5.0) -> list[SimulatedJob]:
        """The jobs once there are at least ``count`` (``TimeoutError`` after ``timeout``)."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: len(self.jobs) >= count)
        return list(self.jobs)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(
            self._serve, self.host, self._port, reuse_address=True
        )
        self._port = self._server.sockets[0].getsockname()[1]
        log.info("simulated ESC/POS printer listening on %s:%d", self.host, self._port)

    async def _close_server(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for writer in list(self._writers):
            writer.close()
        if self._handlers:
            await asyncio.gather(*self._handlers, return_exceptions=True)
        if server is not None:
            await server.wait_closed()

    # --- one connection -----------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self._writers.add(writer)
        self.connections += 1
        tokenizer = EscposTokenizer()
        job = _JobBuffer()
        try:
            while data := await reader.read(4096):
                self.received += data
                job.data += data
                for token in tokenizer.feed(data):
                    self._take(token, job, writer)
                    if token.name in _CUTS:
                        self._finished.put_nowait(job.split(token.end))
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the kiosk (or set_offline) dropped the connection: keep what came
        finally:
            self._writers.discard(writer)
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
            # An uncut job ends with its connection.
            self._finished.put_nowait(job.split(None))
            self._handlers.discard(task)

    def _take(self, token: Token, job: _JobBuffer, writer: asyncio.StreamWriter) -> None:
        if token.is_status_query:
            self.status_queries += 1
            reply = None if self.silent else self._reply(token)
            if reply:
                writer.write(reply)
            return
        size = token.end - token.start
        if not job.started:
            job.started = True
            job.printable = self.status.can_print
        if job.printable and not job.cut_off_at and self._paper_left is not None:
            if size >= self._paper_left:
                # The paper ends inside this token: what came before it is on paper.
                job.cut_off_at = token.start + self._paper_left
                self._paper_left = None
                self.paper = PaperLevel.OUT
            else:
                self._paper_left -= size

    def _reply(self, token: Token) -> bytes:
        function = token.params[0] if token.params else 0
        if token.name == "DLE EOT":
            return self.status.reply(function)
        if token.name == "GS r" and function in (1, 49):  # paper sensor, processed in order
            value = 0x0C if self.paper is PaperLevel.OUT else 0x00
            return bytes([value | (0x03 if self.paper is not PaperLevel.PLENTY else 0)])
        if token.name == "GS r":
            return b"\x00"
        if token.name == "GS I" and function in _PRINTER_ID:
            return bytes([_PRINTER_ID[function]])
        if token.name == "GS I":
            return b"_LIBRARY-KIOSK-SIM\x00"
        return b""

    async def _write_jobs(self) -> None:
        """Decode and draw finished jobs one by one, off the connections' way: a status query
        arriving meanwhile is answered at once."""
        while True:
            piece = await self._finished.get()
            try:
                if piece is not None:
                    job = await asyncio.to_thread(self._process, self._next_number, piece)
                    if job is not None:
                        self._next_number += 1
                        async with self._changed:
                            self.jobs.append(job)
                            self._changed.notify_all()
            except Exception:
                log.exception("cannot save a simulated slip")
            finally:
                self._finished.task_done()

    def _process(self, number: int, piece: _JobPiece) -> SimulatedJob | None:
        whole = decode(piece.data)
        if not whole.has_content and not whole.cuts:
            return None  # only status queries or settings: no slip
        printed_bytes = piece.data
        if piece.cut_off_at is not None:
            printed_bytes = piece.data[: piece.cut_off_at]
        columns = PAPER_COLUMNS[self.paper_mm]
        decoded = decode(printed_bytes, columns=columns) if piece.printable else DecodedJob()
        png, raw = self._write(number, piece, decoded)
        job = SimulatedJob(
            number=number,
            data=piece.data,
            decoded=decoded,
            printed=piece.printable,
            partial=piece.cut_off_at is not None,
            png=png,
            bin=raw,
        )
        log.info(
            "slip %d: %d bytes, %d lines, %d QR codes%s%s%s",
            number,
            len(piece.data),
            len(decoded.lines),
            len(decoded.qr_codes),
            ", cut" if decoded.cuts else "",
            ", the paper ran out in it" if job.partial else "",
            "" if job.printed else ", NOT printed (no paper or cover open)",
        )
        return job

    def _write(
        self, number: int, piece: _JobPiece, decoded: DecodedJob
    ) -> tuple[Path | None, Path | None]:
        if self.out_dir is None:
            return None, None
        self.out_dir.mkdir(parents=True, exist_ok=True)
        raw = self.out_dir / f"slip-{number:04d}.bin"
        raw.write_bytes(piece.data)
        if not piece.printable or not decoded.blocks:
            return None, raw
        png = save_png(draw_job(decoded, paper_mm=self.paper_mm), raw.with_suffix(".png"))
        return png, raw


@dataclass
class _JobPiece:
    data: bytes
    printable: bool
    cut_off_at: int | None


class _JobBuffer:
    """The bytes of the job being received, with where the paper ran out in it."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.base = 0  # stream offset of data[0]
        self.started = False
        self.printable = True
        self.cut_off_at: int | None = None  # a stream offset

    def split(self, end: int | None) -> _JobPiece | None:
        """Take the job up to stream offset ``end`` (None: everything) and start the next."""
        length = len(self.data) if end is None else end - self.base
        if length <= 0:
            return None
        cut_off = None if self.cut_off_at is None else max(0, self.cut_off_at - self.base)
        piece = _JobPiece(bytes(self.data[:length]), self.printable, cut_off)
        del self.data[:length]
        self.base += length
        self.started = False
        self.printable = True
        self.cut_off_at = None
        return piece


def _next_slip_number(out_dir: Path | None) -> int:
    """One past the highest slip number already in ``out_dir``, so runs never overwrite."""
    if out_dir is None or not out_dir.is_dir():
        return 1
    numbers = [int(m.group(1)) for p in out_dir.iterdir() if (m := _SLIP_NAME.match(p.name))]
    return max(numbers, default=0) + 1


# --- command line ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m hardware.escpos_sim``: run a simulated printer until interrupted."""
    parser = argparse.ArgumentParser(
        prog="python -m hardware.escpos_sim",
        description="A simulated ESC/POS network printer that saves each slip as a PNG.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=9100, help="TCP port (default: 9100)")
    parser.add_argument(
        "--out", type=Path, default=Path("var/slips"), help="where slips go (var/slips)"
    )
    parser.add_argument("--width", type=int, choices=(58, 80), default=80, help="paper in mm")
    parser.add_argument("--paper", choices=[level.value for level in PaperLevel], default="plenty")
    parser.add_argument("--cover-open", action="store_true", help="report the cover open")
    parser.add_argument("--silent", action="store_true", help="never answer status queries")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    printer = SimulatedPrinter(
        args.host,
        args.port,
        out_dir=args.out,
        paper_mm=args.width,
        paper=PaperLevel(args.paper),
        cover_open=args.cover_open,
        silent=args.silent,
    )

    async def run() -> None:
        # Our own handlers, not Python's KeyboardInterrupt: they work whatever disposition
        # the parent left (an ignored SIGINT is inherited), and SIGTERM stops it cleanly too.
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        async with printer:
            print(f"printer spec: {printer.spec}  slips: {args.out}/", flush=True)
            await stop.wait()

    # ``kill -USR1`` prints every thread's stack to stderr: a hang says where it is.
    faulthandler.register(signal.SIGUSR1)
    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass
    except OSError as error:
        print(f"cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
