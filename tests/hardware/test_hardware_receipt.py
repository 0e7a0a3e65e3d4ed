"""Receipt documents: validation that keeps printer commands out, and the plain-text slip."""

from __future__ import annotations

import pytest

from hardware import Align, Barcode, BarcodeSymbology, Receipt, ReceiptLine, TextSize, render_text
from hardware.receipt import ean13_check_digit


def booking_slip() -> Receipt:
    return Receipt(
        lines=(
            ReceiptLine("Oodi", bold=True, size=TextSize.LARGE, align=Align.CENTER),
            ReceiptLine("Digituki ti 24.11. klo 14.00, 3. kerros, neuvontapiste"),
            ReceiptLine("Varauskoodi", align=Align.RIGHT),
        ),
        qr="https://example.org/b/K7Q42",
        barcode=Barcode("K7Q42"),
        footer=(ReceiptLine("Tervetuloa! Välkommen!", align=Align.CENTER),),
    )


@pytest.mark.parametrize("text", ["\x1b@", "line\nbreak", "bell\x07", "gs\x1dV", "nul\x00"])
def test_control_characters_are_refused(text: str) -> None:
    # ESC and GS start ESC/POS commands: text must never be able to smuggle one in.
    with pytest.raises(ValueError, match="control characters"):
        ReceiptLine(text)


def test_finnish_and_swedish_letters_are_fine() -> None:
    assert ReceiptLine("Hyvää päivää, välkommen på Åbo").text.startswith("Hyvää")


@pytest.mark.parametrize(
    ("data", "symbology"),
    [
        ("", BarcodeSymbology.CODE128),
        ("tab\there", BarcodeSymbology.CODE128),
        ("lower", BarcodeSymbology.CODE39),
        ("12345", BarcodeSymbology.EAN13),
        ("4006381333932", BarcodeSymbology.EAN13),  # wrong check digit (should be 1)
    ],
)
def test_barcodes_are_checked_for_their_symbology(data: str, symbology: BarcodeSymbology) -> None:
    with pytest.raises(ValueError, match=r"cannot be printed|check digit"):
        Barcode(data, symbology)


def test_ean13_check_digit() -> None:
    assert ean13_check_digit("400638133393") == "1"
    Barcode("4006381333931", BarcodeSymbology.EAN13)
    Barcode("400638133393", BarcodeSymbology.EAN13)  # the printer adds the check digit


def test_empty_receipt_and_bad_qr_are_refused() -> None:
    with pytest.raises(ValueError, match="something to print"):
        Receipt(lines=())
    with pytest.raises(ValueError, match="empty"):
        Receipt.of("x", qr="")
    with pytest.raises(ValueError, match="longer than"):
        Receipt.of("x", qr="a" * 1001)


def test_lists_become_tuples_so_a_receipt_is_hashable() -> None:
    receipt = Receipt(lines=[ReceiptLine("a")], footer=[ReceiptLine("b")])  # type: ignore[arg-type]
    assert receipt.lines == (ReceiptLine("a"),)
    assert hash(receipt) == hash(Receipt(lines=(ReceiptLine("a"),), footer=(ReceiptLine("b"),)))


def test_slip_layout() -> None:
    slip = render_text(booking_slip(), width=42)
    lines = slip.splitlines()
    assert lines[0] == "O o d i".center(42).rstrip()
    # Wrapped at the width, never wider.
    assert all(len(line) <= 42 for line in lines)
    assert lines[1] == "Digituki ti 24.11. klo 14.00, 3. kerros,"
    assert lines[2] == "neuvontapiste"
    assert lines[3] == "Varauskoodi".rjust(42)
    assert lines[4] == "[ " + "QR: https://example.org/b/K7Q42".ljust(38) + " ]"
    assert lines[5] == "[ " + "CODE128: K7Q42".ljust(38) + " ]"
    assert lines[6].strip() == "Tervetuloa! Välkommen!"
    assert set(lines[7]) == {"-", " "}
    assert slip.endswith("\n")


def test_slip_without_cut_and_narrow_paper() -> None:
    receipt = Receipt.of("Jonotusnumero", cut=False)
    assert render_text(receipt, width=32) == "Jonotusnumero\n"
    large = Receipt(lines=(ReceiptLine("A" * 20, size=TextSize.LARGE),), cut=False)
    # Large letters take two columns: 20 letters wrap at 16 on 32-column paper.
    assert render_text(large, width=32).splitlines() == [" ".join("A" * 16), " ".join("A" * 4)]
    with pytest.raises(ValueError, match="narrower"):
        render_text(receipt, width=10)
