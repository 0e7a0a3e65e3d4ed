"""The ESC/POS decoder: tokens fed in any slicing, styles, code pages, codes, cuts, status bits."""

from __future__ import annotations

import pytest
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from hardware import Align
from hardware.escpos_stream import (
    EscposTokenizer,
    PrintedCut,
    PrintedFeed,
    PrinterStatus,
    code128_text,
    decode,
    is_status_byte,
    tokenize,
)
from hardware.fakes import PaperLevel


def styled_stream() -> bytes:
    printer = Dummy()
    printer.hw("INIT")
    printer.charcode("CP858")
    printer.set(align="center", bold=True, double_width=True, double_height=True)
    printer.text("Oodi\n")
    printer.set(align="left", bold=False, normal_textsize=True)
    printer.text("Ääkkönen ")
    printer.set(bold=True)
    printer.text("Åström 2,50 €\n")
    printer.qr("K7Q42", ec=QR_ECLEVEL_M, size=6, native=True)
    printer._hw_barcode("{BAB{{12", "CODE128", function_type="B")
    printer.cut(mode="PART")
    return bytes(printer.output)


def test_decodes_what_python_escpos_writes() -> None:
    job = decode(styled_stream())
    assert job.code_pages == [19]
    heading, name = job.lines[0], job.lines[1]
    assert (heading.text, heading.align, heading.columns, heading.height) == (
        "Oodi",
        Align.CENTER,
        8,
        2,
    )
    assert heading.runs[0].bold
    assert heading.runs[0].width == 2
    assert name.text == "Ääkkönen Åström 2,50 €"
    assert [(run.text, run.bold) for run in name.runs] == [
        ("Ääkkönen ", False),
        ("Åström 2,50 €", True),
    ]
    (qr,) = job.qr_codes
    assert (qr.text, qr.module_size, qr.error_correction) == ("K7Q42", 6, "M")
    (barcode,) = job.barcodes
    assert (barcode.symbology, barcode.data, barcode.hri, barcode.align) == (
        "CODE128",
        "AB{12",
        "below",
        Align.CENTER,
    )
    assert job.blocks[-1] == PrintedCut(partial=True)
    assert job.text_lines[-6:] == [""] * 6  # ESC d 6: the feed to the cutter
    assert job.unknown == []
    assert job.incomplete == b""
    assert job.has_content


def test_feeding_byte_by_byte_gives_the_same_tokens() -> None:
    stream = styled_stream()
    whole = tokenize(stream)
    tokenizer = EscposTokenizer()
    pieces = [token for i in range(len(stream)) for token in tokenizer.feed(stream[i : i + 1])]
    merged_text = [t for t in pieces if t.name != "text"]
    assert merged_text == [t for t in whole if t.name != "text"]
    assert b"".join(t.data for t in pieces if t.name == "text") == b"".join(
        t.data for t in whole if t.name == "text"
    )
    assert tokenizer.pending == b""


def test_status_queries_are_tokens_but_qr_data_that_looks_like_one_is_not() -> None:
    printer = Dummy()
    printer.qr("\x10\x04\x01 inside the payload", native=True)
    stream = b"\x10\x04\x01" + bytes(printer.output) + b"\x10\x04\x04\x1dr\x01"
    job = decode(stream)
    assert job.status_queries == [("DLE EOT", 1), ("DLE EOT", 4), ("GS r", 1)]
    assert job.qr_codes[0].data == b"\x10\x04\x01 inside the payload"


def test_a_command_cut_short_is_kept_as_incomplete() -> None:
    job = decode(b"abc\n\x1d(k\x10\x00")
    assert job.text_lines == ["abc"]
    assert job.incomplete == b"\x1d(k\x10\x00"


@pytest.mark.parametrize(
    ("page", "raw", "text"),
    [
        (19, b"\x8e\x84kk\x94nen \x8fstr\x94m \xd5", "Ääkkönen Åström €"),  # CP858
        (16, b"\xc4\xe4kk\xf6nen \xc5str\xf6m \x80", "Ääkkönen Åström €"),  # CP1252
        (0, b"\x8e\x84kk\x94nen", "Ääkkönen"),  # CP437, the power-on default
    ],
)
def test_text_is_read_in_the_code_page_in_force(page: int, raw: bytes, text: str) -> None:
    assert decode(b"\x1bt" + bytes([page]) + raw + b"\n").text_lines == [text]


def test_lines_wrap_at_the_paper_width_counting_double_width_twice() -> None:
    stream = b"\x1b!\x30" + b"A" * 20 + b"\x1b!\x00" + b"b" * 5 + b"\n"
    assert [line.columns for line in decode(stream, columns=32).lines] == [32, 13]
    assert [line.columns for line in decode(stream, columns=42).lines] == [42, 3]
    assert [line.columns for line in decode(stream).lines] == [45]


def test_feeds_images_and_resets() -> None:
    raster = b"\x1dv0\x00\x01\x00\x02\x00\xf0\x0f"  # 8 x 2 dots
    job = decode(b"\x1bE\x01x\n\x1b@y\n\x1bJ\x18" + raster + b"\x1bd\x02\x1bm")
    assert [(line.text, line.runs[0].bold) for line in job.lines if line.runs] == [
        ("x", True),
        ("y", False),  # ESC @ reset bold
    ]
    assert PrintedFeed(24) in job.blocks
    (image,) = job.images
    assert (image.width, image.height, image.rows) == (8, 2, b"\xf0\x0f")
    assert job.cuts == [PrintedCut(partial=True)]


def test_status_only_streams_print_nothing() -> None:
    assert not decode(b"\x10\x04\x01\x10\x04\x02\x10\x04\x04\x1b@\x1bt\x13").has_content


def test_code128_code_sets_and_escapes() -> None:
    assert code128_text(b"{BNo{{1") == "No{1"
    assert code128_text(b"{C\x0c\x22\x38{BA") == "123456A"


@pytest.mark.parametrize(
    "status",
    [
        PrinterStatus(),
        PrinterStatus(paper=PaperLevel.LOW),
        PrinterStatus(paper=PaperLevel.OUT),
        PrinterStatus(cover_open=True),
        PrinterStatus(paper=PaperLevel.LOW, cover_open=True),
        PrinterStatus(offline=True),
    ],
)
def test_status_replies_round_trip(status: PrinterStatus) -> None:
    replies = [status.reply(n)[0] for n in (1, 2, 4)]
    assert all(is_status_byte(reply) for reply in replies)
    assert PrinterStatus.from_replies(*replies) == status


def test_known_status_bytes() -> None:
    # Epson's values: 0x12 all well; paper near end 0x1E; paper out 0x7E with printer offline.
    assert PrinterStatus(paper=PaperLevel.LOW).reply(4) == b"\x1e"
    out = PrinterStatus(paper=PaperLevel.OUT)
    assert (out.reply(1), out.reply(2), out.reply(4)) == (b"\x1a", b"\x32", b"\x7e")
    assert PrinterStatus(cover_open=True).reply(2) == b"\x16"
    # Offline without a readable cause is offline all the same.
    assert PrinterStatus.from_replies(0x1A, None, 0x12) == PrinterStatus(offline=True)
    assert not is_status_byte(0x00)
    assert not is_status_byte(0xFF)
