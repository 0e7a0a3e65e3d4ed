"""The driver factory, the null devices and HardwareSet's start/stop/health."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hardware import (
    SUPPORTED_READERS,
    FakeCard,
    FakeCardReader,
    FakeHardwareSet,
    FakePrinter,
    FakeScanner,
    HardwareHealth,
    HardwareSet,
    NullCardReader,
    NullPrinter,
    NullScanner,
    PeripheralHealth,
    PrinterAbsentError,
    Receipt,
    UnsupportedDriverError,
    open_card_reader,
    open_printer,
    open_scanner,
)
from hardware.drivers import SUPPORTED_PRINTERS
from hardware.serial_scanner import SerialScanner
from hardware.wedge import KeyboardWedgeScanner

ABSENT = PeripheralHealth.absent("not_configured")


def test_fake_and_none_open_the_right_devices() -> None:
    assert isinstance(open_card_reader("fake"), FakeCardReader)
    assert isinstance(open_card_reader("none"), NullCardReader)
    assert isinstance(open_printer("fake"), FakePrinter)
    assert isinstance(open_printer("none"), NullPrinter)
    assert isinstance(open_scanner("fake"), FakeScanner)
    assert isinstance(open_scanner("none"), NullScanner)


def test_specs_are_forgiving_about_case_and_spaces() -> None:
    assert isinstance(open_card_reader(" FAKE "), FakeCardReader)
    assert isinstance(open_scanner("None"), NullScanner)


def test_fake_printer_prints_into_the_slip_dir(tmp_path: Path) -> None:
    printer = open_printer("fake", slip_dir=tmp_path)
    assert isinstance(printer, FakePrinter)
    assert printer.slip_dir == tmp_path


@pytest.mark.parametrize(
    ("opener", "spec", "role", "supported"),
    [
        (open_card_reader, "pcsc:ACS ACR122U 00 00", "card reader", SUPPORTED_READERS),
        (open_printer, "cups:Receipt", "printer", SUPPORTED_PRINTERS),
    ],
)
def test_planned_drivers_are_refused_clearly(
    opener: object, spec: str, role: str, supported: tuple[str, ...]
) -> None:
    assert callable(opener)
    with pytest.raises(UnsupportedDriverError) as caught:
        opener(spec)
    error = caught.value
    assert (error.role, error.spec, error.supported) == (role, spec, supported)
    assert "not available in this version" in str(error)
    assert "'fake', 'none'" in str(error)


@pytest.mark.parametrize(
    ("spec", "path"),
    [
        ("nfcpy", "usb"),
        ("nfcpy:usb", "usb"),
        ("nfcpy:udp:127.0.0.1:5000", "udp:127.0.0.1:5000"),
        ("NFCPY:TTY:USB0:pn532", "tty:USB0:pn532"),
        ("usb", "usb"),
        (" usb:054c:06c3 ", "usb:054c:06c3"),
        ("usb:001:004", "usb:001:004"),
        ("tty:USB0:pn532", "tty:USB0:pn532"),
        ("com:3:pn532", "com:3:pn532"),
        ("udp:127.0.0.1:5000", "udp:127.0.0.1:5000"),
    ],
)
def test_nfcpy_specs_open_the_nfcpy_reader(spec: str, path: str) -> None:
    from hardware.nfc import NfcpyReader

    reader = open_card_reader(spec)
    assert isinstance(reader, NfcpyReader)
    assert reader.path == path


def test_nfcpy_without_a_device_path_it_knows_is_refused() -> None:
    with pytest.raises(UnsupportedDriverError, match="nfcpy has no device 'pcsc'") as caught:
        open_card_reader("nfcpy:pcsc")
    assert caught.value.supported == SUPPORTED_READERS


def test_the_package_does_not_import_nfcpy() -> None:
    # A kiosk without nfcpy still starts with fake or no hardware: only the factory loads it.
    code = "import sys, hardware; assert 'nfc' not in sys.modules, 'nfc imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


@pytest.mark.parametrize(
    ("opener", "spec", "expected"),
    [
        (open_card_reader, "escpos:tcp:h:9100", "unknown card reader driver"),
        (open_printer, "laser", "unknown printer driver"),
        (open_scanner, "", "no scanner driver given"),
        (open_printer, "fake:paper_low", "takes no arguments"),
        (open_card_reader, "none:x", "takes no arguments"),
    ],
)
def test_unknown_or_malformed_specs(opener: object, spec: str, expected: str) -> None:
    assert callable(opener)
    with pytest.raises(UnsupportedDriverError, match=expected) as caught:
        opener(spec)
    assert "supported" in str(caught.value)
    assert caught.value.detail == "unsupported_driver"


@pytest.mark.parametrize(
    ("spec", "port", "baudrate"),
    [
        ("serial:/dev/ttyACM0", "/dev/ttyACM0", 9600),
        ("serial:/dev/ttyUSB0?baud=19200", "/dev/ttyUSB0", 19200),
        (" Serial:loop:// ", "loop://", 9600),
        ("serial:socket://10.0.0.9:4001", "socket://10.0.0.9:4001", 9600),
    ],
)
def test_serial_scanner_specs(spec: str, port: str, baudrate: int) -> None:
    scanner = open_scanner(spec)
    assert isinstance(scanner, SerialScanner)
    assert (scanner.port, scanner.settings.baudrate) == (port, baudrate)


def test_wedge_spec_opens_the_keyboard_wedge_scanner() -> None:
    assert isinstance(open_scanner("wedge"), KeyboardWedgeScanner)
    assert isinstance(open_scanner("WEDGE"), KeyboardWedgeScanner)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("serial:", "bad serial scanner spec 'serial:': no serial port given"),
        ("serial:/dev/ttyACM0?baud=fast", "baud must be a positive whole number"),
        ("serial:/dev/ttyACM0?stop=2", "unknown option stop"),
        ("serial:pigeon://coop", "protocol 'pigeon' not known"),
        ("wedge:/dev/input/event3", "'wedge' takes no arguments"),
        ("evdev:/dev/input/event3", "not available in this version"),
        ("laser", "unknown scanner driver 'laser'"),
        ("", "no scanner driver given"),
        ("fake:x", "takes no arguments"),
    ],
)
def test_bad_scanner_specs_name_every_scanner_driver(spec: str, expected: str) -> None:
    with pytest.raises(UnsupportedDriverError, match=expected) as caught:
        open_scanner(spec)
    error = caught.value
    assert (error.role, error.spec) == ("scanner", spec)
    assert error.supported == ("fake", "none", "serial", "tcp", "wedge")
    drivers = "'fake', 'none', 'serial', 'tcp', 'wedge'"
    assert str(error).endswith(f"supported scanner drivers: {drivers}")


@pytest.mark.asyncio
async def test_null_devices_are_absent_and_yield_nothing() -> None:
    reader, printer, scanner = NullCardReader(), NullPrinter(), NullScanner()
    for device in (reader, printer, scanner):
        await device.start()
        assert await device.health() == ABSENT
    assert await reader.read(timeout=0.01) is None
    assert await scanner.next_scan(timeout=0.01) is None
    with pytest.raises(PrinterAbsentError) as caught:
        await printer.print_receipt(Receipt.of("x"))
    assert caught.value.detail == "not_configured"
    with pytest.raises(ValueError, match="negative"):
        await reader.read(timeout=-0.5)
    for device in (reader, printer, scanner):
        await device.stop()


def test_from_config_defaults_to_no_hardware() -> None:
    hardware = HardwareSet.from_config()
    assert isinstance(hardware.reader, NullCardReader)
    assert isinstance(hardware.printer, NullPrinter)
    assert isinstance(hardware.scanner, NullScanner)


def test_from_config_with_a_bad_spec_raises() -> None:
    with pytest.raises(UnsupportedDriverError, match="printer"):
        HardwareSet.from_config(reader="fake", printer="escpos:usb", scanner="fake")


@pytest.mark.asyncio
async def test_fake_set_works_as_a_context() -> None:
    hardware = HardwareSet.fake()
    assert isinstance(hardware, FakeHardwareSet)
    assert await hardware.health() == HardwareHealth(
        PeripheralHealth.ok(), PeripheralHealth.ok(), PeripheralHealth.ok()
    )
    async with hardware as started:
        assert started is hardware
        assert [d.started for d in (hardware.reader, hardware.printer, hardware.scanner)] == [
            True,
            True,
            True,
        ]
        hardware.reader.present(FakeCard.tag(b"\x01\x02\x03\x04"))
        assert await hardware.reader.read(timeout=0) is not None
        hardware.printer.simulate_paper_low()
        health = await hardware.health()
        assert health.printer == PeripheralHealth.warning("paper_low")
    assert [d.started for d in (hardware.reader, hardware.printer, hardware.scanner)] == [
        False,
        False,
        False,
    ]


@pytest.mark.asyncio
async def test_mixed_set_reports_absent_for_missing_devices() -> None:
    hardware = HardwareSet.from_config(reader="fake", printer="none")
    async with hardware:
        health = await hardware.health()
    assert health == HardwareHealth(PeripheralHealth.ok(), ABSENT, ABSENT)


class BrokenScanner(NullScanner):
    """A scanner whose device cannot be opened or closed."""

    async def start(self) -> None:
        raise OSError("device busy")

    async def stop(self) -> None:
        raise OSError("device gone")


@pytest.mark.asyncio
async def test_failed_start_stops_what_was_started() -> None:
    reader, printer = FakeCardReader(), FakePrinter()
    hardware = HardwareSet(reader=reader, printer=printer, scanner=BrokenScanner())
    with pytest.raises(OSError, match="busy"):
        await hardware.start()
    assert not reader.started
    assert not printer.started


@pytest.mark.asyncio
async def test_stop_stops_every_device_and_reraises_the_failure(
    caplog: pytest.LogCaptureFixture,
) -> None:
    reader, printer = FakeCardReader(), FakePrinter()
    await reader.start()
    await printer.start()
    hardware = HardwareSet(reader=reader, printer=printer, scanner=BrokenScanner())
    with pytest.raises(OSError, match="gone"):
        await hardware.stop()
    assert not reader.started
    assert not printer.started
    assert "BrokenScanner" in caplog.text
