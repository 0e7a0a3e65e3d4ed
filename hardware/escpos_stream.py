"""Reading ESC/POS byte streams back: text with its style, code pages, barcodes, QR codes, cuts.

No ESC/POS decoder exists on PyPI, so this is ours. Two layers:

* :class:`EscposTokenizer` splits bytes into :class:`Token` s (a text run, one command with its
  parameters, a status query). It is incremental: ``feed`` takes bytes as they arrive over a
  socket and keeps an unfinished command for the next call, so the simulated printer can answer
  ``DLE EOT n`` in real time. Commands carrying a length (``GS ( k``, ``GS v 0``, ``GS k`` type B)
  are skipped by that length, so status-query bytes inside QR or image data are not mistaken for
  queries (real printers are less careful).
* :func:`decode` interprets a whole job the way a printer does: bold, size, alignment and the
  code page in force, lines (wrapped at ``columns`` when given, as a printer wraps a full line),
  barcodes, QR codes, raster images, feeds and cuts. The result, a :class:`DecodedJob`, is what
  tests assert on and what :mod:`hardware.slip_image` draws.

Status replies live here too (:class:`PrinterStatus`), so the adapter that reads them and the
simulator that sends them agree on every bit (Epson's ESC/POS reference, ``DLE EOT``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from hardware.fakes import PaperLevel
from hardware.receipt import Align

NUL, LF, CR, HT, FF = 0x00, 0x0A, 0x0D, 0x09, 0x0C
DLE, EOT, ENQ, DC4 = 0x10, 0x04, 0x05, 0x14
ESC, FS, GS = 0x1B, 0x1C, 0x1D

#: ``ESC t n`` -> Python codec, numbered as Epson (and python-escpos's default profile) do.
EPSON_CODE_PAGES: Mapping[int, str] = {
    0: "cp437",
    2: "cp850",
    3: "cp860",
    4: "cp863",
    5: "cp865",
    13: "cp857",
    14: "cp737",
    15: "iso8859_7",
    16: "cp1252",
    17: "cp866",
    18: "cp852",
    19: "cp858",
    33: "cp775",
    34: "cp855",
    35: "cp861",
    36: "cp862",
    37: "cp864",
    38: "cp869",
    39: "iso8859_2",
    40: "iso8859_15",
    45: "cp1250",
    46: "cp1251",
    47: "cp1253",
    48: "cp1254",
    49: "cp1255",
    50: "cp1256",
    51: "cp1257",
    52: "cp1258",
}

# --- real-time status (DLE EOT n) -------------------------------------------------------------

#: Every status byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is not a reply.
_STATUS_FIXED_MASK, _STATUS_FIXED_BITS = 0x93, 0x12
_OFFLINE = 0x08  # DLE EOT 1: the printer is offline
_COVER_OPEN = 0x04  # DLE EOT 2: the cover is open
_FEED_BUTTON = 0x08  # DLE EOT 2: paper is being fed by the button
_PAPER_STOP = 0x20  # DLE EOT 2: printing stopped at the end of the paper
_ERROR = 0x40  # DLE EOT 2: an error occurred (cutter jam, head too hot ...)
_NEAR_END = 0x0C  # DLE EOT 4: the near-end sensor sees little paper
_PAPER_END = 0x60  # DLE EOT 4: the end sensor sees no paper

STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_ERROR_CAUSE, STATUS_PAPER = 1, 2, 3, 4


def is_status_byte(value: int) -> bool:
    """Whether ``value`` has the fixed bits every ``DLE EOT`` reply carries."""
    return value & _STATUS_FIXED_MASK == _STATUS_FIXED_BITS


def reports_offline(printer_status: int) -> bool:
    """Whether a ``DLE EOT 1`` reply says offline (then ``DLE EOT 2`` tells why)."""
    return bool(printer_status & _OFFLINE)


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """A printer's condition as its real-time status bytes tell it.

    ``offline`` covers offline causes other than the cover and the paper (an error, the feed
    button held down); a printer out of paper or with its cover open is offline too.
    """

    paper: PaperLevel = PaperLevel.PLENTY
    cover_open: bool = False
    offline: bool = False

    @property
    def can_print(self) -> bool:
        return not (self.cover_open or self.offline or self.paper is PaperLevel.OUT)

    def reply(self, function: int) -> bytes:
        """The byte a printer in this condition answers to ``DLE EOT function``."""
        value = _STATUS_FIXED_BITS
        if function == STATUS_PRINTER and not self.can_print:
            value |= _OFFLINE
        elif function == STATUS_OFFLINE_CAUSE:
            if self.cover_open:
                value |= _COVER_OPEN
            if self.paper is PaperLevel.OUT:
                value |= _PAPER_STOP
            if self.offline:
                value |= _ERROR
        elif function == STATUS_PAPER:
            if self.paper is PaperLevel.OUT:
                value |= _NEAR_END | _PAPER_END  # both sensors see no paper
            elif self.paper is PaperLevel.LOW:
                value |= _NEAR_END
        return bytes([value])

    @classmethod
    def from_replies(
        cls, printer: int, offline_cause: int | None, paper: int | None
    ) -> PrinterStatus:
        """The condition from the ``DLE EOT 1``, ``2`` and ``4`` replies (``2`` and ``4`` may be
        missing: ``2`` is asked only when ``1`` says offline)."""
        level = PaperLevel.PLENTY
        if paper is not None and is_status_byte(paper):
            if paper & _PAPER_END:
                level = PaperLevel.OUT
            elif paper & _NEAR_END:
                level = PaperLevel.LOW
        cover_open = offline = False
        if printer & _OFFLINE:
            if offline_cause is not None and is_status_byte(offline_cause):
                cover_open = bool(offline_cause & _COVER_OPEN)
                if offline_cause & _PAPER_STOP:
                    level = PaperLevel.OUT
                offline = bool(offline_cause & (_ERROR | _FEED_BUTTON))
            # Offline for a reason not given (or not readable): offline all the same.
            if not cover_open and level is not PaperLevel.OUT:
                offline = True
        return cls(paper=level, cover_open=cover_open, offline=offline)


# --- tokens ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    """One piece of the stream.

    ``name`` is ``"text"`` (``data`` holds the encoded bytes), a command as the manuals write
    it (``"ESC E"``, ``"GS ( k"``, ``"DLE EOT"``; ``params`` holds its parameter bytes and
    ``data`` any block it carries), ``"NUL"``/``"LF"``/``"CR"`` ..., or ``"unknown"``.
    ``start`` and ``end`` are offsets in the whole stream fed so far.
    """

    name: str
    start: int
    end: int
    params: bytes = b""
    data: bytes = b""

    @property
    def is_status_query(self) -> bool:
        """A query the printer answers: ``DLE EOT`` (real time), ``GS r`` or ``GS I``."""
        return self.name in ("DLE EOT", "GS r", "GS I")


_CONTROL_NAMES = {NUL: "NUL", LF: "LF", CR: "CR", HT: "HT", FF: "FF"}

#: ESC commands with a fixed number of parameter bytes.
_ESC_FIXED: Mapping[int, int] = {
    ord(c): n
    for c, n in {
        "@": 0, "!": 1, "E": 1, "G": 1, "-": 1, "a": 1, "t": 1, "d": 1, "J": 1, "e": 1,
        "M": 1, "2": 0, "3": 1, " ": 1, "{": 1, "V": 1, "R": 1, "r": 1, "=": 1, "p": 3,
        "$": 2, "\\": 2, "B": 2, "L": 0, "S": 0, "T": 1, "W": 8, "U": 1, "?": 1, "i": 0,
        "m": 0, "<": 0, "%": 1, "K": 1, "c": 2, "u": 1, "v": 0, "f": 2, "F": 1,
    }.items()
}  # fmt: skip
#: GS commands with a fixed number of parameter bytes.
_GS_FIXED: Mapping[int, int] = {
    ord(c): n
    for c, n in {
        "!": 1, "B": 1, "b": 1, "H": 1, "f": 1, "h": 1, "w": 1, "L": 2, "W": 2, "P": 2,
        "|": 1, "I": 1, "r": 1, "a": 1, "/": 1, "^": 3, ":": 0, "T": 1, "\\": 2, "$": 2,
        "x": 1, "y": 1, "j": 1, "g": 2, "Z": 1, "E": 1, "C": 1,
    }.items()
}  # fmt: skip
#: FS commands with a fixed number of parameter bytes.
_FS_FIXED: Mapping[int, int] = {
    ord(c): n for c, n in {".": 0, "&": 0, "C": 1, "p": 2, "!": 1, "-": 1, "S": 2, "W": 1}.items()
}  # fmt: skip


def _name(prefix: str, command: int) -> str:
    return f"{prefix} {chr(command)}" if 0x20 < command < 0x7F else f"{prefix} 0x{command:02x}"


class EscposTokenizer:
    """Splits an ESC/POS stream into tokens, as bytes arrive."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._offset = 0  # stream offset of _buffer[0]

    @property
    def pending(self) -> bytes:
        """Bytes of a command not complete yet."""
        return bytes(self._buffer)

    def feed(self, data: bytes) -> list[Token]:
        """The tokens ``data`` completes (an unfinished command waits for the next call)."""
        self._buffer += data
        tokens: list[Token] = []
        position = 0
        while position < len(self._buffer):
            parsed = self._parse(position)
            if parsed is None:
                break
            tokens.append(parsed)
            position = parsed.end - self._offset
        del self._buffer[:position]
        self._offset += position
        return tokens

    def _token(
        self, name: str, start: int, end: int, params: bytes = b"", data: bytes = b""
    ) -> Token:
        return Token(name, self._offset + start, self._offset + end, params, data)

    def _parse(self, i: int) -> Token | None:
        buf = self._buffer
        first = buf[i]
        if first >= 0x20:
            end = i
            while end < len(buf) and buf[end] >= 0x20:
                end += 1
            return self._token("text", i, end, data=bytes(buf[i:end]))
        if first in _CONTROL_NAMES:
            return self._token(_CONTROL_NAMES[first], i, i + 1)
        if first not in (ESC, GS, FS, DLE):
            return self._token("unknown", i, i + 1, data=bytes(buf[i : i + 1]))
        if i + 1 >= len(buf):
            return None
        command = buf[i + 1]
        if first == DLE:
            return self._dle(i, command)
        if first == ESC:
            return self._esc(i, command)
        if first == GS:
            return self._gs(i, command)
        return self._fs(i, command)

    def _fixed(self, i: int, name: str, count: int) -> Token | None:
        if i + 2 + count > len(self._buffer):
            return None
        return self._token(
            name, i, i + 2 + count, params=bytes(self._buffer[i + 2 : i + 2 + count])
        )

    def _length_prefixed(self, i: int, name: str) -> Token | None:
        # "GS ( x pL pH <p bytes>": the first byte after the length is kept as params.
        buf = self._buffer
        if i + 5 > len(buf):
            return None
        length = buf[i + 3] | buf[i + 4] << 8
        end = i + 5 + length
        if end > len(buf):
            return None
        body = bytes(buf[i + 5 : end])
        return self._token(name, i, end, params=body[:2], data=body[2:])

    def _dle(self, i: int, command: int) -> Token | None:
        buf = self._buffer
        if command == EOT:
            if i + 2 >= len(buf):
                return None
            extra = 1 if buf[i + 2] in (7, 8) else 0
            return self._fixed(i, "DLE EOT", 1 + extra)
        if command == ENQ:
            return self._fixed(i, "DLE ENQ", 1)
        if command == DC4:
            return self._fixed(i, "DLE DC4", 3)
        return self._token("unknown", i, i + 1, data=bytes(buf[i : i + 1]))

    def _esc(self, i: int, command: int) -> Token | None:
        buf = self._buffer
        if command in _ESC_FIXED:
            return self._fixed(i, _name("ESC", command), _ESC_FIXED[command])
        if command == ord("*"):  # column bit image: m nL nH, then nL+nH*256 columns
            if i + 5 > len(buf):
                return None
            columns = buf[i + 3] | buf[i + 4] << 8
            end = i + 5 + columns * (3 if buf[i + 2] in (32, 33) else 1)
            if end > len(buf):
                return None
            return self._token("ESC *", i, end, bytes(buf[i + 2 : i + 5]), bytes(buf[i + 5 : end]))
        if command == ord("D"):  # tab positions, ending in NUL
            end = buf.find(NUL, i + 2)
            if end < 0:
                return None
            return self._token("ESC D", i, end + 1, params=bytes(buf[i + 2 : end]))
        if command == ord("("):
            if i + 2 >= len(buf):
                return None
            return self._length_prefixed(i, f"ESC ( {chr(buf[i + 2])}")
        return self._token("unknown", i, i + 2, data=bytes(buf[i : i + 2]))

    def _gs(self, i: int, command: int) -> Token | None:
        buf = self._buffer
        if command in _GS_FIXED:
            return self._fixed(i, _name("GS", command), _GS_FIXED[command])
        if command == ord("V"):  # cut: m, and for m 65/66/97/98/103/104 a feed n
            if i + 2 >= len(buf):
                return None
            return self._fixed(i, "GS V", 1 if buf[i + 2] in (0, 1, 48, 49) else 2)
        if command == ord("k"):
            return self._barcode(i)
        if command == ord("("):
            if i + 2 >= len(buf):
                return None
            return self._length_prefixed(i, f"GS ( {chr(buf[i + 2])}")
        if command == ord("v"):  # raster image: "0" m xL xH yL yH, then xL*yL bytes
            if i + 8 > len(buf):
                return None
            width_bytes = buf[i + 4] | buf[i + 5] << 8
            height = buf[i + 6] | buf[i + 7] << 8
            end = i + 8 + width_bytes * height
            if end > len(buf):
                return None
            return self._token("GS v 0", i, end, bytes(buf[i + 3 : i + 8]), bytes(buf[i + 8 : end]))
        if command == ord("8"):  # large graphics: "L" p1..p4 (32-bit length), then data
            if i + 7 > len(buf):
                return None
            length = int.from_bytes(buf[i + 3 : i + 7], "little")
            end = i + 7 + length
            if end > len(buf):
                return None
            return self._token("GS 8 L", i, end, data=bytes(buf[i + 7 : end]))
        if command == ord("*"):  # downloaded bit image: x y, then x*y*8 bytes
            if i + 4 > len(buf):
                return None
            end = i + 4 + buf[i + 2] * buf[i + 3] * 8
            if end > len(buf):
                return None
            return self._token("GS *", i, end, bytes(buf[i + 2 : i + 4]), bytes(buf[i + 4 : end]))
        return self._token("unknown", i, i + 2, data=bytes(buf[i : i + 2]))

    def _barcode(self, i: int) -> Token | None:
        buf = self._buffer
        if i + 2 >= len(buf):
            return None
        kind = buf[i + 2]
        if kind <= 6:  # function A: data ends in NUL
            end = buf.find(NUL, i + 3)
            if end < 0:
                return None
            return self._token("GS k", i, end + 1, bytes([kind]), bytes(buf[i + 3 : end]))
        if i + 3 >= len(buf):
            return None
        end = i + 4 + buf[i + 3]  # function B: a length byte, then the data
        if end > len(buf):
            return None
        return self._token("GS k", i, end, bytes([kind]), bytes(buf[i + 4 : end]))

    def _fs(self, i: int, command: int) -> Token | None:
        buf = self._buffer
        if command in _FS_FIXED:
            return self._fixed(i, _name("FS", command), _FS_FIXED[command])
        if command == ord("("):
            if i + 2 >= len(buf):
                return None
            return self._length_prefixed(i, f"FS ( {chr(buf[i + 2])}")
        return self._token("unknown", i, i + 2, data=bytes(buf[i : i + 2]))


def tokenize(data: bytes) -> list[Token]:
    """Every token of a complete stream; a command cut short ends as an ``incomplete`` token."""
    tokenizer = EscposTokenizer()
    tokens = tokenizer.feed(data)
    if tokenizer.pending:
        tail = tokenizer.pending
        tokens.append(Token("incomplete", len(data) - len(tail), len(data), data=tail))
    return tokens


# --- what a job prints ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """Text printed in one style. ``width``/``height`` are the character size multipliers."""

    text: str
    bold: bool = False
    underline: bool = False
    width: int = 1
    height: int = 1
    invert: bool = False


@dataclass(frozen=True, slots=True)
class PrintedLine:
    """One printed line of text (no runs: an empty line, as a feed makes)."""

    runs: tuple[Run, ...] = ()
    align: Align = Align.LEFT

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def columns(self) -> int:
        """Columns of normal-width characters the line takes (double width counts two)."""
        return sum(len(run.text) * run.width for run in self.runs)

    @property
    def height(self) -> int:
        """Line height in normal lines (double height counts two)."""
        return max((run.height for run in self.runs), default=1)


@dataclass(frozen=True, slots=True)
class PrintedBarcode:
    """A 1D barcode: ``symbology`` as python-escpos names it (``CODE128``), ``data`` as scanned."""

    symbology: str
    data: str
    height: int = 162
    module_width: int = 3
    hri: str = "none"  # none / above / below / both: where the human-readable text goes
    align: Align = Align.LEFT


@dataclass(frozen=True, slots=True)
class PrintedQr:
    """A QR code the printer draws itself (``GS ( k``); ``data`` is the payload as sent."""

    data: bytes
    module_size: int = 3
    error_correction: str = "L"
    align: Align = Align.LEFT

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class PrintedImage:
    """A raster bit image (``GS v 0``): ``rows`` of ``width`` dots, 1 = black, MSB first."""

    width: int
    height: int
    rows: bytes
    align: Align = Align.LEFT


@dataclass(frozen=True, slots=True)
class PrintedFeed:
    """Paper fed without printing (``ESC J``), in dots."""

    dots: int


@dataclass(frozen=True, slots=True)
class PrintedCut:
    partial: bool = True


Block = PrintedLine | PrintedBarcode | PrintedQr | PrintedImage | PrintedFeed | PrintedCut


@dataclass
class DecodedJob:
    """Everything a stream printed, top to bottom, and what else it asked of the printer."""

    blocks: list[Block] = field(default_factory=list)
    #: ``(command, function)`` of every status query: ``("DLE EOT", 4)``.
    status_queries: list[tuple[str, int]] = field(default_factory=list)
    #: Code pages selected with ``ESC t``, in order.
    code_pages: list[int] = field(default_factory=list)
    #: Raw bytes of commands this decoder does not know.
    unknown: list[bytes] = field(default_factory=list)
    #: A command the stream ended in the middle of.
    incomplete: bytes = b""

    @property
    def lines(self) -> list[PrintedLine]:
        return [block for block in self.blocks if isinstance(block, PrintedLine)]

    @property
    def text_lines(self) -> list[str]:
        """The text of every printed line, empty lines included."""
        return [line.text for line in self.lines]

    @property
    def qr_codes(self) -> list[PrintedQr]:
        return [block for block in self.blocks if isinstance(block, PrintedQr)]

    @property
    def barcodes(self) -> list[PrintedBarcode]:
        return [block for block in self.blocks if isinstance(block, PrintedBarcode)]

    @property
    def images(self) -> list[PrintedImage]:
        return [block for block in self.blocks if isinstance(block, PrintedImage)]

    @property
    def cuts(self) -> list[PrintedCut]:
        return [block for block in self.blocks if isinstance(block, PrintedCut)]

    @property
    def has_content(self) -> bool:
        """Whether anything was printed (status queries and settings alone print nothing)."""
        return any(
            isinstance(block, PrintedBarcode | PrintedQr | PrintedImage)
            or (isinstance(block, PrintedLine) and bool(block.text.strip()))
            for block in self.blocks
        )


#: GS k types, function A (0-6) and B (65-78), as python-escpos names them.
BARCODE_TYPES: Mapping[int, str] = {
    0: "UPC-A", 1: "UPC-E", 2: "EAN13", 3: "EAN8", 4: "CODE39", 5: "ITF", 6: "NW7",
    65: "UPC-A", 66: "UPC-E", 67: "EAN13", 68: "EAN8", 69: "CODE39", 70: "ITF", 71: "NW7",
    72: "CODE93", 73: "CODE128", 74: "GS1-128", 75: "GS1 DATABAR OMNIDIRECTIONAL",
    76: "GS1 DATABAR TRUNCATED", 77: "GS1 DATABAR LIMITED", 78: "GS1 DATABAR EXPANDED",
}  # fmt: skip
_HRI = {0: "none", 1: "above", 2: "below", 3: "both"}
_ALIGN = {0: Align.LEFT, 1: Align.CENTER, 2: Align.RIGHT}
_QR_LEVELS = {48: "L", 49: "M", 50: "Q", 51: "H"}


def code128_text(data: bytes) -> str:
    """The scanned text of ESC/POS CODE128 data: ``{A``/``{B``/``{C`` pick a code set,
    ``{{`` is a brace, other ``{x`` are function codes; code set C bytes are digit pairs."""
    out: list[str] = []
    code_set = "B"
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == ord("{") and i + 1 < len(data):
            selector = chr(data[i + 1])
            i += 2
            if selector in "ABC":
                code_set = selector
            elif selector == "{":
                out.append("{")
            continue
        out.append(f"{byte:02d}" if code_set == "C" else chr(byte))
        i += 1
    return "".join(out)


@dataclass
class _Style:
    bold: bool = False
    underline: bool = False
    width: int = 1
    height: int = 1
    invert: bool = False
    align: Align = Align.LEFT
    code_page: int = 0
    # barcode settings
    barcode_height: int = 162
    barcode_width: int = 3
    hri: str = "none"
    # QR settings (GS ( k, cn 49)
    qr_size: int = 3
    qr_level: str = "L"
    qr_data: bytes = b""


class _Interpreter:
    def __init__(self, columns: int | None, code_pages: Mapping[int, str]) -> None:
        self.columns = columns
        self.code_pages = code_pages
        self.job = DecodedJob()
        self.style = _Style()
        self.runs: list[Run] = []
        self.line_align: Align | None = None

    # text and lines
    def text(self, data: bytes) -> None:
        codec = self.code_pages.get(self.style.code_page, "cp437")
        text = data.decode(codec, errors="replace")
        if self.line_align is None:
            self.line_align = self.style.align  # ESC a counts at the start of a line
        style = self.style
        run = Run(text, style.bold, style.underline, style.width, style.height, style.invert)
        if self.runs and _same_style(self.runs[-1], run):
            self.runs[-1] = Run(self.runs[-1].text + text, *_style_of(run))
        else:
            self.runs.append(run)

    def end_line(self, *, force: bool = True) -> None:
        """Print the line buffer (``force``: even when empty, as LF feeds a blank line)."""
        if not self.runs and not force:
            return
        align = self.line_align if self.line_align is not None else self.style.align
        for runs in self._wrapped(self.runs):
            self.job.blocks.append(PrintedLine(tuple(runs), align))
        self.runs = []
        self.line_align = None

    def _wrapped(self, runs: list[Run]) -> list[list[Run]]:
        if self.columns is None:
            return [runs]
        lines: list[list[Run]] = [[]]
        used = 0
        for run in runs:
            for char in run.text:
                if used + run.width > self.columns and used:
                    lines.append([])
                    used = 0
                line = lines[-1]
                if line and _same_style(line[-1], run):
                    line[-1] = Run(line[-1].text + char, *_style_of(run))
                else:
                    line.append(Run(char, *_style_of(run)))
                used += run.width
        return lines

    def block(self, block: Block) -> None:
        self.end_line(force=False)
        self.job.blocks.append(block)

    # commands
    def command(self, token: Token) -> None:
        name, params, style = token.name, token.params, self.style
        value = params[0] if params else 0
        if name == "LF":
            self.end_line()
        elif name == "ESC d":
            had_text = bool(self.runs)
            self.end_line(force=False)
            for _ in range(value - 1 if had_text else value):
                self.job.blocks.append(PrintedLine(align=style.align))
        elif name == "ESC J":
            self.end_line(force=False)
            self.job.blocks.append(PrintedFeed(value))
        elif name == "ESC @":
            self.end_line(force=False)
            self.style = _Style()
        elif name == "ESC !":
            style.bold = bool(value & 0x08)
            style.height = 2 if value & 0x10 else 1
            style.width = 2 if value & 0x20 else 1
            style.underline = bool(value & 0x80)
        elif name == "GS !":
            style.width = (value >> 4 & 0x07) + 1
            style.height = (value & 0x07) + 1
        elif name in ("ESC E", "ESC G"):
            style.bold = bool(value & 1)
        elif name == "ESC -":
            style.underline = value in (1, 2, 49, 50)
        elif name == "GS B":
            style.invert = bool(value & 1)
        elif name == "ESC a":
            style.align = _ALIGN.get(value % 48 if value >= 48 else value, Align.LEFT)
        elif name == "ESC t":
            style.code_page = value
            self.job.code_pages.append(value)
        elif name == "GS h":
            style.barcode_height = value
        elif name == "GS w":
            style.barcode_width = value
        elif name == "GS H":
            style.hri = _HRI.get(value % 48 if value >= 48 else value, "none")
        elif name == "GS k":
            self._barcode(token)
        elif name == "GS ( k":
            self._code_2d(token)
        elif name == "GS v 0":
            self._raster(token)
        elif name in ("GS V", "ESC i", "ESC m"):
            partial = name == "ESC m" or (name == "GS V" and value in (1, 49, 66, 98, 104))
            self.block(PrintedCut(partial=partial))
        elif token.is_status_query:
            self.job.status_queries.append((name, value))
        elif name == "unknown":
            self.job.unknown.append(token.data)
        elif name == "incomplete":
            self.job.incomplete = token.data

    def _barcode(self, token: Token) -> None:
        kind = token.params[0]
        symbology = BARCODE_TYPES.get(kind, f"type {kind}")
        if symbology in ("CODE128", "GS1-128"):
            data = code128_text(token.data)
        else:
            data = token.data.decode("ascii", errors="replace")
        style = self.style
        self.block(
            PrintedBarcode(
                symbology, data, style.barcode_height, style.barcode_width, style.hri, style.align
            )
        )

    def _code_2d(self, token: Token) -> None:
        if len(token.params) < 2 or token.params[0] != 49:  # cn 49: QR Code
            return
        function, style = token.params[1], self.style
        if function == 67 and token.data:
            style.qr_size = token.data[0]
        elif function == 69 and token.data:
            style.qr_level = _QR_LEVELS.get(token.data[0], "L")
        elif function == 80:  # store: m (48), then the payload
            style.qr_data = token.data[1:]
        elif function == 81 and style.qr_data:  # print what is stored
            self.block(PrintedQr(style.qr_data, style.qr_size, style.qr_level, style.align))

    def _raster(self, token: Token) -> None:
        width_bytes = token.params[1] | token.params[2] << 8
        height = token.params[3] | token.params[4] << 8
        self.block(PrintedImage(width_bytes * 8, height, token.data, self.style.align))


def _style_of(run: Run) -> tuple[bool, bool, int, int, bool]:
    return (run.bold, run.underline, run.width, run.height, run.invert)


def _same_style(a: Run, b: Run) -> bool:
    return _style_of(a) == _style_of(b)


def decode(
    data: bytes | Iterable[Token],
    *,
    columns: int | None = None,
    code_pages: Mapping[int, str] = EPSON_CODE_PAGES,
) -> DecodedJob:
    """What a printer prints for ``data`` (bytes, or tokens already split).

    ``columns``: the paper's width in normal characters (42 on 80 mm, 32 on 58 mm); a line
    longer than that wraps, as on paper. Without it, lines are kept as sent.
    """
    tokens: Sequence[Token] | Iterable[Token] = (
        tokenize(data) if isinstance(data, bytes | bytearray) else data
    )
    interpreter = _Interpreter(columns, code_pages)
    for token in tokens:
        if token.name == "text":
            interpreter.text(token.data)
        else:
            interpreter.command(token)
    interpreter.end_line(force=False)
    return interpreter.job
