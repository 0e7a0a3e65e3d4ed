"""The info screen's content at a given moment: slides on their schedule, the week's hours in the
branch's zone (holidays, midnight, daylight saving), announcements that start and end by
themselves. Pure: a bundle folder on disk, a config and a moment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from content.bundle import Bundle, load_bundle
from content.default import BUNDLE_DIRECTORY
from fleet.protocol import (
    AnnouncementLevel,
    DayHours,
    DeviceConfig,
    HoursException,
    LiveAnnouncement,
    LocalizedText,
    OpeningHours,
    Policy,
)
from kiosk.services.info_screen import MAX_ANNOUNCEMENTS, DayInfo, info_at

HELSINKI = ZoneInfo("Europe/Helsinki")
WEEKDAYS_9_20 = DayHours(opens=dt.time(9), closes=dt.time(20))
SATURDAY = DayHours(opens=dt.time(10), closes=dt.time(16))
#: Monday to Friday 9-20, Saturday 10-16, Sunday closed.
WEEKLY = [WEEKDAYS_9_20] * 5 + [SATURDAY, DayHours()]
INDEPENDENCE_DAY = HoursException(
    date=dt.date(2026, 12, 6),
    note=LocalizedText(fi="Itsenäisyyspäivä", sv="Självständighetsdagen", en="Independence Day"),
)
CHRISTMAS_EVE = HoursException(
    date=dt.date(2026, 12, 24),
    opens=dt.time(9),
    closes=dt.time(12),
    note=LocalizedText(fi="Jouluaatto", sv="Julafton", en="Christmas Eve"),
)


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A Helsinki wall-clock moment, as the aware UTC instant the shell's clock gives."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=HELSINKI).astimezone(dt.UTC)


def make_config(
    weekly: list[DayHours] | None = None,
    exceptions: list[HoursException] | None = None,
    announcements: list[LiveAnnouncement] | None = None,
    *,
    branch: str = "oodi",
    timezone: str = "Europe/Helsinki",
) -> DeviceConfig:
    return DeviceConfig(
        device_id=1,
        device_name="oodi-07",
        branch_id=branch,
        branch_name=LocalizedText(fi="Oodi", sv="Ode", en="Oodi"),
        timezone=timezone,
        opening_hours=OpeningHours(weekly=weekly or WEEKLY, exceptions=exceptions or []),
        policy=Policy(),
        announcements=announcements or [],
    )


def live(
    number: int,
    starts: dt.datetime,
    ends: dt.datetime,
    level: AnnouncementLevel = AnnouncementLevel.URGENT,
) -> LiveAnnouncement:
    return LiveAnnouncement(
        id=number,
        level=level,
        text=LocalizedText(
            fi=f"Tiedote {number}", sv=f"Meddelande {number}", en=f"Notice {number}"
        ),
        starts_at=starts,
        ends_at=ends,
    )


def slide_yaml(slide_id: str, extra: str = "") -> str:
    return (
        f"id: {slide_id}\n"
        "text:\n"
        f"  fi: {{title: {slide_id} fi, body: Teksti.}}\n"
        f"  sv: {{title: {slide_id} sv, body: Text.}}\n"
        f"  en: {{title: {slide_id} en, body: Text.}}\n"
        f"{extra}"
    )


@pytest.fixture
def bundle(tmp_path: Path) -> Bundle:
    """Four slides (always; mornings; weekends; Kallio only) and two announcements."""
    folder = tmp_path / "bundle"
    (folder / "slides").mkdir(parents=True)
    (folder / "announcements").mkdir()
    (folder / "bundle.yaml").write_text("id: test\nversion: 3\nlanguages: [fi, sv, en]\n")
    slides = {
        "10-always": "seconds: 8\n",
        "20-mornings": 'schedule:\n  times: [{from: "09:00", until: "12:00"}]\n',
        "30-weekends": "schedule:\n  weekdays: [sat, sun]\n",
        "40-kallio": "branches: [kallio]\n",
    }
    for slide_id, extra in slides.items():
        (folder / "slides" / f"{slide_id}.yaml").write_text(slide_yaml(slide_id, extra))
    (folder / "announcements" / "lift.yaml").write_text(
        "id: lift\nlevel: info\n"
        "text: {fi: Hissi on huollossa., sv: Hissen servas., en: The lift is being serviced.}\n"
        "from: 2026-11-23T08:00:00+02:00\nuntil: 2026-11-23T18:00:00+02:00\n"
    )
    (folder / "announcements" / "kallio.yaml").write_text(
        "id: kallio\nlevel: urgent\nbranches: [kallio]\n"
        "text: {fi: Kallio suljettu., sv: Berghäll stängt., en: Kallio closed.}\n"
        "from: 2026-11-23T08:00:00+02:00\nuntil: 2026-11-23T18:00:00+02:00\n"
    )
    return load_bundle(folder)


# --- slides -----------------------------------------------------------------------------------


def test_slides_scheduled_now_in_file_order_with_their_seconds_and_texts(bundle: Bundle) -> None:
    info = info_at(at(2026, 11, 23, 10), make_config(), bundle)  # a Monday morning
    assert [slide.id for slide in info.slides] == ["10-always", "20-mornings"]
    first = info.slides[0]
    assert first.seconds == 8
    assert info.slides[1].seconds == 12  # the default
    assert (first.title.fi, first.title.sv, first.title.en) == (
        "10-always fi",
        "10-always sv",
        "10-always en",
    )
    assert first.body.get("sv") == "Text."
    assert first.image is None


def test_slides_outside_their_schedule_are_hidden(bundle: Bundle) -> None:
    afternoon = info_at(at(2026, 11, 23, 12, 0), make_config(), bundle)
    assert [slide.id for slide in afternoon.slides] == ["10-always"]
    saturday = info_at(at(2026, 11, 28, 11), make_config(), bundle)
    assert [slide.id for slide in saturday.slides] == ["10-always", "20-mornings", "30-weekends"]


def test_a_slide_for_other_branches_is_not_shown_here(bundle: Bundle) -> None:
    oodi = info_at(at(2026, 11, 23, 15), make_config(), bundle)
    kallio = info_at(at(2026, 11, 23, 15), make_config(branch="kallio"), bundle)
    assert "40-kallio" not in [slide.id for slide in oodi.slides]
    assert [slide.id for slide in kallio.slides] == ["10-always", "40-kallio"]
    # Before the config names the branch, only slides for every branch show.
    assert [slide.id for slide in info_at(at(2026, 11, 23, 15), None, bundle).slides] == [
        "10-always"
    ]


def test_the_schedule_is_read_in_the_branch_zone_not_utc(bundle: Bundle) -> None:
    # 07:30 UTC is 09:30 in Helsinki: the morning slide shows.
    moment = dt.datetime(2026, 11, 23, 7, 30, tzinfo=dt.UTC)
    info = info_at(moment, make_config(), bundle)
    assert "20-mornings" in [slide.id for slide in info.slides]
    # The same instant in Stockholm is 08:30: not yet.
    stockholm = info_at(moment, make_config(timezone="Europe/Stockholm"), bundle)
    assert "20-mornings" not in [slide.id for slide in stockholm.slides]


def test_the_view_knows_when_a_slide_comes_or_goes(bundle: Bundle) -> None:
    info = info_at(at(2026, 11, 23, 8, 30), make_config(), bundle)
    # The morning slide starts at 09:00 (and the branch opens then too).
    assert info.valid_until == at(2026, 11, 23, 9)
    later = info_at(at(2026, 11, 23, 10), make_config(), bundle)
    assert later.valid_until == at(2026, 11, 23, 12)


def test_the_shipped_bundle_has_weekday_slides_with_pictures() -> None:
    shipped = load_bundle(BUNDLE_DIRECTORY)
    monday = info_at(at(2026, 11, 23, 10), make_config(), shipped)
    sunday = info_at(at(2026, 11, 29, 12), make_config(), shipped)
    assert len(monday.slides) == 5
    assert "10-digital-support" not in [slide.id for slide in sunday.slides]  # advisers rest
    for slide in monday.slides:
        assert slide.image is not None
        assert slide.image.is_file()
        assert slide.title.fi
        assert slide.title.sv
        assert slide.title.en


# --- opening hours ----------------------------------------------------------------------------


def test_today_and_the_six_days_after_with_holidays_and_their_notes() -> None:
    config = make_config(exceptions=[INDEPENDENCE_DAY, CHRISTMAS_EVE])
    info = info_at(at(2026, 12, 4, 12), config, None)  # Friday 4 December
    assert info.today == dt.date(2026, 12, 4)
    assert [day.day for day in info.week] == [
        dt.date(2026, 12, 4) + dt.timedelta(days=n) for n in range(7)
    ]
    friday, saturday, sunday, monday = info.week[:4]
    assert friday == DayInfo(day=dt.date(2026, 12, 4), opens=dt.time(9), closes=dt.time(20))
    assert (saturday.opens, saturday.closes) == (dt.time(10), dt.time(16))
    assert sunday.closed
    assert sunday.exception
    assert sunday.note is not None
    assert sunday.note.sv == "Självständighetsdagen"
    assert not monday.closed
    assert monday.note is None
    assert not monday.exception
    eve = info_at(at(2026, 12, 21, 12), config, None).week[3]
    assert (eve.day, eve.opens, eve.closes) == (dt.date(2026, 12, 24), dt.time(9), dt.time(12))
    assert eve.note is not None
    assert eve.note.en == "Christmas Eve"


def test_open_now_until_closing_time() -> None:
    info = info_at(at(2026, 11, 23, 14, 5), make_config(), None)
    assert info.open_now is True
    assert info.closes_at == dt.datetime(2026, 11, 23, 20)
    assert info.opens_at is None
    assert info.valid_until == at(2026, 11, 23, 20)


@pytest.mark.parametrize(
    ("moment", "opens"),
    [
        # Before opening: later today.
        (at(2026, 11, 23, 7, 30), dt.datetime(2026, 11, 23, 9)),
        # After closing: tomorrow.
        (at(2026, 11, 23, 20, 0), dt.datetime(2026, 11, 24, 9)),
        # Saturday evening: Sunday is closed, so Monday.
        (at(2026, 11, 28, 17), dt.datetime(2026, 11, 30, 9)),
    ],
)
def test_closed_now_and_when_it_opens(moment: dt.datetime, opens: dt.datetime) -> None:
    info = info_at(moment, make_config(), None)
    assert info.open_now is False
    assert info.closes_at is None
    assert info.opens_at == opens


def test_on_a_holiday_it_is_closed_and_opens_the_next_day() -> None:
    info = info_at(at(2026, 12, 6, 12), make_config(exceptions=[INDEPENDENCE_DAY]), None)
    assert info.week[0].closed
    assert info.open_now is False
    assert info.opens_at == dt.datetime(2026, 12, 7, 9)


def test_a_day_open_until_midnight() -> None:
    late = DayHours(opens=dt.time(8), closes=dt.time(0))
    config = make_config(weekly=[late] * 5 + [SATURDAY, DayHours()])
    info = info_at(at(2026, 11, 23, 23, 30), config, None)
    assert info.open_now is True
    assert info.week[0].closes == dt.time(0)
    assert info.closes_at == dt.datetime(2026, 11, 24, 0, 0)
    # At midnight it has closed; it opens again at 8.
    after = info_at(at(2026, 11, 24, 0, 0), config, None)
    assert after.open_now is False
    assert after.opens_at == dt.datetime(2026, 11, 24, 8)


def test_a_branch_open_around_the_clock_closes_when_the_run_ends() -> None:
    always = DayHours(opens=dt.time(0), closes=dt.time(0))
    config = make_config(weekly=[always] * 5 + [SATURDAY, DayHours()])
    info = info_at(at(2026, 11, 23, 3), config, None)  # Monday night
    assert info.open_now is True
    # Monday to Friday run into each other; Saturday opens at 10, after Friday's midnight.
    assert info.closes_at == dt.datetime(2026, 11, 28, 0, 0)


def test_a_branch_that_never_closes_within_the_week_is_open_around_the_clock() -> None:
    always = DayHours(opens=dt.time(0), closes=dt.time(0))
    info = info_at(at(2026, 11, 23, 3), make_config(weekly=[always] * 7), None)
    assert info.open_now is True
    assert info.closes_at is None
    assert info.opens_at is None


def test_daylight_saving_starts() -> None:
    # Sunday 29 March 2026: clocks go from 03:00 to 04:00 in Helsinki (UTC+2 -> UTC+3).
    config = make_config()
    sunday = info_at(dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC), config, None)  # 02:30
    assert sunday.today == dt.date(2026, 3, 29)
    assert sunday.open_now is False
    assert sunday.opens_at == dt.datetime(2026, 3, 30, 9)
    # The day is 23 hours long: the next midnight is 21:00 UTC, not 22:00.
    assert sunday.valid_until == dt.datetime(2026, 3, 29, 21, 0, tzinfo=dt.UTC)
    # Monday 06:30 UTC is 09:30 summer time: open (in winter time it would be 08:30).
    monday = info_at(dt.datetime(2026, 3, 30, 6, 30, tzinfo=dt.UTC), config, None)
    assert monday.open_now is True
    assert monday.closes_at == dt.datetime(2026, 3, 30, 20)
    assert monday.valid_until == dt.datetime(2026, 3, 30, 17, 0, tzinfo=dt.UTC)


def test_daylight_saving_ends() -> None:
    # Sunday 25 October 2026: 04:00 summer time becomes 03:00 winter time.
    config = make_config(weekly=[WEEKDAYS_9_20] * 5 + [SATURDAY, SATURDAY])
    info = info_at(dt.datetime(2026, 10, 25, 7, 0, tzinfo=dt.UTC), config, None)  # 09:00 EET
    assert info.open_now is False
    assert info.opens_at == dt.datetime(2026, 10, 25, 10)
    assert info.valid_until == dt.datetime(2026, 10, 25, 8, 0, tzinfo=dt.UTC)


def test_before_the_config_arrives_there_are_no_hours(bundle: Bundle) -> None:
    info = info_at(at(2026, 11, 23, 10), None, bundle)
    assert info.week == ()
    assert info.open_now is None
    assert info.slides


# --- announcements ----------------------------------------------------------------------------


def test_announcements_from_it_and_the_bundle_urgent_first(bundle: Bundle) -> None:
    config = make_config(
        announcements=[
            live(1, at(2026, 11, 23, 9), at(2026, 11, 23, 11), AnnouncementLevel.INFO),
            live(2, at(2026, 11, 23, 9, 30), at(2026, 11, 23, 10, 45)),
        ]
    )
    info = info_at(at(2026, 11, 23, 10), config, bundle)
    assert [a.id for a in info.announcements] == ["live-2", "live-1", "bundle-lift"]
    assert [a.id for a in info.urgent] == ["live-2"]
    assert info.announcements[0].text.sv == "Meddelande 2"
    assert info.announcements[2].text.en == "The lift is being serviced."
    assert info.announcements[2].level is AnnouncementLevel.INFO
    # The first change: the urgent one ends.
    assert info.valid_until == at(2026, 11, 23, 10, 45)


def test_an_announcement_appears_at_its_start_and_vanishes_at_its_end() -> None:
    notice = live(7, at(2026, 11, 23, 12), at(2026, 11, 23, 13))
    config = make_config(announcements=[notice])
    before = info_at(at(2026, 11, 23, 11, 59), config, None)
    assert before.announcements == ()
    assert before.valid_until == at(2026, 11, 23, 12)
    during = info_at(at(2026, 11, 23, 12), config, None)
    assert [a.id for a in during.announcements] == ["live-7"]
    assert during.valid_until == at(2026, 11, 23, 13)
    assert info_at(at(2026, 11, 23, 13), config, None).announcements == ()


def test_bundle_announcements_follow_their_branches(bundle: Bundle) -> None:
    kallio = info_at(at(2026, 11, 23, 10), make_config(branch="kallio"), bundle)
    assert [a.id for a in kallio.announcements] == ["bundle-kallio", "bundle-lift"]
    assert info_at(at(2026, 11, 23, 18), make_config(branch="kallio"), bundle).announcements == ()


def test_at_most_a_few_announcements_urgent_ones_kept() -> None:
    start, end = at(2026, 11, 23, 9), at(2026, 11, 23, 18)
    notices = [live(n, start, end, AnnouncementLevel.INFO) for n in range(1, 5)]
    notices.append(live(9, start, end))
    info = info_at(at(2026, 11, 23, 10), make_config(announcements=notices), None)
    assert len(info.announcements) == MAX_ANNOUNCEMENTS
    assert info.announcements[0].id == "live-9"


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="time zone"):
        info_at(dt.datetime(2026, 11, 23, 10), None, None)
