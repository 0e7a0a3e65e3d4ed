"""Headless Chromium against a real ``fleet serve`` over loopback: the whole admin journey.

Sign in, see an enrolled (simulated) kiosk online, send a lock from the device page, let
the kiosk check in and acknowledge, and see the page update itself to "done".
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from fleet.auth.models import Role
from fleet.protocol import API_PREFIX, CheckInRequest, CommandResult, CommandStatus, DeviceState
from tests.fleet.admin.helpers import PASSWORDS, USERNAMES, cheap_passwords, create_people
from tests.support.live import LiveFleet

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
#: Generous: the page refreshes itself every 5 s and the machine is shared.
WAIT_MS = 30_000

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found; apt-get install chromium"
        if os.environ.get("KIOSK_TEST_REQUIRE_CHROMIUM") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class SimulatedKiosk:
    """Just enough of a kiosk to enrol, check in and acknowledge commands over HTTP."""

    def __init__(self, base_url: str, code: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=10)
        reply = self.http.post(
            f"{API_PREFIX}/enroll",
            json={
                "code": code,
                "hostname": "oodi-pc-07",
                "machine_id": "browser-test-0007",
                "app_version": "1.0.0",
            },
        )
        reply.raise_for_status()
        self.device_id = int(reply.json()["device_id"])
        self.http.headers["Authorization"] = f"Bearer {reply.json()['token']}"

    def check_in(self, state: DeviceState = DeviceState.IDLE) -> list[dict[str, object]]:
        report = CheckInRequest(state=state, app_version="1.0.0", content_version="c-1")
        reply = self.http.post(f"{API_PREFIX}/checkin", json=report.model_dump(mode="json"))
        reply.raise_for_status()
        # The reply is tiny when nothing is waiting: no "commands" key at all.
        commands: list[dict[str, object]] = reply.json().get("commands", [])
        return commands

    def acknowledge(self, command_id: object) -> None:
        result = CommandResult(status=CommandStatus.SUCCEEDED, detail="locked")
        reply = self.http.post(
            f"{API_PREFIX}/commands/{command_id}/result", json=result.model_dump(mode="json")
        )
        reply.raise_for_status()

    def close(self) -> None:
        self.http.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sign_in_see_kiosk_online_lock_it_and_see_it_acknowledged(
    live_fleet: LiveFleet, browser: Browser
) -> None:
    live_fleet.create_branch("oodi")
    create_people(live_fleet.db, cheap_passwords())
    kiosk = SimulatedKiosk(live_fleet.base_url, live_fleet.enrollment_code("oodi"))
    context = browser.new_context(locale="fi-FI")
    page: Page = context.new_page()
    try:
        kiosk.check_in()
        page.goto(f"{live_fleet.base_url}/admin/devices")
        # Not signed in: the sign-in page, in Finnish, with labelled fields; by keyboard only.
        page.wait_for_url("**/admin/login**")
        assert page.get_by_label("Käyttäjätunnus").is_visible()
        assert page.evaluate("document.activeElement.id") == "username"
        page.keyboard.type(USERNAMES[Role.STAFF])
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "password"
        page.keyboard.type(PASSWORDS[Role.STAFF])
        page.keyboard.press("Enter")
        page.wait_for_url("**/admin/devices")

        row = page.locator(f'tr[data-device-id="{kiosk.device_id}"]')
        row.get_by_text("Verkossa").wait_for(timeout=WAIT_MS)  # online, spelled out
        row.get_by_role("link", name="oodi-pc-07").click()
        page.wait_for_url(f"**/admin/devices/{kiosk.device_id}")

        page.get_by_label("Viesti näytölle").first.fill("Kone suljetaan huoltoa varten")
        page.get_by_role("button", name="Lukitse", exact=True).click()
        page.get_by_text("Komento lähetetty").wait_for(timeout=WAIT_MS)
        status = page.locator("#command-history td.command-status").first
        assert status.get_attribute("data-status") == "queued"

        commands = kiosk.check_in()
        assert [c["type"] for c in commands] == ["lock"]
        assert commands[0]["message"] == "Kone suljetaan huoltoa varten"
        kiosk.acknowledge(commands[0]["id"])
        kiosk.check_in(DeviceState.LOCKED)

        # No reload: the page's own refresh brings the acknowledgement in.
        page.locator('#command-history td.command-status[data-status="succeeded"]').wait_for(
            timeout=WAIT_MS
        )
        assert page.locator("#command-history td.command-status").first.inner_text() == "Tehty"
        page.locator("#device-live").get_by_text("Lukittu").wait_for(timeout=WAIT_MS)
    finally:
        context.close()
        kiosk.close()
