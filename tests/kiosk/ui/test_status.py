"""The status strip spells out every health status in words and a distinct shape."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from fleet.protocol import DeviceHealth, HealthStatus
from kiosk.services.shell import ShellView
from kiosk.ui.status import Shape, StatusItem, StatusStrip
from kiosk.ui.theme import Theme
from kiosk.ui.translations import Translations

READER = {
    HealthStatus.OK: ("Card reader: working", Shape.CHECK),
    HealthStatus.WARNING: ("Card reader: needs attention", Shape.WARNING),
    HealthStatus.ERROR: ("Card reader: not working", Shape.CROSS),
    HealthStatus.ABSENT: ("Card reader: not in use", Shape.DASH),
}
PRINTER_FI = {
    HealthStatus.OK: "Tulostin: toimii",
    HealthStatus.WARNING: "Tulostin: vaatii tarkistusta",
    HealthStatus.ERROR: "Tulostin: ei toimi",
    HealthStatus.ABSENT: "Tulostin: ei käytössä",
}


def shape_of(item: StatusItem) -> Shape:
    return item.icon.shape


@pytest.fixture
def strip(qtbot: QtBot, translations: Translations) -> StatusStrip:
    widget = StatusStrip(Theme())
    qtbot.addWidget(widget)
    return widget


@pytest.mark.parametrize("status", list(HealthStatus))
def test_reader_status_in_english(
    strip: StatusStrip, translations: Translations, status: HealthStatus
) -> None:
    translations.activate("en")
    strip.show_view(ShellView(language="en", reader=DeviceHealth(status=status)))
    text, shape = READER[status]
    assert strip.reader.label.text() == text
    assert strip.reader.accessibleName() == text
    assert shape_of(strip.reader) == shape


@pytest.mark.parametrize("status", list(HealthStatus))
def test_printer_status_in_finnish(
    strip: StatusStrip, translations: Translations, status: HealthStatus
) -> None:
    translations.activate("fi")
    strip.show_view(ShellView(printer=DeviceHealth(status=status)))
    assert strip.printer.label.text() == PRINTER_FI[status]


def test_paper_states_are_named(strip: StatusStrip, translations: Translations) -> None:
    translations.activate("sv")
    strip.show_view(
        ShellView(printer=DeviceHealth(status=HealthStatus.WARNING, detail="paper_low"))
    )
    assert strip.printer.label.text() == "Skrivare: papperet håller på att ta slut"
    assert shape_of(strip.printer) == Shape.WARNING
    strip.show_view(ShellView(printer=DeviceHealth(status=HealthStatus.ERROR, detail="paper_out")))
    assert strip.printer.label.text() == "Skrivare: papperet är slut"
    assert shape_of(strip.printer) == Shape.CROSS


def test_network_status(strip: StatusStrip, translations: Translations) -> None:
    translations.activate("fi")
    strip.show_view(ShellView(online=True))
    assert strip.network.label.text() == "Verkkoyhteys: toimii"
    assert shape_of(strip.network) == Shape.CHECK
    strip.show_view(ShellView(online=False))
    assert strip.network.label.text() == "Verkkoyhteys: ei yhteyttä"
    assert shape_of(strip.network) == Shape.CROSS


def test_each_status_has_its_own_shape() -> None:
    shapes = {shape for _text, shape in READER.values()}
    assert len(shapes) == len(HealthStatus)


def test_language_change_retranslates_the_strip(
    strip: StatusStrip, translations: Translations
) -> None:
    translations.activate("fi")
    strip.show_view(ShellView(online=True, reader=DeviceHealth(status=HealthStatus.OK)))
    assert strip.reader.label.text() == "Kortinlukija: toimii"
    translations.activate("sv")  # no new view: the LanguageChange event alone does it
    assert strip.reader.label.text() == "Kortläsare: fungerar"
    assert strip.network.label.text() == "Nätanslutning: fungerar"


def test_a_content_download_shows_its_progress_only_while_it_runs(
    strip: StatusStrip, translations: Translations
) -> None:
    translations.activate("fi")
    strip.show()
    assert not strip.content.isVisible()
    strip.show_view(ShellView(content_download=42))
    assert strip.content.isVisible()
    assert strip.content.label.text() == "Ladataan uutta sisältöä: 42 %"
    assert strip.content.accessibleName() == "Ladataan uutta sisältöä: 42 %"
    translations.activate("sv")
    assert strip.content.label.text() == "Nytt innehåll hämtas: 42 %"
    strip.show_view(ShellView(content_download=None))
    assert not strip.content.isVisible()
