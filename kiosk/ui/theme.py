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
#: The idle screen's title (the branch's name) in steps, largest first: it takes the largest
#: that puts the name on one line, or wraps at the smallest ("Oodi – Helsingin
#: keskustakirjasto" on a 1280-pixel screen).
TITLE_STEPS = (2.0, 1.6, 1.3)


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
    def key_px(self) -> int:
        """The side of a keypad key: at least 64 px (EN 301 549 asks for large targets)."""
        return max(64, round(self.base_point_size * self.scale * 3.4))

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
            /* Room for the thicker focus border: a button's size is the same focused or
               not, so nothing on the screen moves when the text size changes under focus. */
            margin: 2px;
            border-radius: 10px;
            padding: 8px 24px;
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
            margin: 0px;
        }}
        QPushButton:checked:focus {{
            /* The chosen language keeps its underline (a shape, not only a colour). */
            border-bottom: 10px solid {INK};
            margin-bottom: 2px;
        }}
        QPushButton:pressed {{
            background: {INK};
            color: {PAPER};
        }}
        QPushButton:disabled {{
            background: {PANEL};
            color: {MUTED};
            border: 3px dashed {MUTED};
        }}
        #LanguageBar QPushButton {{
            min-width: {self.pt(6)}px;
        }}
        #Title {{
            font-size: {self.pt(TITLE_STEPS[0])}pt;
            font-weight: bold;
            color: {NAVY};
        }}
        #Title[step="1"] {{
            font-size: {self.pt(TITLE_STEPS[1])}pt;
        }}
        #Title[step="2"] {{
            font-size: {self.pt(TITLE_STEPS[2])}pt;
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
            font-size: {self.pt(1.6)}pt;
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
        #IdleActions QPushButton {{
            font-size: {self.pt(1.3)}pt;
            min-height: {self.pt(2.4)}px;
            min-width: {self.pt(12)}px;
        }}
        #ScreenTitle {{
            font-size: {self.pt(1.6)}pt;
            font-weight: bold;
            color: {NAVY};
        }}
        #Hint {{
            font-size: {self.pt(1.1)}pt;
            color: {INK};
        }}
        #ReservedNote {{
            font-size: {self.pt(1.3)}pt;
            font-weight: bold;
            color: {INK};
        }}
        #NoticePanel {{
            background: {LOCKED_PANEL};
            border: 4px solid {INK};
            border-radius: 16px;
        }}
        #NoticeText {{
            font-size: {self.pt(1.2)}pt;
        }}
        #FieldLabel {{
            font-size: {self.pt(1.1)}pt;
            font-weight: bold;
        }}
        #CodeField {{
            font-size: {self.pt(1.8)}pt;
            background: {PAPER};
            color: {INK};
            border: 3px solid {INK};
            border-radius: 10px;
            padding: 8px 16px;
            min-height: {self.pt(2.6)}px;
        }}
        #CodeField:focus {{
            border: 5px solid {INK};
            background: {FOCUS};
        }}
        #CodeField:disabled {{
            background: {PANEL};
            color: {MUTED};
            border: 3px dashed {MUTED};
        }}
        #Keypad QPushButton {{
            min-width: {self.key_px}px;
            min-height: {self.key_px}px;
            padding: 0px;
            font-size: {self.pt(1.5)}pt;
            font-weight: bold;
        }}
        #Keypad #EraseKey, #Keypad #OkKey {{
            font-size: {self.pt(1.0)}pt;
        }}
        #TimeLeft {{
            font-size: {self.pt(2.2)}pt;
            font-weight: bold;
            color: {INK};
        }}
        #AppButton {{
            font-size: {self.pt(1.3)}pt;
            min-height: {self.pt(3.0)}px;
            min-width: {self.pt(9)}px;
        }}
        #OverlayBackdrop {{
            background: rgba(11, 12, 12, 170);
        }}
        #OverlayPanel, #WarningPanel {{
            background: {PAPER};
            border: 5px solid {NAVY};
            border-radius: 20px;
        }}
        #WarningPanel {{
            border: 8px solid {INK};
        }}
        #OverlayHeading, #WarningHeading {{
            font-size: {self.pt(1.5)}pt;
            font-weight: bold;
            color: {NAVY};
        }}
        #WarningHeading {{
            font-size: {self.pt(1.8)}pt;
            color: {INK};
        }}
        #WarningText {{
            font-size: {self.pt(1.3)}pt;
        }}
        #SectionHeading {{
            font-size: {self.pt(1.2)}pt;
            font-weight: bold;
        }}
        #AccountContent, #ReservationTimes {{
            background: {PAPER};
        }}
        #SessionBar {{
            background: {PAPER};
            border: 4px solid {NAVY};
            border-top: 0px;
            border-bottom-left-radius: 16px;
            border-bottom-right-radius: 16px;
        }}
        #SessionBar QPushButton {{
            padding: 2px 16px;
            min-height: {self.pt(1.9)}px;
        }}
        #BarTime, #BarWarningHeading, #BarHelpText {{
            font-weight: bold;
        }}
        #BarWarning, #BarConfirm {{
            background: {LOCKED_PANEL};
            border: 3px solid {INK};
            border-radius: 10px;
        }}
        #SupportActions QPushButton QLabel {{
            font-size: {self.pt(1.1)}pt;
        }}
        #SearchField, #TextField {{
            font-size: {self.pt(1.3)}pt;
            background: {PAPER};
            color: {INK};
            border: 3px solid {INK};
            border-radius: 10px;
            padding: 6px 16px;
            min-height: {self.pt(2.4)}px;
        }}
        #SearchField:focus, #TextField:focus {{
            border: 5px solid {INK};
            background: {FOCUS};
        }}
        #GuideButton {{
            padding: 0px;
            text-align: left;
        }}
        #GuideButton:pressed {{
            background: {PANEL};
            color: {INK};
        }}
        #GuideTitle {{
            font-size: {self.pt(1.2)}pt;
            font-weight: bold;
            color: {NAVY};
        }}
        #GuideTopic {{
            font-size: {self.pt(0.9)}pt;
            color: {MUTED};
        }}
        #ProgressText {{
            font-size: {self.pt(1.1)}pt;
            font-weight: bold;
        }}
        #StepProgress {{
            background: {PAPER};
            border: 3px solid {INK};
            border-radius: 8px;
            min-height: {self.pt(0.9)}px;
            max-height: {self.pt(0.9)}px;
        }}
        #StepProgress::chunk {{
            background: {NAVY};
        }}
        #StepTitle {{
            font-size: {self.pt(1.5)}pt;
            font-weight: bold;
            color: {NAVY};
        }}
        #StepText {{
            font-size: {self.pt(1.3)}pt;
            background: {PAPER};
            border: 0px;
        }}
        #StepText:focus {{
            border: 3px solid {INK};
        }}
        #StepImage {{
            background: #ffffff;
            border: 2px solid {MUTED};
            border-radius: 10px;
        }}
        #HelpPanel, #HelpStrip {{
            background: {PANEL};
            border: 4px solid {NAVY};
            border-radius: 16px;
        }}
        #HelpStrip {{
            border-radius: 0px;
            border-left: 0px;
            border-right: 0px;
            border-bottom: 0px;
        }}
        #HelpPanel[called="true"], #HelpStrip[called="true"] {{
            background: {LOCKED_PANEL};
            border-color: {INK};
        }}
        #HelpCaption {{
            font-size: {self.pt(1.0)}pt;
            font-weight: bold;
        }}
        #HelpDigits {{
            font-size: {self.pt(2.8)}pt;
            font-weight: bold;
            color: {NAVY};
        }}
        #HelpComing {{
            font-size: {self.pt(1.5)}pt;
            font-weight: bold;
            color: {INK};
        }}
        #HelpText, #HelpOutcome {{
            font-size: {self.body}pt;
        }}
        #HelpStrip #HelpComing {{
            font-size: {self.body}pt;
        }}
        #ChoiceButton {{
            min-height: {self.pt(2.6)}px;
        }}
        #ChoiceButton QLabel {{
            font-size: {self.pt(1.2)}pt;
        }}
        #ChoiceArea, #PageArea {{
            background: {PAPER};
        }}
        #FieldError {{
            font-size: {self.pt(1.1)}pt;
            font-weight: bold;
        }}
        #SummaryPanel {{
            background: {PANEL};
            border: 3px solid {NAVY};
            border-radius: 16px;
        }}
        #SummaryText {{
            font-size: {self.pt(1.2)}pt;
        }}
        #BookingCode {{
            font-size: {self.pt(2.8)}pt;
            font-weight: bold;
            color: {INK};
        }}
        #OpenStatus {{
            font-size: {self.pt(1.3)}pt;
            font-weight: bold;
            color: {INK};
        }}
        #SlidePanel, #HoursPanel {{
            background: {PANEL};
            border: 3px solid {NAVY};
            border-radius: 20px;
        }}
        #SlidePanel {{
            margin-bottom: 18px;
        }}
        #HoursPanel {{
            background: {PAPER};
        }}
        #SlidePanel[empty="true"], #HoursPanel[empty="true"] {{
            background: transparent;
            border: 0px;
        }}
        #SlidePanel QLabel, #HoursPanel QLabel, #Announcement QLabel {{
            background: transparent;
            border: 0px;
        }}
        #SlideTitle {{
            font-size: {self.pt(1.6)}pt;
            font-weight: bold;
            color: {NAVY};
        }}
        #SlideBody {{
            font-size: {self.pt(1.2)}pt;
            color: {INK};
        }}
        #SlidePosition, #SlideState {{
            font-size: {self.pt(1.1)}pt;
            font-weight: bold;
        }}
        #InfoHeading {{
            font-size: {self.pt(1.3)}pt;
            font-weight: bold;
            color: {NAVY};
        }}
        #HoursDay, #HoursTime {{
            font-size: {self.pt(1.1)}pt;
        }}
        #HoursDay[today="true"], #HoursTime[today="true"] {{
            font-weight: bold;
        }}
        #HoursNote {{
            font-size: {self.pt(0.95)}pt;
            font-style: italic;
            color: {MUTED};
        }}
        #Announcement {{
            background: {PANEL};
            border: 3px solid {NAVY};
            border-radius: 14px;
        }}
        #Announcement[urgent="true"] {{
            background: {LOCKED_PANEL};
            border: 5px solid {INK};
        }}
        #AnnouncementImportant, #AnnouncementText {{
            font-size: {self.pt(1.15)}pt;
        }}
        #AnnouncementImportant {{
            font-weight: bold;
        }}
        """
