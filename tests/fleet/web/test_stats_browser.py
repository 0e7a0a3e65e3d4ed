"""Headless Chromium against a real ``fleet serve``: the statistics dashboard draws its charts
from events two kiosks uploaded, the branch filter (by keyboard) changes them, a chart's CSV
downloads, and axe finds nothing to fix on the page with data in it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser

from fleet.auth.models import Role
from fleet.protocol import API_PREFIX
from fleet.stats.rollup import roll_up
from tests.fleet.admin.helpers import cheap_passwords, create_people
from tests.fleet.web.test_axe import describe, sign_in, violations
from tests.fleet.web.test_browser import WAIT_MS
from tests.fleet.web.test_visitor_browser import chromium, tab_to
from tests.support.live import LiveFleet

pytestmark = [pytest.mark.browser, pytest.mark.slow]
__all__ = ["chromium"]  # the module-scoped browser fixture, shared


def kiosk(fleet: LiveFleet, branch: str, machine: str) -> httpx.Client:
    http = httpx.Client(base_url=fleet.base_url, timeout=10)
    reply = http.post(
        f"{API_PREFIX}/enroll",
        json={
            "code": fleet.enrollment_code(branch),
            "hostname": machine,
            "machine_id": machine,
            "app_version": "1.0.0",
        },
    )
    reply.raise_for_status()
    http.headers["Authorization"] = f"Bearer {reply.json()['token']}"
    return http


def upload(http: httpx.Client, *events: tuple[str, dict[str, object]]) -> None:
    now = dt.datetime.now(dt.UTC).isoformat()
    body = {
        "events": [
            {"id": str(uuid.uuid4()), "type": kind, "occurred_at": now, "attrs": attrs}
            for kind, attrs in events
        ]
    }
    http.post(f"{API_PREFIX}/events", json=body).raise_for_status()


@pytest.fixture
def fleet_with_figures(live_fleet: LiveFleet) -> Iterator[LiveFleet]:
    """Oodi: three sessions and a finished appointment; Kallio: one walk-in helped."""
    live_fleet.create_branch("oodi")
    live_fleet.create_branch("kallio")
    create_people(live_fleet.db, cheap_passwords())
    oodi, kallio = (
        kiosk(live_fleet, "oodi", "stats-oodi-1"),
        kiosk(live_fleet, "kallio", "stats-k-1"),
    )
    ended = {"method": "library_card", "minutes": 30, "reason": "logout"}
    upload(
        oodi,
        *[("session_ended", ended)] * 3,
        ("booking_done", {"topic": "e_identification", "minutes": 45}),
        ("guide_opened", {"guide": "scams"}),
    )
    upload(kallio, ("help_called", {"topic": "e_mail", "wait_minutes": 3}))
    with live_fleet.db.session() as session:  # what the server's job does every minute
        roll_up(session, dt.datetime.now(dt.UTC))
    try:
        yield live_fleet
    finally:
        oodi.close()
        kallio.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_charts_render_filters_change_them_and_csv_downloads(
    fleet_with_figures: LiveFleet, chromium: Browser
) -> None:
    base = fleet_with_figures.base_url
    context = chromium.new_context(locale="en-GB", accept_downloads=True)
    context.add_cookies([{"name": "fleet_lang", "value": "en", "url": base}])
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        sign_in(page, base, Role.ADMIN)
        page.goto(f"{base}/admin/stats")
        assert page.locator('[data-figure="people_helped"]').inner_text() == "2"

        # The charts are drawn: real boxes with marks in them, not empty placeholders.
        activity = page.locator('[data-chart="activity"] svg')
        box = activity.bounding_box()
        assert box is not None
        assert box["width"] > 300
        assert box["height"] > 150
        assert page.locator('[data-chart="activity"] svg .mark').count() > 0
        branch_bars = page.locator('[data-chart="support_branches"] svg .mark')
        assert branch_bars.count() == 2

        found = violations(page)
        assert not found, describe("statistics with data", found)

        # Keyboard only: to the branch list, choose Kallio, submit.
        tab_to(page, "stats-branch")
        page.keyboard.press("k")  # jumps to the first option starting with "k": kallio en
        tab_to(page, "stats-show")
        page.keyboard.press("Enter")
        page.wait_for_url("**branch=kallio**")
        assert page.locator('[data-figure="people_helped"]').inner_text() == "1"
        assert page.locator('[data-chart="support_branches"] svg .mark').count() == 1
        assert page.locator('[data-chart="branches"] [data-empty="true"]').count() == 1

        with page.expect_download() as download:
            page.locator('[data-chart="support_branches"] a[download]').click()
        content = download.value.path().read_text(encoding="utf-8-sig")
        assert content.splitlines() == ["Name,Number", "kallio,1"]
    finally:
        context.close()
