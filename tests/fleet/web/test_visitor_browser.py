"""Headless Chromium against a real ``fleet serve``: a guest pass from desk to PC and back.

Staff sign in and create a guest pass by keyboard alone, read its code and PIN off the
page, a simulated kiosk logs in with them over the device API, the session appears on the
Sessions page by itself, and staff message the PC and end the session (keyboard again);
the kiosk receives both commands at its next check-in.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from pydantic import SecretStr

from fleet.auth.models import Role
from fleet.protocol import API_PREFIX, DeviceState
from fleet.protocol.sessions import LoginMethod, LoginRequest, SessionGrant
from tests.fleet.admin.helpers import PASSWORDS, USERNAMES, cheap_passwords, create_people
from tests.fleet.web.test_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, SimulatedKiosk
from tests.support.fleetdb import ALWAYS_OPEN
from tests.support.live import LiveFleet

pytestmark = [pytest.mark.browser, pytest.mark.slow]


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


def tab_to(page: Page, element_id: str, limit: int = 60) -> None:
    """Press Tab until the element with ``element_id`` has the keyboard focus."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_guest_pass_to_kiosk_session_to_end_session(
    live_fleet: LiveFleet, chromium: Browser
) -> None:
    live_fleet.create_branch("oodi", weekly=ALWAYS_OPEN)  # the real clock: always open
    create_people(live_fleet.db, cheap_passwords())
    kiosk = SimulatedKiosk(live_fleet.base_url, live_fleet.enrollment_code("oodi"))
    context = chromium.new_context(locale="fi-FI")
    page = context.new_page()
    try:
        kiosk.check_in()
        page.goto(f"{live_fleet.base_url}/admin/guest-passes")
        page.wait_for_url("**/admin/login**")
        page.keyboard.type(USERNAMES[Role.STAFF])
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORDS[Role.STAFF])
        page.keyboard.press("Enter")
        page.wait_for_url("**/admin/guest-passes")

        # Keyboard only: Tab to the form's fields, type, submit with Enter.
        tab_to(page, "minutes")
        page.keyboard.press("Control+A")
        page.keyboard.type("45")
        tab_to(page, "label")
        page.keyboard.type("desk, morning")
        page.keyboard.press("Enter")
        page.get_by_text("näytetään vain tämän kerran").wait_for(timeout=WAIT_MS)
        code = page.locator("#pass-code").inner_text().strip()
        pin = page.locator("#pass-pin").inner_text().strip()
        assert len(code) == 9
        assert len(pin) == 4
        assert page.get_by_role("button", name="Tulosta").is_visible()  # the script shows it
        page.emulate_media(media="print")
        assert page.locator(".slip").is_visible()
        assert not page.locator("header.site-header").is_visible()
        assert not page.get_by_role("button", name="Tulosta").is_visible()
        page.emulate_media(media="screen")

        page.get_by_role("navigation", name="Päävalikko").get_by_role(
            "link", name="Istunnot"
        ).click()
        page.wait_for_url("**/admin/sessions")
        page.get_by_text("Yksikään asiakas ei ole nyt kirjautuneena").wait_for(timeout=WAIT_MS)

        login = LoginRequest(method=LoginMethod.GUEST_PASS, card_number=code, pin=SecretStr(pin))
        reply = kiosk.http.post(
            f"{API_PREFIX}/sessions",
            content=login.model_dump_json(),
            headers={"Content-Type": "application/json"},
        )
        assert reply.status_code == 201, reply.text
        grant = SessionGrant.model_validate_json(reply.content)
        assert grant.minutes == 45
        kiosk.check_in(DeviceState.IN_SESSION)

        # No reload: the list refreshes itself and the new session appears.
        row = page.locator(f'tr[data-session-id="{grant.session_id}"]')
        row.wait_for(timeout=WAIT_MS)
        assert "oodi-pc-07" in row.inner_text()
        assert "Vierastunnus" in row.inner_text()

        tab_to(page, f"message-{grant.session_id}")
        page.keyboard.type("Kirjasto sulkeutuu pian")
        page.keyboard.press("Enter")
        page.get_by_text("Viesti lähetetty").wait_for(timeout=WAIT_MS)

        tab_to(page, f"end-{grant.session_id}")
        page.keyboard.press("Enter")
        page.get_by_text("Kone kirjaa asiakkaan ulos").wait_for(timeout=WAIT_MS)

        received = kiosk.check_in(DeviceState.IN_SESSION)
        assert [(c["type"], c.get("message")) for c in received] == [
            ("message", "Kirjasto sulkeutuu pian"),
            ("end_session", None),
        ]
    finally:
        context.close()
        kiosk.close()
