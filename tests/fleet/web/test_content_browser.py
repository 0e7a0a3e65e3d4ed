"""Headless Chromium against a real ``fleet serve``: an announcement written by keyboard in
three languages, previewed as the kiosk draws it and published, reaches a simulated kiosk;
a built bundle uploaded through the file field goes to a pilot branch, and the convergence
figures change on their own when the kiosk reports it installed; then, by keyboard, to a
branch group. axe finds nothing to fix."""

from __future__ import annotations

import io
import itertools
import shutil
import tarfile
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from content.build import build
from content.default import BUNDLE_DIRECTORY
from fleet.auth.models import Role
from fleet.branches import groups
from fleet.branches.schemas import BranchGroupPut, GroupName
from fleet.content import keys
from fleet.protocol import API_PREFIX, CheckInRequest, CheckInResponse, DeviceState
from tests.fleet.admin.helpers import cheap_passwords, create_people
from tests.fleet.content.bundles import Publisher
from tests.fleet.web.test_axe import describe, sign_in, violations
from tests.fleet.web.test_browser import WAIT_MS
from tests.fleet.web.test_visitor_browser import chromium, tab_to
from tests.support.live import LiveFleet

pytestmark = [pytest.mark.browser, pytest.mark.slow]
__all__ = ["chromium"]  # the module-scoped browser fixture, shared

_machines = itertools.count(1)
TEXTS = {
    "fi": "Kirjasto sulkeutuu tänään kello 16.",
    "sv": "Biblioteket stänger i dag klockan 16.",
    "en": "The library closes today at 4 pm.",
}


class Kiosk:
    """A kiosk over real HTTP, reduced to its check-ins."""

    def __init__(self, fleet: LiveFleet, branch: str) -> None:
        self.http = httpx.Client(base_url=fleet.base_url, timeout=10)
        machine = f"content-browser-{next(_machines)}"
        reply = self.http.post(
            f"{API_PREFIX}/enroll",
            json={
                "code": fleet.enrollment_code(branch),
                "hostname": machine,
                "machine_id": machine,
                "app_version": "1.0.0",
            },
        )
        reply.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {reply.json()['token']}"
        self.etag: str | None = None
        self.installed: str | None = None

    def check_in(self) -> CheckInResponse:
        report = CheckInRequest(
            state=DeviceState.IDLE,
            app_version="1.0.0",
            config_etag=self.etag,
            content_manifest_id=self.installed,
        )
        reply = self.http.post(f"{API_PREFIX}/checkin", json=report.model_dump(mode="json"))
        reply.raise_for_status()
        answer = CheckInResponse.model_validate_json(reply.content)
        self.etag = answer.config_etag
        return answer

    def close(self) -> None:
        self.http.close()


def bundle_file(tmp_path: Path, publisher: Publisher) -> tuple[Path, str]:
    """content/default built and signed, packed as ``bundle.tar.gz``; and its manifest id."""
    source = tmp_path / "source"
    shutil.copytree(BUNDLE_DIRECTORY, source, ignore=shutil.ignore_patterns("__*"))
    built = build(source, publisher.private, tmp_path / "out")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(tmp_path / "out", arcname=".")
    path = tmp_path / "bundle.tar.gz"
    path.write_bytes(buffer.getvalue())
    return path, built.signed.manifest_id


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_announce_by_keyboard_then_upload_and_roll_out_a_bundle(
    live_fleet: LiveFleet, chromium: Browser, tmp_path: Path
) -> None:
    live_fleet.create_branch("oodi")
    live_fleet.create_branch("kallio")
    create_people(live_fleet.db, cheap_passwords())
    publisher = Publisher.new()
    with live_fleet.db.session() as session:
        keys.add_key(session, publisher.public, "test")
        east = GroupName(fi="Itä", sv="Öster", en="East")
        groups.put_group(session, "east", BranchGroupPut(name=east, branches=["oodi"]), "test")
    archive, manifest_id = bundle_file(tmp_path, publisher)
    kiosk = Kiosk(live_fleet, "kallio")
    kiosk.check_in()
    base = live_fleet.base_url
    context = chromium.new_context(locale="en-GB")
    context.add_cookies([{"name": "fleet_lang", "value": "en", "url": base}])
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        sign_in(page, base, Role.ADMIN)
        page.get_by_role("navigation", name="Main menu").get_by_role(
            "link", name="Announcements"
        ).click()
        page.wait_for_url("**/admin/announcements")

        # Keyboard only: the three texts side by side, then the level with the arrow keys.
        tab_to(page, "text_fi")
        page.keyboard.type(TEXTS["fi"])
        page.keyboard.press("Tab")
        page.keyboard.type(TEXTS["sv"])
        page.keyboard.press("Tab")
        page.keyboard.type(TEXTS["en"])
        fi_box, sv_box = (
            page.locator("#text_fi").bounding_box(),
            page.locator("#text_sv").bounding_box(),
        )
        assert fi_box is not None
        assert sv_box is not None
        assert fi_box["y"] == sv_box["y"]  # side by side on a desktop
        tab_to(page, "level-info")
        page.keyboard.press("ArrowDown")
        assert page.locator("#level-urgent").is_checked()
        # admin.js already follows the typing; the Preview button renders it on the server.
        sv_preview = page.locator("[data-preview-text='sv']")
        expect(sv_preview).to_have_text(TEXTS["sv"])
        tab_to(page, "preview-button")
        page.keyboard.press("Enter")
        page.wait_for_url("**/admin/announcements#preview")
        page.get_by_text("Preview only: nothing is published yet.").wait_for()
        cards = page.locator("#preview .kiosk-announcement.urgent")
        expect(cards).to_have_count(3)
        for language, important in (("fi", "Tärkeää:"), ("sv", "Viktigt:"), ("en", "Important:")):
            card = page.locator(f"#preview figure:has([data-preview-text='{language}'])")
            expect(card.locator(".kiosk-important")).to_have_text(important)
            expect(card.locator(".kiosk-text")).to_have_text(TEXTS[language])
        assert page.locator("#text_sv").input_value() == TEXTS["sv"]  # nothing lost
        found = violations(page)
        assert not found, describe("announcement preview", found)

        # On a narrow screen the three texts stack.
        page.set_viewport_size({"width": 480, "height": 900})
        fi_box, sv_box = (
            page.locator("#text_fi").bounding_box(),
            page.locator("#text_sv").bounding_box(),
        )
        assert fi_box is not None
        assert sv_box is not None
        assert sv_box["y"] > fi_box["y"]
        page.set_viewport_size({"width": 1280, "height": 800})

        tab_to(page, "publish-button")
        page.keyboard.press("Enter")
        page.wait_for_url("**/admin/announcements?done=published")
        expect(page.locator("#current-caption")).to_be_visible()
        answer = kiosk.check_in()
        assert answer.config is not None
        [live] = answer.config.announcements
        assert (live.text.fi, live.text.sv, live.text.en) == (TEXTS["fi"], TEXTS["sv"], TEXTS["en"])
        assert live.level.value == "urgent"
        found = violations(page)
        assert not found, describe("announcements with one showing", found)

        # A bundle through the file field, then a roll-out to the pilot branch.
        page.goto(f"{base}/admin/content")
        page.set_input_files("#bundle", str(archive))
        page.locator("#upload-button").click()
        page.wait_for_url("**/admin/content?done=uploaded**")
        page.get_by_text("The bundle is uploaded: helsinki-libraries@1.").wait_for()
        page.select_option("#rollout_version", label="helsinki-libraries@1")
        page.select_option("#rollout_pilot", value="kallio")
        page.locator("#start-button").click()
        page.wait_for_url("**/admin/content?done=rollout_started")
        rollout = page.locator("[data-convergence='rollout']")
        expect(rollout.locator("[data-figure='confirmed']")).to_have_text("0")
        expect(rollout.locator("[data-figure='targeted']")).to_have_text("1")
        assert page.locator("#rollout-reach").get_attribute("value") == "0"

        assert kiosk.check_in().content_manifest_id == manifest_id
        kiosk.installed = manifest_id
        kiosk.check_in()
        # No reload: the region refreshes itself and the figures change.
        expect(rollout.locator("[data-figure='confirmed']")).to_have_text("1", timeout=WAIT_MS)
        expect(rollout.locator(".meter-text")).to_have_text("100 %")
        assert page.locator("#rollout-reach").get_attribute("value") == "1"
        found = violations(page)
        assert not found, describe("content with a roll-out", found)

        # Keyboard only: the same version to the East group, chosen in "Shown at".
        tab_to(page, "assign_version")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        page.keyboard.press("ArrowDown")  # past "All branches": the first group
        assert page.locator("#assign_scope").input_value() == "group:east"
        tab_to(page, "assign-button")
        page.keyboard.press("Enter")
        page.wait_for_url("**/admin/content?done=assigned")
        row = page.locator("[data-scope='group:east']")
        expect(row.get_by_role("rowheader")).to_have_text("Group: East")
        found = violations(page)
        assert not found, describe("content assigned to a group", found)

        page.locator("[data-rollout-id] a").first.click()
        page.wait_for_url("**/admin/content/versions/1")
        expect(
            page.locator("[data-slide='10-digital-support'] [data-schedule='weekdays']")
        ).to_have_text("Monday–Friday")
        found = violations(page)
        assert not found, describe("content version", found)
    finally:
        context.close()
        kiosk.close()
