"""Headless Chromium against a real ``fleet serve``: an adviser's day at the console.

The adviser signs in, a simulated kiosk asks for help and the ticket appears in the queue
without a reload, the adviser calls the next visitor by keyboard and the kiosk's ticket
shows who is coming; then a booking is marked done with its topic in two clicks.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, sync_playwright
from sqlmodel import select

from fleet.auth.models import Role, User
from fleet.devices.service import hash_secret
from fleet.protocol import API_PREFIX
from fleet.protocol.support import HelpStatus, HelpTicket, SupportTopic
from fleet.support import advisers
from fleet.support.advisers import AdviserCreate, RuleIn
from fleet.support.bookings import new_booking_code
from fleet.support.models import AdviserProfile, SupportBooking
from tests.fleet.admin.helpers import PASSWORDS, USERNAMES, cheap_passwords, create_people
from tests.fleet.web.test_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, SimulatedKiosk
from tests.fleet.web.test_visitor_browser import tab_to
from tests.support.fleetdb import ALWAYS_OPEN, FleetDb
from tests.support.live import LiveFleet

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HELSINKI = ZoneInfo("Europe/Helsinki")
REFLOW_PAGES = (
    "/support/",
    "/support/?finish=1",
    "/support/week",
    "/support/queue",
    "/support/book?topic=email&language=fi&branch=oodi",
    "/support/availability",
    "/support/profile",
)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found; apt-get install chromium"
        if os.environ.get("KIOSK_TEST_REQUIRE_CHROMIUM") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class ConsoleWorld:
    """Oodi (open around the clock) with one kiosk, and Aino with weekly times and a booking."""

    kiosk: SimulatedKiosk
    profile: AdviserProfile
    booking_id: int


def add_booking(
    fleet_db: FleetDb, profile: AdviserProfile, starts_at: dt.datetime, name: str
) -> int:
    """A booked, 45-minute visit made at the console, straight into the database."""
    with fleet_db.session() as session:
        booking = SupportBooking(
            code_hash=hash_secret(new_booking_code()),
            adviser_id=profile.user_id,
            branch_id="oodi",
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=45),
            topic=SupportTopic.EMAIL.value,
            language="fi",
            channel="console",
            name=name,
        )
        session.add(booking)
        session.flush()
        assert booking.id is not None
        return booking.id


def earlier_today() -> dt.datetime:
    """A moment that has passed and is still today in Helsinki, whenever the test runs."""
    now = dt.datetime.now(HELSINKI)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight + (now - midnight) / 2).astimezone(dt.UTC)


def console_world(fleet: LiveFleet) -> ConsoleWorld:
    fleet.create_branch("oodi", weekly=ALWAYS_OPEN)  # the real clock: always open
    create_people(fleet.db, cheap_passwords())
    kiosk = SimulatedKiosk(fleet.base_url, fleet.enrollment_code("oodi"))
    kiosk.check_in()
    with fleet.db.session() as session:
        user = session.exec(select(User).where(User.username == USERNAMES[Role.ADVISER])).one()
        assert user.id is not None
        profile = advisers.create_profile(
            session,
            user.id,
            AdviserCreate(
                display_name="Aino",
                branches=["oodi"],
                topics=[SupportTopic.EMAIL, SupportTopic.E_IDENTIFICATION],
                languages=["fi", "sv"],
                place="2. kerros",
            ),
            "test",
        )
        for weekday in range(7):
            rule = RuleIn(
                branch_id="oodi",
                weekday=weekday,
                starts=dt.time(8),
                ends=dt.time(20),
                min_notice_minutes=0,
            )
            advisers.add_rule(session, profile.user_id, rule, "test")
    booking_id = add_booking(fleet.db, profile, earlier_today(), "Maija")
    return ConsoleWorld(kiosk, profile, booking_id)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_help_request_call_next_by_keyboard_and_done_in_two_clicks(
    live_fleet: LiveFleet, chromium: Browser
) -> None:
    world = console_world(live_fleet)
    kiosk = world.kiosk
    context = chromium.new_context(locale="fi-FI")
    page = context.new_page()
    try:
        page.goto(f"{live_fleet.base_url}/support/")
        page.wait_for_url("**/admin/login**")
        page.keyboard.type(USERNAMES[Role.ADVISER])
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORDS[Role.ADVISER])
        page.keyboard.press("Enter")
        page.wait_for_url("**/support/")
        page.get_by_role("heading", name="Omat varaukset tänään").wait_for(timeout=WAIT_MS)
        page.get_by_text("Kukaan ei odota.").wait_for(timeout=WAIT_MS)

        # "Help me now" at the kiosk: the ticket appears by itself, and is announced.
        reply = kiosk.http.post(f"{API_PREFIX}/support/help", json={"topic": "email"})
        assert reply.status_code == 201, reply.text
        ticket = HelpTicket.model_validate_json(reply.content)
        row = page.locator(f'tr[data-ticket-id="{ticket.id}"]')
        row.wait_for(timeout=WAIT_MS)
        assert "oodi-pc-07" in row.inner_text()
        assert "Sähköposti" in row.inner_text()
        page.locator("#queue-announce").get_by_text("jonossa 1").wait_for(timeout=WAIT_MS)

        # Keyboard only: Tab to "Call next", press Enter.
        tab_to(page, "call-next-oodi", limit=80)
        page.keyboard.press("Enter")
        page.get_by_text("Numero 1 on kutsuttu. Mene koneelle oodi-pc-07").wait_for(timeout=WAIT_MS)
        seen = HelpTicket.model_validate_json(
            kiosk.http.get(f"{API_PREFIX}/support/help/{ticket.id}").content
        )
        assert (seen.status, seen.adviser_name) == (HelpStatus.CALLED, "Aino")
        assert "Aino on tulossa" in row.inner_text()

        # Done with a topic: two clicks.
        page.locator(f"#done-{world.booking_id}").click()
        page.get_by_role("button", name="Puhelimen ja tietokoneen perusteet").click()
        page.get_by_text("Opastus on merkitty valmiiksi.").wait_for(timeout=WAIT_MS)
        with live_fleet.db.session() as session:
            booking = session.get_one(SupportBooking, world.booking_id)
        assert (booking.status, booking.done_topic) == ("done", "device_basics")
        booked_row = page.locator(f'tr[data-booking-id="{world.booking_id}"]')
        assert "Tehty" in booked_row.inner_text()

        # 200 % zoom on a 1280-pixel screen: nothing needs scrolling sideways.
        page.set_viewport_size({"width": 640, "height": 800})
        for path in REFLOW_PAGES:
            page.goto(f"{live_fleet.base_url}{path}")
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], (path, width)
    finally:
        context.close()
        kiosk.close()
