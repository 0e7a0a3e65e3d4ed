"""Slips as pictures of the paper: a PNG from a Receipt or from a decoded ESC/POS job.

One pixel is one printer dot (203 dpi): 58 mm paper is 384 dots wide, 80 mm paper 576. Text is
monospace in the printer's columns (32 or 42), bold and double size as printed; QR codes are
drawn module for module with segno at the printer's module size, barcodes bar for bar, and a
dashed line marks the cut. The simulated printer draws what it decoded from the wire; the fake
printer draws the receipt it was given. Both go through :func:`draw_blocks`, and both lay a
receipt out with the same rules as the ESC/POS adapter (:func:`receipt_blocks`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

from hardware.escpos_stream import (
    Block,
    DecodedJob,
    PrintedBarcode,
    PrintedCut,
    PrintedFeed,
    PrintedImage,
    PrintedLine,
    PrintedQr,
    Run,
)
from hardware.receipt import (
    DEFAULT_WIDTH,
    Align,
    Barcode,
    BarcodeSymbology,
    Receipt,
    ReceiptLine,
    TextSize,
    wrap_line,
)

log = logging.getLogger(__name__)

#: Paper width in dots at 203 dpi, and the columns of the printer's font A on it.
PAPER_DOTS = {58: 384, 80: 576}
PAPER_COLUMNS = {58: 32, 80: DEFAULT_WIDTH}
#: Dots a layout may fill: the whole 58 mm line, and 512 on 80 mm (Epson TM-T88; 576 elsewhere).
PRINTABLE_DOTS = {58: 384, 80: 512}

#: Barcode bars: module width 2-3 dots (the printers' range starts at 2), 80 dots (1 cm) high.
BARCODE_HEIGHT = 80
#: Lines fed before the cut (python-escpos's ``cut``: the distance from head to cutter), and
#: without a cut, so the last line clears the tear bar.
CUT_FEED_LINES = 6
TEAR_FEED_LINES = 4
_BARCODE_SYMBOLOGIES = {
    BarcodeSymbology.CODE128: "CODE128",
    BarcodeSymbology.CODE39: "CODE39",
    BarcodeSymbology.EAN13: "EAN13",
}

_FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu (fonts-dejavu-core)
    "/usr/share/fonts/dejavu",  # Fedora
    "/usr/share/fonts/TTF",  # Arch
    "/usr/local/share/fonts",
    "/usr/share/fonts/dejavu-sans-mono-fonts",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)
_MARGIN = 12  # dots left and right of the text, as a printer's unprintable edge


def paper_for_columns(columns: int) -> int:
    """The paper width in mm a slip of ``columns`` characters is printed on (58 or 80)."""
    return 58 if columns <= PAPER_COLUMNS[58] else 80


# --- layout shared with the ESC/POS adapter -------------------------------------------------


def qr_module_size(payload: str, paper_mm: int) -> int:
    """Dots per QR module so the code (error correction M) fills at most 60 % of the paper.

    Sized for byte mode, the largest a printer may choose, so it fits whatever mode it picks;
    at most 8 dots (a 21-module code is then 2 cm wide, easy for any phone).
    """
    version = segno.make(payload.encode("utf-8"), error="m", boost_error=False, micro=False)
    modules = 17 + 4 * int(version.version) + 2  # and a module of margin either side
    return max(1, min(8, PRINTABLE_DOTS[paper_mm] * 6 // 10 // modules))


def barcode_modules(barcode: Barcode) -> int:
    """Modules (narrowest bar widths) the symbol takes, quiet zones left out."""
    if barcode.symbology is BarcodeSymbology.CODE128:
        return (len(barcode.data) + 3) * 11 + 2  # start, data, check, stop (13)
    if barcode.symbology is BarcodeSymbology.CODE39:
        return (len(barcode.data) + 2) * 16  # with * at both ends; wide bars 3 modules
    return 95  # EAN-13


def barcode_module_width(barcode: Barcode, paper_mm: int) -> int | None:
    """Dots per module that fit the paper (2 or 3), or None: too long to print as bars."""
    width = min(3, PRINTABLE_DOTS[paper_mm] // barcode_modules(barcode))
    return width if width >= 2 else None


def receipt_blocks(receipt: Receipt, columns: int = DEFAULT_WIDTH) -> list[Block]:
    """What the ESC/POS adapter prints for ``receipt`` on paper ``columns`` wide."""
    paper = paper_for_columns(columns)
    blocks: list[Block] = []
    for line in receipt.lines:
        blocks.extend(_line_blocks(line, columns))
    if receipt.qr is not None:
        size = qr_module_size(receipt.qr, paper)
        blocks.append(PrintedQr(receipt.qr.encode("utf-8"), size, "M", Align.CENTER))
    if receipt.barcode is not None:
        symbology = _BARCODE_SYMBOLOGIES[receipt.barcode.symbology]
        module = barcode_module_width(receipt.barcode, paper)
        if module is None:
            blocks.append(PrintedLine((Run(receipt.barcode.data),), Align.CENTER))
        else:
            blocks.append(
                PrintedBarcode(
                    symbology, receipt.barcode.data, BARCODE_HEIGHT, module, "below", Align.CENTER
                )
            )
    for line in receipt.footer:
        blocks.extend(_line_blocks(line, columns))
    if receipt.cut:
        blocks.extend([PrintedLine()] * CUT_FEED_LINES)
        blocks.append(PrintedCut(partial=True))
    else:
        blocks.extend([PrintedLine()] * TEAR_FEED_LINES)
    return blocks


def _line_blocks(line: ReceiptLine, columns: int) -> list[Block]:
    size = 2 if line.size is TextSize.LARGE else 1
    return [
        PrintedLine(
            (Run(part, bold=line.bold, width=size, height=size),) if part else (), line.align
        )
        for part in wrap_line(line, columns)
    ]


# --- drawing --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def font_path(bold: bool = False) -> str | None:
    """DejaVu Sans Mono (regular or bold) where the system keeps it, or None."""
    name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    for directory in _FONT_DIRS:
        candidate = Path(directory) / name
        if candidate.is_file():
            return str(candidate)
    return None


@functools.lru_cache(maxsize=32)
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = font_path(bold)
    if path is not None:
        return ImageFont.truetype(path, size)
    # Pillow's own font (FreeType when available); each character is placed in its cell anyway.
    return ImageFont.load_default(size=size)


def _has_bold_font() -> bool:
    return font_path(True) is not None


class _Canvas:
    def __init__(self, paper_mm: int, columns: int) -> None:
        self.width = PAPER_DOTS[paper_mm]
        self.columns = columns
        self.cell = (self.width - 2 * _MARGIN) // columns
        self.text_left = (self.width - self.cell * columns) // 2
        self.line_height = self.cell * 2  # font A is 12 x 24 dots: twice as high as wide
        self.font_size = round(self.cell / 0.602)  # DejaVu Sans Mono advances 0.602 em

    def block_height(self, block: Block) -> int:
        if isinstance(block, PrintedLine):
            return self.line_height * block.height
        if isinstance(block, PrintedQr):
            return (
                int(_qr(block).symbol_size(border=0)[0]) * block.module_size + self.line_height // 2
            )
        if isinstance(block, PrintedBarcode):
            text = self.line_height if block.hri in ("below", "above", "both") else 0
            return block.height + text + self.line_height // 2
        if isinstance(block, PrintedImage):
            return block.height
        if isinstance(block, PrintedFeed):
            return block.dots
        return self.line_height  # the cut line and some paper after it

    def x_for(self, width: int, align: Align) -> int:
        if align is Align.CENTER:
            return max(0, (self.width - width) // 2)
        if align is Align.RIGHT:
            return max(0, self.width - self.text_left - width)
        return self.text_left


def draw_blocks(
    blocks: Sequence[Block], *, paper_mm: int = 80, columns: int | None = None
) -> Image.Image:
    """A picture of the paper that ``blocks`` come out as (grey-scale, white paper)."""
    if paper_mm not in PAPER_DOTS:
        raise ValueError(f"paper must be 58 or 80 mm wide, not {paper_mm}")
    canvas = _Canvas(paper_mm, columns or PAPER_COLUMNS[paper_mm])
    top = canvas.line_height // 2
    height = top + sum(canvas.block_height(block) for block in blocks) + top
    image = Image.new("L", (canvas.width, max(height, canvas.line_height)), 255)
    draw = ImageDraw.Draw(image)
    y = top
    for block in blocks:
        if isinstance(block, PrintedLine):
            _draw_line(draw, canvas, block, y)
        elif isinstance(block, PrintedQr):
            _draw_qr(image, canvas, block, y)
        elif isinstance(block, PrintedBarcode):
            _draw_barcode(draw, canvas, block, y)
        elif isinstance(block, PrintedImage):
            _draw_image(image, canvas, block, y)
        elif isinstance(block, PrintedCut):
            _draw_cut(draw, canvas, y + canvas.line_height // 2)
        y += canvas.block_height(block)
    return image


def draw_job(job: DecodedJob, *, paper_mm: int = 80) -> Image.Image:
    """A picture of what the printer printed for a decoded job."""
    return draw_blocks(job.blocks, paper_mm=paper_mm)


def draw_receipt(receipt: Receipt, *, columns: int = DEFAULT_WIDTH) -> Image.Image:
    """A picture of ``receipt`` as the ESC/POS adapter prints it on paper ``columns`` wide."""
    paper = paper_for_columns(columns)
    return draw_blocks(receipt_blocks(receipt, columns), paper_mm=paper, columns=columns)


def save_png(image: Image.Image, path: Path) -> Path:
    """Write ``image`` to ``path`` as a PNG, whole or not at all: someone watching the
    directory (a demo, a test) never opens a half-written picture. Grey, not 1-bit, so the
    text's anti-aliasing stays readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    image.save(partial, format="PNG", optimize=True)
    partial.replace(path)
    return path


def _draw_line(draw: ImageDraw.ImageDraw, canvas: _Canvas, line: PrintedLine, top: int) -> None:
    width = line.columns * canvas.cell
    x = canvas.x_for(width, line.align)
    baseline = top + canvas.line_height * line.height - canvas.line_height // 5 * line.height
    fake_bold = not _has_bold_font()
    for run in line.runs:
        font = _font(canvas.font_size * run.height, run.bold and not fake_bold)
        advance = canvas.cell * run.width
        run_top = top + canvas.line_height * (line.height - run.height)
        run_bottom = top + canvas.line_height * line.height
        ink = 0
        if run.invert:
            draw.rectangle((x, run_top, x + advance * len(run.text) - 1, run_bottom - 1), fill=0)
            ink = 255
        for char in run.text:
            # Centre each character in its cell: every font becomes monospace this way.
            centre = x + advance // 2
            draw.text((centre, baseline), char, font=font, fill=ink, anchor="ms")
            if run.bold and fake_bold:
                draw.text((centre + 1, baseline), char, font=font, fill=ink, anchor="ms")
            x += advance
        if run.underline:
            start = x - advance * len(run.text)
            draw.line((start, baseline + 2, x - 1, baseline + 2), fill=ink, width=run.height)


def _qr(block: PrintedQr) -> segno.QRCode:
    return segno.make(
        block.data, error=block.error_correction.lower(), boost_error=False, micro=False
    )


def _draw_qr(image: Image.Image, canvas: _Canvas, block: PrintedQr, top: int) -> None:
    qr = _qr(block)
    size = int(qr.symbol_size(border=0)[0]) * block.module_size
    left = canvas.x_for(size, block.align)
    top += canvas.line_height // 4  # white paper around the code: its quiet zone
    draw = ImageDraw.Draw(image)
    module = block.module_size
    for row_index, row in enumerate(qr.matrix):
        for column_index, dark in enumerate(row):
            if dark:
                x = left + column_index * module
                y = top + row_index * module
                draw.rectangle((x, y, x + module - 1, y + module - 1), fill=0)


def _bars(block: PrintedBarcode) -> str | None:
    """The symbol's modules as ``"1"`` (bar) and ``"0"`` (space), or None if unknown here."""
    from barcode import EAN8, EAN13, Code39, Code128  # python-barcode, python-escpos's own

    try:
        if block.symbology in ("CODE128", "GS1-128"):
            return str(Code128(block.data).build()[0])
        if block.symbology == "EAN13":
            return str(EAN13(block.data[:12]).build()[0])
        if block.symbology == "EAN8":
            return str(EAN8(block.data[:7]).build()[0])
        if block.symbology == "CODE39":
            return str(Code39(block.data, add_checksum=False).build()[0])
    except Exception:  # a payload python-barcode refuses: draw a placeholder
        log.warning("cannot draw a %s barcode of %d characters", block.symbology, len(block.data))
    return None


def _draw_barcode(
    draw: ImageDraw.ImageDraw, canvas: _Canvas, block: PrintedBarcode, top: int
) -> None:
    bars = _bars(block)
    module = max(1, block.module_width)
    if bars is not None and len(bars) * module > canvas.width:
        module = max(1, canvas.width // len(bars))
    width = len(bars) * module if bars is not None else canvas.width // 2
    left = canvas.x_for(width, block.align)
    top += canvas.line_height // 4
    bars_top = top + (canvas.line_height if block.hri in ("above", "both") else 0)
    if bars is None:
        draw.rectangle((left, bars_top, left + width, bars_top + block.height), outline=0, width=2)
    else:
        for index, bar in enumerate(bars):
            if bar == "1":
                x = left + index * module
                draw.rectangle((x, bars_top, x + module - 1, bars_top + block.height - 1), fill=0)
    font = _font(canvas.font_size, False)
    centre = left + width // 2
    if block.hri in ("above", "both"):
        draw.text(
            (centre, top + canvas.line_height * 3 // 4), block.data, font=font, fill=0, anchor="ms"
        )
    if block.hri in ("below", "both") or bars is None:
        baseline = bars_top + block.height + canvas.line_height * 3 // 4
        if bars is None:
            baseline = bars_top + block.height // 2
        draw.text((centre, baseline), block.data, font=font, fill=0, anchor="ms")


def _draw_image(image: Image.Image, canvas: _Canvas, block: PrintedImage, top: int) -> None:
    # ESC/POS sets a bit for black; Pillow's mode "1" sets it for white.
    bits = bytes(byte ^ 0xFF for byte in block.rows)
    picture = Image.frombytes("1", (block.width, block.height), bits).convert("L")
    image.paste(picture, (canvas.x_for(block.width, block.align), top))


def _draw_cut(draw: ImageDraw.ImageDraw, canvas: _Canvas, y: int) -> None:
    dash = 8
    for x in range(0, canvas.width, dash * 2):
        draw.line((x, y, x + dash - 1, y), fill=0, width=2)
