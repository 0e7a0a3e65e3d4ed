"""Slip pictures: paper widths, readable codes, the fake printer's PNGs, parity with the wire."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from hardware import Barcode, BarcodeSymbology, FakePrinter, Receipt, ReceiptLine, TextSize
from hardware.escpos_printer import parse_spec, render_receipt
from hardware.escpos_stream import PrintedLine, decode
from hardware.slip_image import (
    draw_blocks,
    draw_job,
    draw_receipt,
    font_path,
    receipt_blocks,
    save_png,
)
from tests.hardware.escpos_support import CODE, sample_receipt
from tests.hardware.escpos_support import read_codes as read


@pytest.mark.parametrize(("columns", "width"), [(32, 384), (42, 576)])
def test_pictures_are_as_wide_as_the_paper_and_codes_read_back(
    tmp_path: Path, columns: int, width: int
) -> None:
    picture = save_png(
        draw_receipt(sample_receipt(barcode=True), columns=columns), tmp_path / "slip.png"
    )
    with Image.open(picture) as image:
        assert image.width == width
        assert image.height > 400
    assert sorted(read(picture)) == [("Code128", CODE), ("QRCode", CODE)]


@pytest.mark.parametrize(
    ("data", "symbology", "expected"),
    [
        ("12345678", BarcodeSymbology.CODE128, ("Code128", "12345678")),
        ("LIB-42", BarcodeSymbology.CODE39, ("Code39", "LIB-42")),
        ("590123412345", BarcodeSymbology.EAN13, ("EAN13", "5901234123457")),
    ],
)
def test_barcodes_are_drawn_bar_for_bar(
    tmp_path: Path, data: str, symbology: BarcodeSymbology, expected: tuple[str, str]
) -> None:
    receipt = Receipt(lines=(ReceiptLine("x"),), barcode=Barcode(data, symbology))
    assert read(save_png(draw_receipt(receipt), tmp_path / "code.png")) == [expected]


def test_a_picture_of_the_wire_matches_a_picture_of_the_receipt() -> None:
    # The adapter's bytes, decoded, lay out as the receipt does: the fake printer's PNG shows
    # what a real printer would print.
    receipt = sample_receipt(barcode=True)
    for columns, spec in ((32, "tcp:h?width=58"), (42, "tcp:h"), (48, "tcp:h?columns=48")):
        wire = decode(render_receipt(receipt, parse_spec(spec)), columns=columns).blocks
        assert wire == receipt_blocks(receipt, columns)


def test_large_bold_and_centred_text_takes_its_place() -> None:
    blocks = receipt_blocks(
        Receipt(lines=(ReceiptLine("A17", bold=True, size=TextSize.LARGE),), cut=False), 32
    )
    line = blocks[0]
    assert isinstance(line, PrintedLine)
    assert (line.columns, line.height, line.runs[0].bold) == (6, 2, True)
    image = draw_blocks(blocks, paper_mm=58)
    # Ink only where the text is: the top-left part of the paper.
    bbox = Image.eval(image, lambda value: 255 - value).getbbox()
    assert bbox is not None
    assert bbox[2] < image.width // 2


def test_dejavu_sans_mono_is_used_when_installed() -> None:
    path = font_path()
    if path is None:
        pytest.skip("DejaVu Sans Mono is not installed (apt-get install fonts-dejavu-core)")
    assert path.endswith("DejaVuSansMono.ttf")
    assert font_path(True) is not None


def test_odd_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="58 or 80"):
        draw_blocks([], paper_mm=76)


def test_an_empty_job_is_a_blank_strip() -> None:
    image = draw_job(decode(b"\x10\x04\x01"), paper_mm=58)
    assert image.width == 384
    assert image.getextrema() == (255, 255)


@pytest.mark.asyncio
async def test_the_fake_printer_saves_a_png_next_to_each_text_slip(tmp_path: Path) -> None:
    printer = FakePrinter(slip_dir=tmp_path / "slips", width=32)
    await printer.start()
    await printer.print_receipt(sample_receipt())
    texts = sorted((tmp_path / "slips").glob("*.txt"))
    pictures = sorted((tmp_path / "slips").glob("*.png"))
    assert [p.stem for p in pictures] == [t.stem for t in texts]
    assert len(pictures) == 1
    assert read(pictures[0]) == [("QRCode", CODE)]
    with Image.open(pictures[0]) as image:
        assert image.width == 384  # 32 columns: 58 mm paper
