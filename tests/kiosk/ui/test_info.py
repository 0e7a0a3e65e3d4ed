"""The idle screen as an info screen: rotating slides with a pause, the week's opening hours,
announcements (urgent ones announced), "closes at" in the heading; and the closing-time
warning in a session. Offscreen, over fake services, at a kiosk's 1920 x 1080."""

from __future__ import annotations

import dataclasses
import datetime as dt

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from fleet.protocol import HoursException, LocalizedText
from kiosk.services.shell import SessionWarning
from kiosk.ui.screens import IdleScreen
from kiosk.ui.status import Shape
from tests.kiosk.ui.scenes import (
    HELSINKI,
    IDLE,
    INFO_CONFIG,
    NOW_AWARE,
    SESSION,
    SESSION_VIEW,
    Kiosk,
    WindowFactory,
    expect_view,
    full_hd,
    idle_info,
    settle,
    settle_layout,
)
from tests.kiosk.ui.test_interaction import interactive_widgets

#: The shipped slides' titles on a weekday, in order.
TITLES_FI = [
    "Digituki",
    "E-kirjat ja äänikirjat",
    "Tulosta, kopioi ja skannaa",
    "Asiakaskoneen käyttö",
    "Kirjasto on kaikille",
]


def idle_of(kiosk: Kiosk) -> IdleScreen:
    screen = kiosk.window.current_screen
    assert isinstance(screen, IdleScreen)
    return screen


def info_kiosk(make_kiosk: WindowFactory, **options: object) -> tuple[Kiosk, IdleScreen]:
    kiosk = make_kiosk(idle_info(**options))  # type: ignore[arg-type]
    full_hd(kiosk.window)
    return kiosk, idle_of(kiosk)


def switch_language(kiosk: Kiosk, qloop: qasync.QEventLoop, language: str) -> None:
    async def scenario() -> None:
        waiting = expect_view(kiosk.window, lambda view: view.language == language)
        kiosk.window.language_bar.buttons[language].click()
        await settle(waiting)

    qloop.run_until_complete(scenario())


# --- slides -----------------------------------------------------------------------------------


def test_the_first_slide_shows_and_the_slides_rotate(make_kiosk: WindowFactory) -> None:
    _kiosk, idle = info_kiosk(make_kiosk)
    slides = idle.slides
    assert slides.isVisible()
    assert slides.title.text() == TITLES_FI[0]
    assert slides.body.isVisible()
    assert slides.body.text().startswith("Tarvitsetko apua puhelimen")
    assert slides.picture.isVisible()
    assert slides.picture.loaded
    assert slides.position.text() == "1 / 5"
    assert slides.position.accessibleName() == "Dia 1, yhteensä 5"
    # Each slide stays its own seconds (the shipped ones: the default 12).
    assert slides.timer.isActive()
    assert slides.timer.interval() == 12_000
    seen = [slides.title.text()]
    for _ in range(5):
        slides.timer.timeout.emit()  # the timer's time is up
        seen.append(slides.title.text())
        assert slides.timer.isActive()
    assert seen == [*TITLES_FI, TITLES_FI[0]]
    slides.advance()
    assert slides.position.text() == "2 / 5"


def test_pause_stops_the_rotation_and_says_so(make_kiosk: WindowFactory) -> None:
    kiosk, idle = info_kiosk(make_kiosk)
    slides = idle.slides
    button = slides.pause_button
    assert button.text() == "Pysäytä"
    assert button.accessibleName() == "Pysäytä diaesitys"
    assert not slides.state.isVisible()
    button.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(button, Qt.Key.Key_Space)
    assert slides.paused
    assert not slides.timer.isActive()
    assert button.text() == "Jatka"
    assert button.accessibleName() == "Jatka diaesitystä"
    assert slides.state.isVisible()
    assert slides.state.text() == "Pysäytetty"
    # New info from the services (the clock's re-publish) does not restart it.
    kiosk.controller.publish(idle_info(at=NOW_AWARE + dt.timedelta(minutes=1)))
    assert slides.paused
    assert not slides.timer.isActive()
    assert slides.title.text() == TITLES_FI[0]
    QTest.keyClick(button, Qt.Key.Key_Return)
    assert not slides.paused
    assert slides.timer.isActive()
    assert button.text() == "Pysäytä"
    assert not slides.state.isVisible()


def test_slides_outside_their_schedule_are_not_shown(make_kiosk: WindowFactory) -> None:
    sunday = dt.datetime(2026, 11, 29, 12, tzinfo=HELSINKI)
    kiosk, idle = info_kiosk(make_kiosk, at=sunday)
    assert len(idle.slides.slides) == 4  # the advisers' slide shows on weekdays only
    assert idle.slides.title.text() == TITLES_FI[1]
    assert idle.slides.position.text() == "1 / 4"
    # A new set keeps the slide on screen when it is still there.
    idle.slides.advance()
    kiosk.controller.publish(idle_info())
    assert idle.slides.title.text() == TITLES_FI[2]
    assert idle.slides.position.text() == "3 / 5"


def test_a_language_switch_shows_the_slides_in_swedish_and_english(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk, idle = info_kiosk(make_kiosk)
    idle.slides.advance()
    switch_language(kiosk, qloop, "sv")
    assert idle.slides.title.text() == "E-böcker och ljudböcker"
    assert idle.slides.body.text().startswith("Låna e-böcker")
    assert idle.slides.position.accessibleName() == "Bild 2 av 5"
    assert idle.slides.pause_button.text() == "Pausa"
    assert idle.hours_panel.heading.text() == "Öppettider"
    switch_language(kiosk, qloop, "en")
    assert idle.slides.title.text() == "E-books and audiobooks"
    assert idle.slides.pause_button.accessibleName() == "Pause the slideshow"
    assert idle.open_status.text() == "Closes at 21:00"


# --- opening hours ----------------------------------------------------------------------------


def test_the_week_with_today_marked_in_words_and_weight(make_kiosk: WindowFactory) -> None:
    _kiosk, idle = info_kiosk(make_kiosk)
    panel = idle.hours_panel
    assert panel.isVisible()
    assert panel.heading.text() == "Aukioloajat"
    assert panel.shown_days == 7
    rows = [(day.text(), hours.text()) for day, hours, _note in panel.rows]
    assert rows == [
        ("Tänään", "8–21"),
        ("Tiistai 24.11.", "8–21"),
        ("Keskiviikko 25.11.", "8–21"),
        ("Torstai 26.11.", "8–21"),
        ("Perjantai 27.11.", "8–16"),
        ("Lauantai 28.11.", "10–20"),
        ("Sunnuntai 29.11.", "10–20"),
    ]
    today_day, today_hours, _ = panel.rows[0]
    assert today_day.property("today")
    assert today_hours.property("today")
    assert today_day.font().bold()
    assert not panel.rows[1][0].font().bold()
    friday_note = panel.rows[4][2]
    assert friday_note.isVisible()
    assert friday_note.text() == "Henkilökunnan koulutuspäivä"
    assert not panel.rows[3][2].isVisible()
    assert "Perjantai 27.11. 8–16, Henkilökunnan koulutuspäivä" in panel.accessibleDescription()
    # The heading says whether it is open now.
    assert idle.open_status.text() == "Sulkeutuu klo 21.00"


def test_a_holiday_a_closed_day_and_closed_now_in_swedish(make_kiosk: WindowFactory) -> None:
    independence = HoursException(
        date=dt.date(2026, 12, 6),
        note=LocalizedText(
            fi="Itsenäisyyspäivä", sv="Självständighetsdagen", en="Independence Day"
        ),
    )
    config = INFO_CONFIG.model_copy(
        update={
            "opening_hours": INFO_CONFIG.opening_hours.model_copy(
                update={"exceptions": [independence]}
            )
        }
    )
    saturday_night = dt.datetime(2026, 12, 5, 21, 30, tzinfo=HELSINKI)
    view = dataclasses.replace(idle_info(at=saturday_night, config=config), language="sv")
    kiosk = make_kiosk(view)
    full_hd(kiosk.window)
    idle = idle_of(kiosk)
    day, hours, note = idle.hours_panel.rows[1]
    assert (day.text(), hours.text(), note.text()) == (
        "Söndag 6.12.",
        "Stängt",
        "Självständighetsdagen",
    )
    assert idle.hours_panel.rows[0][0].text() == "I dag"
    assert idle.open_status.text() == "Stängt nu, öppnar på måndag kl. 8.00"


def test_closed_now_opens_tomorrow_and_a_day_open_until_midnight(
    make_kiosk: WindowFactory,
) -> None:
    kiosk, idle = info_kiosk(make_kiosk, at=dt.datetime(2026, 11, 23, 21, 15, tzinfo=HELSINKI))
    assert idle.open_status.text() == "Nyt suljettu, avautuu huomenna klo 8.00"
    late = INFO_CONFIG.opening_hours.model_copy(
        update={"weekly": [INFO_CONFIG.opening_hours.weekly[0].model_copy(
            update={"closes": dt.time(0)}
        )] * 7}
    )  # fmt: skip
    config = INFO_CONFIG.model_copy(update={"opening_hours": late})
    kiosk.controller.publish(
        dataclasses.replace(idle_info(at=NOW_AWARE, config=config), language="en")
    )
    assert idle.open_status.text() == "Open until midnight"
    assert idle.hours_panel.rows[0][1].text() == "8–24"
    assert idle.hours.text() == "Open today 8–21"  # the view's hours_today, from the fake


def test_self_service_hours_around_the_clock(make_kiosk: WindowFactory) -> None:
    always = INFO_CONFIG.opening_hours.weekly[0].model_copy(
        update={"opens": dt.time(0), "closes": dt.time(0)}
    )
    weekdays = [always] * 5 + INFO_CONFIG.opening_hours.weekly[5:]
    config = INFO_CONFIG.model_copy(
        update={"opening_hours": INFO_CONFIG.opening_hours.model_copy(update={"weekly": weekdays})}
    )
    kiosk, idle = info_kiosk(make_kiosk, config=config)
    # Monday to Thursday run into each other; Friday is the training day (8-16).
    assert idle.open_status.text() == "Avoinna torstaina keskiyöhön asti"
    assert idle.hours_panel.rows[1][1].text() == "0–24"
    every_day = config.model_copy(
        update={
            "opening_hours": config.opening_hours.model_copy(
                update={"weekly": [always] * 7, "exceptions": []}
            )
        }
    )
    kiosk.controller.publish(dataclasses.replace(idle_info(config=every_day), language="sv"))
    assert idle.open_status.text() == "Öppet dygnet runt"


# --- announcements ----------------------------------------------------------------------------


def test_an_urgent_announcement_appears_is_announced_once_and_ends(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk, idle = info_kiosk(make_kiosk)
    band = idle.announcements
    assert not band.isVisible()
    assert kiosk.announcer.announced == []
    # IT's announcement arrives with the config: the services publish it.
    kiosk.controller.publish(idle_info(urgent=True))
    assert band.isVisible()
    row = band.rows[0]
    assert row.isVisible()
    assert row.icon.shape is Shape.WARNING
    assert row.important.text() == "Tärkeää:"
    assert row.text.text() == "Kolmas kerros on suljettu tänään vesivahingon vuoksi."
    assert row.property("urgent")
    spoken = "Tärkeää: Kolmas kerros on suljettu tänään vesivahingon vuoksi."
    assert row.accessibleName() == spoken
    assert kiosk.announcer.announced == [("AnnouncementRow", spoken, True)]
    # Re-published (the clock, another language): shown, not announced again.
    kiosk.controller.publish(idle_info(urgent=True, at=NOW_AWARE + dt.timedelta(minutes=1)))
    switch_language(kiosk, qloop, "en")
    assert row.important.text() == "Important:"
    assert row.text.text() == "The third floor is closed today because of a water leak."
    assert len(kiosk.announcer.announced) == 1
    # At its end time (18.00) the services' next view no longer has it.
    evening = dt.datetime(2026, 11, 23, 18, 0, tzinfo=HELSINKI)
    kiosk.controller.publish(dataclasses.replace(idle_info(urgent=True, at=evening), language="en"))
    assert not band.isVisible()
    assert len(kiosk.announcer.announced) == 1


def test_the_invitation_stays_and_nothing_is_announced_in_screenshots(
    make_kiosk: WindowFactory,
) -> None:
    kiosk, idle = info_kiosk(make_kiosk)
    with kiosk.window.quiet():
        kiosk.controller.publish(idle_info(urgent=True))
    assert kiosk.announcer.announced == []
    assert idle.call_to_action.isVisible()
    assert idle.number_button.isVisible()
    assert idle.guest_button.isVisible()
    assert idle.invitation.text() == "Kosketa lukijaa puhelimellasi tai skannaa kirjastokorttisi"


# --- accessibility --------------------------------------------------------------------------


def test_new_controls_are_named_and_reachable_by_tab(make_kiosk: WindowFactory) -> None:
    kiosk, idle = info_kiosk(make_kiosk, urgent=True)
    widgets = interactive_widgets(kiosk.window)
    assert idle.slides.pause_button in widgets
    for widget in widgets:
        assert widget.accessibleName().strip(), repr(widget)
    kiosk.window.language_bar.buttons["fi"].setFocus(Qt.FocusReason.OtherFocusReason)
    reached: list[QWidget] = []
    for _ in range(len(widgets) + 1):
        focused = QApplication.focusWidget()
        assert focused is not None
        QTest.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        reached.append(now)
    assert idle.slides.pause_button in reached
    # Panels a screen reader reads: named, with their content as the description.
    assert idle.slides.accessibleName() == TITLES_FI[0]
    assert idle.hours_panel.accessibleName() == "Aukioloajat"


def test_larger_text_enlarges_the_info_screen(make_kiosk: WindowFactory) -> None:
    kiosk, idle = info_kiosk(make_kiosk, urgent=True)
    labels = [
        idle.slides.title,
        idle.slides.body,
        idle.slides.position,
        idle.hours_panel.heading,
        idle.hours_panel.rows[0][0],
        idle.announcements.rows[0].text,
        idle.open_status,
    ]
    for label in labels:
        label.ensurePolished()
    before = [label.font().pointSize() for label in labels]
    kiosk.window.set_larger_text(True)
    settle_layout()
    for label in labels:
        label.ensurePolished()
    after = [label.font().pointSize() for label in labels]
    assert all(big > small for big, small in zip(after, before, strict=True)), (before, after)
    # A 1080-line screen has no room for everything: the invitation and its buttons stay.
    assert idle.call_to_action.isVisible()
    assert idle.announcements.isVisible()
    assert idle.number_button.isVisible()


def test_without_room_the_info_gives_way_to_the_invitation(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(idle_info(urgent=True))  # the tests' 1280 x 800 window
    settle_layout()
    idle = idle_of(kiosk)
    window_height = kiosk.window.height()
    assert window_height <= 820  # the screen did not grow to fit the slides
    assert idle.call_to_action.isVisible()
    assert idle.announcements.isVisible()
    # Whatever the slides panel shows fits inside it: nothing drawn over the invitation.
    slides = idle.slides
    for part in (slides.title, slides.body, slides.pause_button):
        if part.isVisible():
            assert slides.rect().contains(part.geometry()), part
    full_hd(kiosk.window)
    assert slides.title.isVisible()
    assert idle.hours_panel.isVisible()


def test_before_any_configuration_the_idle_screen_is_as_before(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    full_hd(kiosk.window)
    idle = idle_of(kiosk)
    assert not idle.slides.isVisible()
    assert not idle.hours_panel.isVisible()
    assert not idle.announcements.isVisible()
    assert not idle.open_status.isVisible()
    assert idle.hours.text() == "Avoinna tänään 8–21"


# --- closing time in a session ----------------------------------------------------------------


def test_the_closing_warning_is_shown_spoken_and_announced_once(
    make_kiosk: WindowFactory,
) -> None:
    session = dataclasses.replace(SESSION_VIEW, closing_time=dt.time(20), can_extend=False)
    kiosk = make_kiosk(dataclasses.replace(SESSION, session=session, language="en"))
    bar = kiosk.window.session_bar
    # 15 minutes before closing the services raise the closing warning.
    kiosk.clock.now = SESSION_VIEW.ends_at - 15 * 60
    kiosk.controller.publish_session(warning=SessionWarning.CLOSING)
    kiosk.window.tick()
    expected = (
        "The library closes at 20:00. "
        "Please save your work. You will be logged out when the library closes."
    )
    assert kiosk.speaker.said == [(expected, "en")]
    assert [(text, assertive) for _name, text, assertive in kiosk.announcer.announced] == [
        (expected, True)
    ]
    assert bar.warning.isVisible()
    assert bar.warning_heading.text() == "The library closes at 20:00"
    overlay = kiosk.window.session_screen.warning
    assert overlay.heading.text() == "The library closes at 20:00"
    assert not overlay.extend_button.isVisible()
    # OK closes it; the same warning does not come back or sound again.
    QTest.mouseClick(bar.ok_button, Qt.MouseButton.LeftButton)
    kiosk.clock.advance(60)
    kiosk.controller.publish_session(warning=SessionWarning.CLOSING, notice=None)
    kiosk.window.tick()
    assert not bar.warning.isVisible()
    assert len(kiosk.speaker.said) == 1
    # Five minutes before the end the time warning follows, as always.
    kiosk.clock.now = SESSION_VIEW.ends_at - 4 * 60
    kiosk.controller.publish_session(warning=SessionWarning.FIVE_MINUTES)
    assert len(kiosk.speaker.said) == 2
    assert bar.warning_heading.text() == "4 minutes left"


def test_the_closing_warning_in_finnish_and_swedish(make_kiosk: WindowFactory) -> None:
    session = dataclasses.replace(SESSION_VIEW, closing_time=dt.time(20), can_extend=False)
    for language, heading, advice in (
        (
            "fi",
            "Kirjasto sulkeutuu kello 20.00",
            "Tallenna työsi. Sinut kirjataan ulos, kun kirjasto sulkeutuu.",
        ),
        (
            "sv",
            "Biblioteket stänger klockan 20.00",
            "Spara ditt arbete. Du loggas ut när biblioteket stänger.",
        ),
    ):
        view = dataclasses.replace(
            SESSION,
            language=language,
            session=dataclasses.replace(session, warning=SessionWarning.CLOSING),
        )
        kiosk = make_kiosk(view)
        assert kiosk.window.session_bar.warning_heading.text() == heading
        assert kiosk.window.session_bar.warning_text.text() == advice
        assert kiosk.speaker.said == [(f"{heading}. {advice}", language)]


def test_the_closing_warning_says_when_the_pc_switches_off(make_kiosk: WindowFactory) -> None:
    # A power schedule switches the PCs off half an hour after closing.
    session = dataclasses.replace(
        SESSION_VIEW,
        closing_time=dt.time(20),
        shutdown_time=dt.time(20, 30),
        can_extend=False,
        warning=SessionWarning.CLOSING,
    )
    for language, advice in (
        (
            "en",
            "Please save your work. You will be logged out when the library closes, "
            "and this computer switches off at 20:30.",
        ),
        (
            "fi",
            "Tallenna työsi. Sinut kirjataan ulos, kun kirjasto sulkeutuu, "
            "ja tämä tietokone sammuu kello 20.30.",
        ),
        (
            "sv",
            "Spara ditt arbete. Du loggas ut när biblioteket stänger, "
            "och den här datorn stängs av klockan 20.30.",
        ),
    ):
        kiosk = make_kiosk(dataclasses.replace(SESSION, language=language, session=session))
        assert kiosk.window.session_bar.warning_text.text() == advice
        assert kiosk.window.session_screen.warning.advice.text() == advice
        ((spoken, _language),) = kiosk.speaker.said
        assert spoken.endswith(advice)


def test_the_next_visitor_finds_the_slides_turning_and_hears_the_news(
    make_kiosk: WindowFactory,
) -> None:
    kiosk, idle = info_kiosk(make_kiosk, urgent=True)
    assert len(kiosk.announcer.announced) == 1
    idle.slides.set_paused(True)
    kiosk.controller.publish(dataclasses.replace(SESSION, info=None))
    assert not idle.slides.timer.isActive()  # hidden under the session
    kiosk.controller.end_session()
    kiosk.controller.publish(idle_info(urgent=True))
    assert not idle.slides.paused
    assert idle.slides.timer.isActive()
    assert [name for name, _text, _assertive in kiosk.announcer.announced] == [
        "AnnouncementRow",
        "AnnouncementRow",
    ]
