"""Visual theme: type sizes, colours and the style sheet, built for first-time, older users."""

from __future__ import annotations

from dataclasses import dataclass

# Colours chosen for WCAG AAA (7:1) on every text/background pair; tests/kiosk/ui/test_theme.py
# computes the ratios: INK on PAPER 18.9:1, PAPER on NAVY 12.8:1, INK on FOCUS 14.5:1.
INK = "#0b0c0c"
PAPER = "#fbfbf8"
NAVY = "#00305e"
MUTED = "#383838"
PANEL = "#e8eef5"
FOCUS = "#ffdd00"
LOCKED_PANEL = "#fff4d6"
LARGER_TEXT = 1.4


@dataclass(frozen=True)
class Theme:
    """Type sizes derived from one base size; ``scale`` is the text-size setting (1.0 = normal)."""

    base_point_size: float = 22.0
    scale: float = 1.0

    def __post_init__(self) -> None:
        if not 0.5 <= self.scale <= 3.0:
            raise ValueError(f"text scale must be between 0.5 and 3.0, not {self.scale}")

    def enlarged(self) -> Theme:
        """The same theme with text 40 % larger (the visitor's "Larger text" button)."""
        return Theme(self.base_point_size, min(self.scale * LARGER_TEXT, 3.0))

    def pt(self, factor: float = 1.0) -> int:
        """A point size ``factor`` times the scaled base; never below 20 pt for body text."""
        return max(round(self.base_point_size * self.scale * factor), 12)

    @property
    def body(self) -> int:
        return max(self.pt(), 20)

    @property
    def icon_px(self) -> int:
        """Status icons are drawn shapes; they grow with the text."""
        return round(30 * self.scale)

    def style_sheet(self) -> str:
        """The application style sheet. Object names select the few special widgets."""
        return f"""
        QWidget {{
            font-size: {self.body}pt;
            color: {INK};
        }}
        #MainWindowCentral, QStackedWidget, #Screen {{
            background: {PAPER};
        }}
        #TopBar {{
            background: {NAVY};
        }}
        #TopBar QLabel {{
            color: {PAPER};
            font-size: {self.pt(0.9)}pt;
        }}
        #StatusStrip {{
            background: {PANEL};
            border-top: 3px solid {NAVY};
        }}
        #StatusStrip QLabel {{
            font-size: {self.pt(0.9)}pt;
        }}
        QPushButton {{
            background: {PAPER};
            color: {INK};
            border: 3px solid {INK};
            border-radius: 10px;
            padding: 10px 26px;
            min-height: {self.pt(2.2)}px;
            font-size: {self.body}pt;
        }}
        QPushButton:hover {{
            background: {PANEL};
        }}
        QPushButton:checked {{
            background: {PAPER};
            color: {INK};
            border: 3px solid {INK};
            border-bottom: 10px solid {INK};
        }}
        QPushButton:focus {{
            background: {FOCUS};
            color: {INK};
            border: 5px solid {INK};
        }}
        QPushButton:pressed {{
            background: {INK};
            color: {PAPER};
        }}
        #LanguageBar QPushButton {{
            min-width: {self.pt(6)}px;
        }}
        #Title {{
            font-size: {self.pt(2.0)}pt;
            font-weight: bold;
            color: {NAVY};
        }}
        #Subtitle {{
            font-size: {self.pt(1.3)}pt;
            color: {INK};
        }}
        #Note {{
            font-size: {self.pt(1.1)}pt;
            color: {MUTED};
            font-style: italic;
        }}
        #Clock {{
            font-size: {self.pt(2.6)}pt;
            font-weight: bold;
            color: {INK};
        }}
        #Date {{
            font-size: {self.pt(1.1)}pt;
            color: {MUTED};
        }}
        #CallToAction {{
            background: {NAVY};
            border-radius: 24px;
        }}
        #CallToAction QLabel {{
            color: {PAPER};
            font-size: {self.pt(1.8)}pt;
            font-weight: bold;
        }}
        #LockPanel {{
            background: {LOCKED_PANEL};
            border: 4px solid {INK};
            border-radius: 16px;
        }}
        #StaffMessage {{
            font-size: {self.pt(1.4)}pt;
        }}
        #MessageBackdrop {{
            background: rgba(11, 12, 12, 170);
        }}
        #MessagePanel {{
            background: {PAPER};
            border: 5px solid {NAVY};
            border-radius: 20px;
        }}
        #MessageHeading {{
            font-size: {self.pt(1.5)}pt;
            font-weight: bold;
            color: {NAVY};
        }}
        #MessageText {{
            font-size: {self.pt(1.4)}pt;
        }}
        """
