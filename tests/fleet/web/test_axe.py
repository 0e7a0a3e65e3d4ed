"""axe-core in headless Chromium on every page of ``/admin/`` and ``/support/``, in fi and sv.

A real ``fleet serve`` with data on every page (a branch, an enrolled PC with a command, a
profile, a guest pass, a PC reservation, an adviser with weekly times, bookings and a day
away, a walk-in ticket), visited as an admin and as an adviser, with forms submitted where a
page only exists as an answer (a new guest pass, a booking, a calendar link, errors).
Every rule axe runs by default must pass (WCAG 2.x A and AA, axe's best practices), and
WCAG 2.2's target size too; the adviser's pages are checked at a tablet's width.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from content.build import build
from content.default import BUNDLE_DIRECTORY
from content.manifest import BLOBS_DIR, MANIFEST_NAME
from fleet.auth.models import Role
from fleet.branches import groups
from fleet.branches import service as branches
from fleet.branches.schemas import BranchGroupPut, GroupName, ProfileCreate
from fleet.content import announcements, keys
from fleet.content import service as content
from fleet.sessions import reservations
from fleet.support import advisers
from fleet.support.advisers import ExceptionIn
from tests.fleet.admin.helpers import PASSWORDS, USERNAMES
from tests.fleet.content.bundles import Publisher
from tests.fleet.web.test_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS
from tests.fleet.web.test_support_browser import ConsoleWorld, add_booking, console_world
from tests.support.live import LiveFleet

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: What a page is, and how to get there: a path, or a path and a form to fill and submit.
Visit = tuple[str, str, Callable[[Page], None] | None]


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


def more_data(fleet: LiveFleet, world: ConsoleWorld) -> dict[str, int]:
    """What the pages show beyond the console world: a profile, a reservation, a day away,
    a booking still to come, a walk-in ticket and a command."""
    now = dt.datetime.now(dt.UTC)
    with fleet.db.session() as session:
        profile = branches.create_profile(session, ProfileCreate(name="Oodi"), "test")
        reservations.reserve(
            session,
            branch_id="oodi",
            starts_at=(now + dt.timedelta(hours=2)).replace(minute=0, second=0, microsecond=0),
            minutes=60,
            patron_key="k" * 64,
            actor="test",
            now=now,
            device_id=world.kiosk.device_id,
        )
        advisers.set_exception(
            session,
            world.profile.user_id,
            ExceptionIn(date=dt.date.today() + dt.timedelta(days=20), note="koulutus"),
            "test",
        )
        rule = advisers.list_rules(session, world.profile.user_id)[0]
    version = publish_content(fleet, now)
    with fleet.db.session() as session:  # a branch group, with the version assigned to it
        east = GroupName(fi="Itä", sv="Öster", en="East")
        groups.put_group(session, "east", BranchGroupPut(name=east, branches=["oodi"]), "test")
        content.assign(session, "group:east", version, "test", now=now)
    later = add_booking(fleet.db, world.profile, now + dt.timedelta(days=2), "Bo")
    reply = world.kiosk.http.post("/api/device/v1/support/help", json={"topic": "scams"})
    reply.raise_for_status()
    assert profile.id is not None
    assert rule.id is not None
    return {"profile": profile.id, "rule": rule.id, "later": later, "version": version}


def publish_content(fleet: LiveFleet, now: dt.datetime) -> int:
    """The default bundle, built and signed, on a pilot roll-out to Oodi; an announcement."""
    publisher = Publisher.new()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        build(BUNDLE_DIRECTORY, publisher.private, out, now=now)
        manifest = (out / MANIFEST_NAME).read_bytes()
        blobs = {path.name: path.read_bytes() for path in (out / BLOBS_DIR).iterdir()}
    with fleet.db.session() as session:
        keys.add_key(session, publisher.public, "test")
        published = content.publish_version(session, manifest, "test", now=now, blobs=blobs)
        content.start_rollout(session, published.version.id, "oodi", "test", now=now)
        draft = announcements.Draft(
            level="urgent",
            texts={
                "fi": "Kirjasto suljetaan klo 16.",
                "sv": "Biblioteket stänger kl. 16.",
                "en": "The library closes at 4 pm.",
            },
            starts_at=now,
            ends_at=now + dt.timedelta(hours=3),
        )
        announcements.create_announcement(session, draft, "test", now=now)
    return published.version.id


def sign_in(page: Page, base_url: str, role: Role) -> None:
    page.goto(f"{base_url}/admin/login")
    page.locator("#username").fill(USERNAMES[role])
    page.locator("#password").fill(PASSWORDS[role])
    page.locator("#password").press("Enter")
    page.wait_for_url("**/admin/devices")


def submit(fields: dict[str, str], button: str = "button[type=submit]") -> Callable[[Page], None]:
    """Fill ``fields`` (CSS selector -> value; "check" ticks a box or a radio) and submit."""

    def act(page: Page) -> None:
        for selector, value in fields.items():
            if value == "check":
                page.locator(selector).first.check()
            else:
                page.locator(selector).fill(value)
        page.locator(button).first.click()
        page.wait_for_load_state("load")

    return act


def admin_pages(ids: dict[str, int], device_id: int) -> list[Visit]:
    return [
        ("devices", "/admin/devices", None),
        ("device", f"/admin/devices/{device_id}", None),
        ("branches", "/admin/branches", None),
        ("branch", "/admin/branches/oodi", None),
        (
            "branch group errors",
            "/admin/branches",
            submit(
                {"#group_id": "East side", "#name_fi": "Itä", "#name_sv": "Ö", "#name_en": "E"},
                "#create-group-button",
            ),
        ),
        ("branch group", "/admin/branch-groups/east", None),
        ("profiles", "/admin/profiles", None),
        ("profile", f"/admin/profiles/{ids['profile']}", None),
        ("sessions", "/admin/sessions", None),
        ("check a card", "/admin/cards/check", None),
        (
            "card check result",
            "/admin/cards/check",
            submit({"#card_number": "12345678", "#pin": "0000"}, "main button[type=submit]"),
        ),
        ("guest passes", "/admin/guest-passes", None),
        (
            "guest pass errors",
            "/admin/guest-passes",
            submit({"#valid_until": "2020-01-01T10:00"}, "main button[type=submit]"),
        ),
        (
            "guest pass issued",
            "/admin/guest-passes",
            submit({"#label": "desk"}, "main button[type=submit]"),
        ),
        ("reservations", "/admin/reservations", None),
        ("statistics", "/admin/stats", None),
        ("announcements", "/admin/announcements", None),
        (
            "announcement errors",
            "/admin/announcements",
            submit({"#ends_at": "2020-01-01T10:00", "#target-some": "check"}, "#publish-button"),
        ),
        (
            "announcement preview",
            "/admin/announcements",
            submit({"#text_fi": "Hei", "#text_sv": "Hej"}, "#preview-button"),
        ),
        ("content", "/admin/content", None),
        ("content upload error", "/admin/content", submit({}, "#upload-button")),
        ("content version", f"/admin/content/versions/{ids['version']}", None),
        ("not found", "/admin/devices/999", None),
        ("support: advisers", "/support/advisers", None),
        ("support: queue (admin)", "/support/queue", None),
        ("support: today (admin)", "/support/", None),
    ]


def adviser_pages(ids: dict[str, int], booking_id: int) -> list[Visit]:
    return [
        ("today", "/support/", None),
        ("today, done with which topic", f"/support/?finish={booking_id}", None),
        ("today, cancel?", f"/support/?cancel={booking_id}", None),
        ("week", "/support/week", None),
        ("next week", f"/support/week?start={monday_next_week()}", None),
        ("queue", "/support/queue?branch=oodi", None),
        ("book", "/support/book", None),
        ("book: free times", "/support/book?topic=email&language=fi&branch=oodi", None),
        (
            "book: errors",
            "/support/book?topic=email&language=fi&branch=oodi",
            submit(
                {"input[name=slot]": "check", "#name": "Dani", "#phone": "x"},
                "main form.stacked button",
            ),
        ),
        (
            "booked",
            "/support/book?topic=email&language=fi&branch=oodi",
            submit({"input[name=slot]": "check", "#name": "Dani"}, "main form.stacked button"),
        ),
        ("availability", "/support/availability", None),
        ("availability: change", f"/support/availability?edit={ids['rule']}", None),
        (
            "availability: errors",
            "/support/availability",
            submit({"#starts": "15:00", "#ends": "14:00"}, "#rule-form button[type=submit]"),
        ),
        ("profile", "/support/profile", None),
        ("calendar link", "/support/profile", submit({}, "#new-calendar-link")),
        ("statistics", "/admin/stats", None),
        ("no access", "/admin/devices", None),
    ]


def monday_next_week() -> str:
    today = dt.date.today()
    return (today + dt.timedelta(days=7 - today.weekday())).isoformat()


#: axe's defaults, plus WCAG 2.2's target size (off by default in axe 4.12): taps must land.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


def violations(page: Page) -> list[dict[str, Any]]:
    results = Axe().run(page, options=AXE_OPTIONS)
    found: list[dict[str, Any]] = results.response["violations"]
    return found


def describe(where: str, found: list[dict[str, Any]]) -> str:
    lines = [where]
    for violation in found:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


def audit(page: Page, base_url: str, visits: list[Visit], language: str) -> list[str]:
    problems = []
    for name, path, act in visits:
        page.goto(f"{base_url}{path}")
        page.wait_for_load_state("load")
        if act is not None:
            act(page)
        assert page.locator("html").get_attribute("lang") == language, name
        found = violations(page)
        if found:
            problems.append(describe(f"{name} ({page.url})", found))
    return problems


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_no_axe_violations_on_any_page(
    live_fleet: LiveFleet, chromium: Browser, language: str
) -> None:
    world = console_world(live_fleet)
    ids = more_data(live_fleet, world)
    world.kiosk.http.post(
        "/api/device/v1/checkin",
        json={"state": "idle", "app_version": "1.0.0", "content_version": "c-1"},
    ).raise_for_status()
    base = live_fleet.base_url
    problems: list[str] = []
    # IT at a desktop; the adviser on a tablet held upright (the tables stack into cards).
    for role, visits, viewport in (
        (Role.ADMIN, admin_pages(ids, world.kiosk.device_id), ViewportSize(width=1280, height=800)),
        (Role.ADVISER, adviser_pages(ids, world.booking_id), ViewportSize(width=768, height=1024)),
    ):
        context = chromium.new_context(locale=f"{language}-FI", viewport=viewport)
        context.add_cookies([{"name": "fleet_lang", "value": language, "url": base}])
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        try:
            page.goto(f"{base}/admin/login")
            problems += audit(page, base, [("sign in", "/admin/login", None)], language)
            sign_in(page, base, role)
            problems += audit(page, base, visits, language)
        finally:
            context.close()
    world.kiosk.close()
    assert not problems, "\n".join(problems)
