"""Every device (fakes, nulls, real adapters) meets its role protocol exactly (mypy and live)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from hardware import (
    CardReader,
    FakeCardReader,
    FakePrinter,
    FakeScanner,
    NullCardReader,
    NullPrinter,
    NullScanner,
    ReceiptPrinter,
    Scanner,
)
from hardware.escpos_printer import EscposPrinter
from hardware.nfc import NfcpyReader

# mypy --strict checks these assignments: a fake that drifts from its protocol fails the build.
READERS: list[CardReader] = [FakeCardReader(), NullCardReader(), NfcpyReader("usb")]
PRINTERS: list[ReceiptPrinter] = [
    FakePrinter(),
    NullPrinter(),
    EscposPrinter.from_spec("escpos:tcp:192.0.2.1"),
]
SCANNERS: list[Scanner] = [FakeScanner(), NullScanner()]


def _protocol_methods(protocol: type) -> dict[str, Any]:
    return {
        name: member
        for name, member in vars(protocol).items()
        if callable(member) and not name.startswith("_")
    }


@pytest.mark.parametrize(
    ("protocol", "devices"),
    [(CardReader, READERS), (ReceiptPrinter, PRINTERS), (Scanner, SCANNERS)],
    ids=["reader", "printer", "scanner"],
)
def test_signatures_match_the_protocol(protocol: type, devices: list[object]) -> None:
    # Static typing does not see parameter names; callers pass timeout= by keyword, so names
    # and kinds must match too, and a method is a coroutine function exactly when declared so.
    methods = _protocol_methods(protocol)
    assert set(methods) >= {"start", "stop", "health"}
    for device in devices:
        for name, declared in methods.items():
            implemented = getattr(type(device), name)
            assert inspect.iscoroutinefunction(implemented) == inspect.iscoroutinefunction(
                declared
            ), f"{type(device).__name__}.{name}"
            want = [(p.name, p.kind) for p in inspect.signature(declared).parameters.values()]
            got = [(p.name, p.kind) for p in inspect.signature(implemented).parameters.values()]
            assert got == want, f"{type(device).__name__}.{name}"
