"""EscposPrinter without a printer: spec grammar, refusals, and the exact bytes of a receipt."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from escpos.printer import Dummy

from hardware import (
    Align,
    Barcode,
    BarcodeSymbology,
    Receipt,
    ReceiptLine,
    ReceiptPrinter,
    TextSize,
    UnsupportedDriverError,
    open_printer,
)
from hardware.drivers import SUPPORTED_PRINTERS
from hardware.escpos_printer import EscposPrinter, EscposSpec, parse_spec, render_receipt
from hardware.escpos_stream import decode
from hardware.slip_image import draw_job, save_png
from tests.hardware.escpos_support import NAME, read_codes, sample_receipt

ROOT = Path(__file__).parents[2]
INIT_CP858 = b"\x1b@\x1bt\x13"  # ESC @, then ESC t 19: CP858 for the whole job
NORMAL_LEFT = b"\x1b!\x00\x1b!\x00\x1b!\x00\x1bE\x00\x1ba\x00"  # python-escpos's set()
PARTIAL_CUT = b"\x1bd\x06\x1dV\x01"  # feed 6 lines to the cutter, then GS V 1


# --- specs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("escpos:tcp:10.0.0.5", EscposSpec("tcp", host="10.0.0.5")),
        ("escpos:tcp:10.0.0.5:9101", EscposSpec("tcp", host="10.0.0.5", port=9101)),
        (" TCP:printer.oodi.local:9100 ", EscposSpec("tcp", host="printer.oodi.local")),
        ("tcp:[fe80::1]:9200", EscposSpec("tcp", host="fe80::1", port=9200)),
        (
            "escpos:tcp:10.0.0.5?width=58",
            EscposSpec("tcp", host="10.0.0.5", paper_mm=58, columns=32),
        ),
        (
            "tcp:10.0.0.5?width=80&columns=48&profile=TM-T20II&codepage=pc1252",
            EscposSpec("tcp", host="10.0.0.5", columns=48, profile="TM-T20II", codepage="CP1252"),
        ),
        (
            "tcp:10.0.0.5?codepage=iso8859-15&status=off&timeout=5",
            EscposSpec("tcp", host="10.0.0.5", codepage="ISO_8859-15", status=False, timeout=5.0),
        ),
        (
            "escpos:usb:04b8:0e15?in_ep=0x81&out_ep=0x02",
            EscposSpec("usb", vendor=0x04B8, product=0x0E15, in_ep=0x81, out_ep=0x02),
        ),
        ("usb:0416:5011", EscposSpec("usb", vendor=0x0416, product=0x5011)),
        (
            "escpos:serial:/dev/ttyUSB0?baud=19200",
            EscposSpec("serial", device="/dev/ttyUSB0", baudrate=19200),
        ),
        (
            "serial:/dev/serial/by-id/usb-Printer",
            EscposSpec("serial", device="/dev/serial/by-id/usb-Printer"),
        ),
    ],
)
def test_specs_parse(spec: str, expected: EscposSpec) -> None:
    assert parse_spec(spec) == expected


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("escpos:lpt:1", "connect by tcp, usb or serial, not 'lpt'"),
        ("escpos:tcp:", "no printer host given"),
        ("tcp:host:99999", "port must be a whole number from 1 to 65535"),
        ("tcp:fe80::1:9100", "IPv6 address in brackets"),
        ("usb:04b8", "vendor and product id: usb:04b8:0202"),
        ("usb:04b8:zz", "hexadecimal, like 04b8, not 'zz'"),
        ("serial:", "no serial device given"),
        ("tcp:h?width=57", "58 or 80, not 57"),
        ("tcp:h?columns=100", "columns must be a whole number from 16 to 64"),
        ("tcp:h?baud=9600", "unknown option 'baud' for a tcp printer"),
        ("tcp:h?width=58&width=80", "option 'width' given twice"),
        ("tcp:h?width", "options are NAME=VALUE"),
        ("tcp:h?profile=TM-X", "no printer profile 'TM-X'"),
        ("tcp:h?codepage=cp999", "no code page 'cp999'"),
        ("tcp:h?codepage=cp866", "CP866 cannot print äöåÄÖÅé"),
        ("tcp:h?status=maybe", "status is on or off"),
        ("tcp:h?qr=svg", "qr is native or image"),
        ("tcp:h?timeout=0.1", "timeout is 1 to 300 seconds"),
    ],
)
def test_bad_specs_are_refused_with_the_reason(spec: str, reason: str) -> None:
    with pytest.raises(UnsupportedDriverError) as caught:
        open_printer(spec)
    error = caught.value
    assert reason in str(error)
    assert (error.role, error.spec, error.supported) == ("printer", spec, SUPPORTED_PRINTERS)
    assert str(error).endswith(
        "supported printer drivers: 'fake', 'none', 'escpos', 'tcp', 'usb', 'serial'"
    )


def test_usb_without_pyusb_says_what_to_install() -> None:
    pytest.importorskip("escpos")
    from escpos.printer import Usb

    if Usb.is_usable():
        pytest.skip("pyusb is installed here")
    with pytest.raises(UnsupportedDriverError, match=r"needs pyusb \(pip install pyusb\)"):
        open_printer("escpos:usb:04b8:0202")


def test_specs_open_the_adapter_without_connecting() -> None:
    # 192.0.2.1 is TEST-NET-1: nothing answers there, and nothing is tried before start().
    printer = open_printer("escpos:tcp:192.0.2.1")
    assert isinstance(printer, EscposPrinter)
    assert printer.spec.target == "192.0.2.1:9100"


def test_cups_stays_planned() -> None:
    with pytest.raises(UnsupportedDriverError, match="not available in this version"):
        open_printer("cups:Receipt")


def test_the_adapter_meets_the_protocol() -> None:
    printer: ReceiptPrinter = EscposPrinter(parse_spec("tcp:192.0.2.1"))  # checked by mypy
    for name in ("start", "stop", "print_receipt", "health"):
        declared = getattr(ReceiptPrinter, name)
        implemented = getattr(type(printer), name)
        assert inspect.iscoroutinefunction(implemented)
        assert list(inspect.signature(implemented).parameters) == list(
            inspect.signature(declared).parameters
        )


def test_the_package_does_not_import_python_escpos() -> None:
    # python-escpos configures logging and makes a temporary directory when imported: only the
    # driver factory loads it, for an escpos spec.
    code = "import sys, hardware; assert 'escpos' not in sys.modules, 'escpos imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --- bytes ------------------------------------------------------------------------------------


def test_exact_bytes_of_a_small_receipt() -> None:
    receipt = Receipt(
        lines=(
            ReceiptLine("Jono", bold=True, size=TextSize.LARGE, align=Align.CENTER),
            ReceiptLine("Hinta 2 €"),
        ),
        qr="A17",
    )
    expected = (
        INIT_CP858
        + b"\x1b!\x00\x1b!\x00\x1b!0\x1bE\x01\x1ba\x01Jono\n"  # double size, bold, centred
        + NORMAL_LEFT
        + b"Hinta 2 \xd5\n"  # the euro sign is 0xD5 in CP858
        + b"\x1b!\x00\x1b!\x00\x1b!\x00\x1bE\x00\x1ba\x01"  # the QR code is centred
        + b"\x1d(k\x04\x001A2\x00"  # model 2
        + b"\x1d(k\x03\x001C\x08"  # 8 dots a module
        + b"\x1d(k\x03\x001E1"  # error correction M
        + b"\x1d(k\x06\x001P0A17"  # store the payload
        + b"\x1d(k\x03\x001Q0"  # print it
        + NORMAL_LEFT
        + PARTIAL_CUT
    )
    assert render_receipt(receipt) == expected


def test_the_same_receipt_through_a_dummy_printer() -> None:
    # What python-escpos's Dummy records when the rendered job is written to it unchanged.
    dummy = Dummy()
    dummy._raw(render_receipt(Receipt.of("Kiitos")))
    assert dummy.output == INIT_CP858 + NORMAL_LEFT + b"Kiitos\n" + NORMAL_LEFT + PARTIAL_CUT


@pytest.mark.parametrize(
    ("codepage", "select", "name", "euro"),
    [
        ("cp858", b"\x1bt\x13", b"\x8e\x84kk\x94nen \x8fstr\x94m", b"\xd5"),
        ("cp1252", b"\x1bt\x10", b"\xc4\xe4kk\xf6nen \xc5str\xf6m", b"\x80"),
        ("iso8859-15", b"\x1bt\x28", b"\xc4\xe4kk\xf6nen \xc5str\xf6m", b"\xa4"),
        ("cp850", b"\x1bt\x02", b"\x8e\x84kk\x94nen \x8fstr\x94m", b"EUR"),  # no euro sign
    ],
)
def test_finnish_and_swedish_letters_in_each_code_page(
    codepage: str, select: bytes, name: bytes, euro: bytes
) -> None:
    spec = parse_spec(f"tcp:h?codepage={codepage}")
    data = render_receipt(Receipt.of(f"{NAME} 5 €"), spec)
    assert data.startswith(b"\x1b@" + select)
    assert name + b" 5 " + euro + b"\n" in data
    assert data.count(b"\x1bt") == 1  # one code page for the job, never switched
    assert "Ääkkönen Åström".encode() not in data  # never UTF-8
    assert decode(data).text_lines[0] == f"{NAME} 5 {'EUR' if euro == b'EUR' else '€'}"


def test_magic_encoding_would_pick_greek_for_the_euro() -> None:
    # Why the adapter fixes one code page: python-escpos's automatic choice switches per
    # character and takes ISO-8859-7 (ESC t 15) for "€", which many receipt printers lack.
    dummy = Dummy()
    dummy.text(f"{NAME} €")
    assert dummy.output.endswith(b"\x1bt\x0f\xa4")


def test_characters_the_page_lacks_are_written_plainly() -> None:
    data = render_receipt(Receipt.of("Klo 14–15 … “Tervetuloa” Łódź 東"))
    # ó is in CP858, ź is written z, Ł and 東 have no plain form.
    assert decode(data).text_lines[0] == 'Klo 14-15 ... "Tervetuloa" ?ódz ?'


def test_58_and_80_mm_wrap_at_their_columns() -> None:
    receipt = sample_receipt()
    narrow = decode(render_receipt(receipt, parse_spec("tcp:h?width=58")))
    wide = decode(render_receipt(receipt, parse_spec("tcp:h?width=80")))
    narrow_columns = [line.columns for line in narrow.lines]
    wide_columns = [line.columns for line in wide.lines]
    assert max(narrow_columns) <= 32 < max(wide_columns) <= 42
    assert len(narrow.lines) > len(wide.lines)
    # Large text takes two columns a letter: "K7Q42X" is 12 columns either way.
    assert [line.columns for line in narrow.lines if line.text == "K7Q42X"] == [12]


def test_barcodes_are_code_set_b_and_fall_back_to_text_when_too_long() -> None:
    short = decode(render_receipt(Receipt(lines=(), barcode=Barcode("AB{12"))))
    assert [(b.symbology, b.data, b.module_width) for b in short.barcodes] == [
        ("CODE128", "AB{12", 3)
    ]
    long = "LIB-" + "1234567890" * 2  # 24 characters: over 2 dots a module on 58 mm
    narrow = decode(
        render_receipt(Receipt(lines=(), barcode=Barcode(long)), parse_spec("tcp:h?width=58"))
    )
    assert narrow.barcodes == []
    assert long in narrow.text_lines
    ean = decode(
        render_receipt(Receipt(lines=(), barcode=Barcode("590123412345", BarcodeSymbology.EAN13)))
    )
    assert [(b.symbology, b.data) for b in ean.barcodes] == [("EAN13", "590123412345")]


def test_qr_codes_shrink_to_fit_58_mm() -> None:
    payload = "https://example.org/" + "x" * 600
    for width in (58, 80):
        data = render_receipt(Receipt(lines=(), qr=payload), parse_spec(f"tcp:h?width={width}"))
        (qr,) = decode(data).qr_codes
        assert qr.text == payload
        assert qr.error_correction == "M"
        assert 1 <= qr.module_size <= 3


@pytest.mark.parametrize("spec", ["tcp:h?width=58&profile=POS-5890", "tcp:h?qr=image"])
def test_printers_without_native_qr_get_a_raster_image(tmp_path: Path, spec: str) -> None:
    # The POS-5890 profile (a common 58 mm printer) has no GS ( k: segno draws the code.
    parsed = parse_spec(spec)
    job = decode(render_receipt(Receipt(lines=(), qr="K7Q42"), parsed))
    assert job.qr_codes == []
    assert len(job.images) == 1
    picture = save_png(draw_job(job, paper_mm=parsed.paper_mm), tmp_path / "slip.png")
    assert ("QRCode", "K7Q42") in read_codes(picture)
