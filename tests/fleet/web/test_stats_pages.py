"""The statistics dashboard over HTTP: headline figures from real uploads, charts, filters,
CSV downloads, and clear notices for bad filters."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import httpx
import pytest

from fleet.auth.models import Role
from fleet.protocol import DeviceState, EventType
from tests.fleet.stats.test_rollup import MONDAY_9_UTC, event, run, upload
from tests.fleet.web.conftest import WebClient
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import check_in, enroll

pytestmark = pytest.mark.asyncio

DAY = {"since": "2026-11-23", "until": "2026-11-23"}


async def seed(client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock, app: object) -> None:
    fleet_db.create_branch("oodi")
    fleet_db.create_branch("kallio")
    oodi = (await enroll(client, fleet_db.enrollment_code("oodi"))).token
    kallio = (await enroll(client, fleet_db.enrollment_code("kallio"), hostname="k-1")).token
    at = MONDAY_9_UTC
    await upload(
        client,
        oodi,
        event(EventType.SESSION_STARTED, at, method="library_card", category="adult", online=True),
        event(EventType.SESSION_ENDED, at, method="library_card", minutes=30, reason="logout"),
        event(EventType.LOGIN_FAILED, at, method="library_card", reason="pin_wrong"),
        event(EventType.GUIDE_OPENED, at, guide="scams"),
        event(EventType.GUIDE_FEEDBACK, at, guide="scams", helpful=True),
        event(EventType.GUIDE_FEEDBACK, at, guide="scams", helpful=True),
        event(EventType.GUIDE_FEEDBACK, at, guide="scams", helpful=False),
        event(EventType.BOOKING_DONE, at, topic="e_identification", minutes=45),
    )
    await upload(
        client,
        kallio,
        event(EventType.SESSION_ENDED, at, method="digital_card", minutes=20, reason="logout"),
        event(EventType.SESSION_ENDED, at, method="digital_card", minutes=25, reason="timeout"),
        event(EventType.HELP_CALLED, at, topic="e_mail", wait_minutes=5),
    )
    # An hour of PC time at Oodi, half of it in a session.
    checkins = app.state.checkins  # type: ignore[attr-defined]
    for step in range(121):
        state = DeviceState.IN_SESSION if step >= 60 else DeviceState.IDLE
        await check_in(client, oodi, state=state)
        await checkins.flush()
        clock.advance(seconds=30)
    clock.advance(hours=1)
    run(fleet_db, clock())


def figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="(\w+)">([^<]*)<', html))


def svg_of(html: str, chart: str) -> ET.Element:
    section = html.split(f'data-chart="{chart}"', 1)[1].split("</section>", 1)[0]
    markup = section.split("<figure", 1)[1].split(">", 1)[1].split("</figure>", 1)[0]
    return ET.fromstring(markup)  # noqa: S314 - our own page, parsed to check it is well-formed


async def test_the_dashboard_shows_the_programme_figures_and_charts(
    app: object, client: httpx.AsyncClient, web: WebClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    await seed(client, fleet_db, clock, app)
    async with web(Role.ADVISER) as http:
        http.cookies.set("fleet_lang", "en")
        page = await http.get("/admin/stats", params=DAY)
        assert page.status_code == 200
        html = page.text
    numbers = figures(html)
    assert numbers["terminals"] == "2"
    assert numbers["people_helped"] == "2"  # Oodi's appointment and Kallio's walk-in
    assert numbers["units"] == "2"
    assert numbers["new_services"] == "1"  # the scams guide, first opened this day
    assert numbers["self_service"] == "4"  # three sessions and one guide opened
    assert numbers["satisfaction"].replace("\xa0", " ") in ("67 %", "67%")
    # Two PCs open for the hour (120 PC minutes), one in use for 30 of them.
    assert numbers["utilisation"].replace("\xa0", " ") in ("25 %", "25%")

    activity = svg_of(html, "activity")
    assert activity.get("role") == "img"
    branches = svg_of(html, "branches")
    bar_titles = [node.text for node in branches.iter("{http://www.w3.org/2000/svg}title")]
    assert any(title and "kallio en: 2" in title for title in bar_titles)
    assert 'data-chart="refusals"' in html
    assert "The PIN is wrong." in html
    heat = svg_of(html, "pc_use")
    assert heat.get("role") == "img"


async def test_filters_change_the_figures_and_the_csv_follows(
    app: object, client: httpx.AsyncClient, web: WebClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    await seed(client, fleet_db, clock, app)
    async with web(Role.STAFF) as http:
        http.cookies.set("fleet_lang", "en")
        kallio = (await http.get("/admin/stats", params={**DAY, "branch": "kallio"})).text
        later = (
            await http.get("/admin/stats", params={"since": "2026-12-01", "until": "2026-12-05"})
        ).text
        download = await http.get("/admin/stats/branches.csv", params=DAY)
        activity = await http.get("/admin/stats/activity.csv", params={**DAY, "branch": "kallio"})
        missing = await http.get("/admin/stats/no_such_chart.csv", params=DAY)
    assert figures(kallio)["people_helped"] == "1"
    assert figures(kallio)["terminals"] == "1"
    assert figures(later)["people_helped"] == "0"
    assert later.count('data-empty="true"') == 8  # every chart says it has no data

    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[1:] == [["kallio", "2"], ["oodi", "1"]]
    days = list(csv.reader(io.StringIO(activity.content.decode("utf-8-sig"))))
    assert days[1] == ["2026-11-23", "2", "1", "0"]  # sessions, people helped, guides
    assert missing.status_code == 404


async def test_bad_filters_get_a_notice_and_the_default_range(
    web: WebClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch("oodi")
    async with web(Role.ADMIN) as http:
        http.cookies.set("fleet_lang", "en")
        swapped = await http.get(
            "/admin/stats", params={"since": "2026-11-30", "until": "2026-11-01"}
        )
        http.cookies.set("fleet_lang", "fi")
        garbage = await http.get("/admin/stats", params={"since": "eilen"})
        year_one = await http.get("/admin/stats", params={"until": "0001-01-01"})
        too_long = await http.get(
            "/admin/stats", params={"since": "2020-01-01", "until": "2026-11-01"}
        )
        unknown_branch = await http.get("/admin/stats", params={"branch": "atlantis"})
    assert swapped.status_code == 200
    assert "The first day was after the last day" in swapped.text
    assert "Kirjoita päivämäärät" in garbage.text
    assert year_one.status_code == 200
    assert "Kirjoita päivämäärät" in year_one.text
    today = clock().date()
    assert f'value="{(today - dt.timedelta(days=29)).isoformat()}"' in garbage.text
    assert 'value="2024-11-01"' in too_long.text or 'value="2024-11-02"' in too_long.text
    assert unknown_branch.status_code == 200
