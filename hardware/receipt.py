"""A receipt as a small structured document, and its rendering to a plain-text slip.

Callers build receipts from already translated text; printers decide how to draw them.
Text is checked here, once, so no adapter can be made to send printer control codes.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

#: 80 mm paper with the printer's font A; 58 mm paper holds 32.
DEFAULT_WIDTH = 42
MAX_QR_BYTES = 1000  # well within QR version 40 at level M; a slip needs far less


class TextSize(StrEnum):
    NORMAL = "normal"
    LARGE = "large"  # double width and height: a booking code, a queue number


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class BarcodeSymbology(StrEnum):
    CODE128 = "code128"
    CODE39 = "code39"
    EAN13 = "ean13"


_BARCODE_RULES: dict[BarcodeSymbology, re.Pattern[str]] = {
    BarcodeSymbology.CODE128: re.compile(r"^[\x20-\x7e]{1,48}$"),
    BarcodeSymbology.CODE39: re.compile(r"^[0-9A-Z \-.$/+%]{1,32}$"),
    BarcodeSymbology.EAN13: re.compile(r"^[0-9]{12,13}$"),
}


def _check_printable(text: str, what: str) -> None:
    # Control characters (ESC, GS, DLE, newlines) would be commands to an ESC/POS printer.
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            raise ValueError(f"{what} must not contain control characters, got {char!r}")


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    """One line of text; longer text wraps at the paper's width."""

    text: str
    bold: bool = False
    size: TextSize = TextSize.NORMAL
    align: Align = Align.LEFT

    def __post_init__(self) -> None:
        _check_printable(self.text, "receipt text")


@dataclass(frozen=True, slots=True)
class Barcode:
    data: str
    symbology: BarcodeSymbology = BarcodeSymbology.CODE128

    def __post_init__(self) -> None:
        if not _BARCODE_RULES[self.symbology].fullmatch(self.data):
            raise ValueError(f"{self.data!r} cannot be printed as {self.symbology.value}")
        if (
            self.symbology is BarcodeSymbology.EAN13
            and len(self.data) == 13
            and ean13_check_digit(self.data[:12]) != self.data[12]
        ):
            raise ValueError(f"{self.data!r} has a wrong EAN-13 check digit")


def ean13_check_digit(first_twelve: str) -> str:
    """The check digit that completes a 12-digit EAN-13 body."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first_twelve))
    return str((10 - total % 10) % 10)


@dataclass(frozen=True, slots=True)
class Receipt:
    """What to print, top to bottom: ``lines``, the QR code, the barcode, ``footer``, a cut."""

    lines: tuple[ReceiptLine, ...]
    qr: str | None = None
    barcode: Barcode | None = None
    footer: tuple[ReceiptLine, ...] = field(default=())
    cut: bool = True

    def __post_init__(self) -> None:
        # Accept lists from callers, keep the document immutable (and hashable).
        object.__setattr__(self, "lines", tuple(self.lines))
        object.__setattr__(self, "footer", tuple(self.footer))
        if not self.lines and self.qr is None and self.barcode is None and not self.footer:
            raise ValueError("a receipt must have something to print")
        if self.qr is not None:
            if not self.qr:
                raise ValueError("QR payload must not be empty")
            if len(self.qr.encode()) > MAX_QR_BYTES:
                raise ValueError(f"QR payload longer than {MAX_QR_BYTES} bytes")

    @classmethod
    def of(cls, *texts: str, qr: str | None = None, cut: bool = True) -> Receipt:
        """A plain receipt from lines of text (handy in tests and simple slips)."""
        return cls(lines=tuple(ReceiptLine(t) for t in texts), qr=qr, cut=cut)


def render_text(receipt: Receipt, width: int = DEFAULT_WIDTH) -> str:
    """The receipt as a plain-text slip ``width`` characters wide.

    Large text is spelled out with spaces between letters, since it takes two columns per
    letter on paper; bold cannot be shown. Codes appear as a bracketed caption with their data.
    """
    if width < 16:
        raise ValueError("a slip narrower than 16 characters cannot hold a receipt")
    out: list[str] = []
    for line in receipt.lines:
        out.extend(_render_line(line, width))
    if receipt.qr is not None:
        out.extend(_boxed(f"QR: {receipt.qr}", width))
    if receipt.barcode is not None:
        caption = receipt.barcode.symbology.value.upper()
        out.extend(_boxed(f"{caption}: {receipt.barcode.data}", width))
    for line in receipt.footer:
        out.extend(_render_line(line, width))
    if receipt.cut:
        out.append(" ".join("-" * ((width + 1) // 2)))  # a dashed line marks the cut
    return "\n".join(out) + "\n"


def wrap_line(line: ReceiptLine, width: int = DEFAULT_WIDTH) -> list[str]:
    """The pieces ``line`` prints as on paper ``width`` columns wide, without alignment.

    Large text takes two columns a letter, so it wraps at half the width. Text is put in NFC
    first: a decomposed "ä" is one letter on paper, not two. Printers and slip pictures both
    wrap with this, so a slip looks the same whichever draws it.
    """
    columns = width // 2 if line.size is TextSize.LARGE else width
    return textwrap.wrap(unicodedata.normalize("NFC", line.text), columns) or [""]


def _render_line(line: ReceiptLine, width: int) -> list[str]:
    if line.size is TextSize.LARGE:
        columns = width // 2
        wrapped = textwrap.wrap(line.text, columns) or [""]
        # " ".join spreads n letters over 2n-1 columns; pad to the doubled width for alignment.
        return [_align(" ".join(part), width, line.align) for part in wrapped]
    wrapped = textwrap.wrap(line.text, width) or [""]
    return [_align(part, width, line.align) for part in wrapped]


def _align(text: str, width: int, align: Align) -> str:
    if align is Align.CENTER:
        return text.center(width).rstrip()
    if align is Align.RIGHT:
        return text.rjust(width)
    return text


def _boxed(caption: str, width: int) -> list[str]:
    inner = width - 4
    parts = textwrap.wrap(caption, inner, break_long_words=True, break_on_hyphens=False)
    return [f"[ {part.ljust(inner)} ]" for part in parts]
