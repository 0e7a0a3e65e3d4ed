"""The theme meets WCAG contrast and keeps text large, at every text-size setting."""

from __future__ import annotations

import pytest

from kiosk.ui import theme
from kiosk.ui.theme import Theme


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# Every text colour on every background it is drawn on.
PAIRS = [
    (theme.INK, theme.PAPER),  # body text
    (theme.NAVY, theme.PAPER),  # titles
    (theme.MUTED, theme.PAPER),  # dates, notes
    (theme.PAPER, theme.NAVY),  # top bar, call to action
    (theme.INK, theme.PANEL),  # status strip
    (theme.INK, theme.FOCUS),  # focused button
    (theme.INK, theme.LOCKED_PANEL),  # staff message, notices and warnings in the bar
    (theme.MUTED, theme.PANEL),  # disabled buttons and fields (while a PIN is checked)
]


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_contrast_reaches_aaa(text: str, background: str) -> None:
    assert contrast(text, background) >= 7.0


def test_contrast_formula_against_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("scale", [1.0, 1.25, 1.5, 2.0])
def test_body_text_is_at_least_20_points(scale: float) -> None:
    assert Theme(scale=scale).body >= 20
    assert f"font-size: {Theme(scale=scale).body}pt" in Theme(scale=scale).style_sheet()


def test_text_grows_with_the_setting() -> None:
    normal, large = Theme(), Theme(scale=1.5)
    assert large.body > normal.body
    assert large.pt(2.0) > normal.pt(2.0)
    assert large.icon_px > normal.icon_px


def test_focus_is_visible_without_colour() -> None:
    # A thicker border as well as the yellow fill marks the focused button.
    sheet = Theme().style_sheet()
    focus = sheet[sheet.index("QPushButton:focus") :]
    assert "border: 5px solid" in focus[: focus.index("}")]


@pytest.mark.parametrize("scale", [0.1, 5.0])
def test_unreasonable_scales_are_refused(scale: float) -> None:
    with pytest.raises(ValueError, match="text scale"):
        Theme(scale=scale)


@pytest.mark.parametrize("scale", [0.5, 1.0, 1.4, 2.0])
def test_keypad_keys_are_at_least_64_px(scale: float) -> None:
    keys = Theme(scale=scale).key_px
    assert keys >= 64
    assert f"min-width: {keys}px" in Theme(scale=scale).style_sheet()


def test_disabled_is_visible_without_colour() -> None:
    # A dashed border marks a control that cannot be used now (a PIN being checked).
    sheet = Theme().style_sheet()
    disabled = sheet[sheet.index("QPushButton:disabled") :]
    assert "dashed" in disabled[: disabled.index("}")]
    field = sheet[sheet.index("#CodeField:disabled") :]
    assert "dashed" in field[: field.index("}")]
