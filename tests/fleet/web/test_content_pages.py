"""Content pages over ASGI: live announcements to the kiosks' config, and signed bundles
uploaded, assigned and rolled out through the web forms, with the convergence figures."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import io
import json
import re
import shutil
import tarfile
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlmodel import select

from content.build import build
from content.default import BUNDLE_DIRECTORY
from fleet.auth.models import Role
from fleet.content import keys
from fleet.content.models import Announcement
from fleet.ops.audit import list_audit
from fleet.protocol import (
    API_PREFIX,
    AnnouncementLevel,
    CheckInRequest,
    CheckInResponse,
    DeviceState,
    Nudge,
)
from fleet.protocol.content import ContentError
from tests.fleet.admin.helpers import bearer as admin_bearer
from tests.fleet.admin.helpers import token_for
from tests.fleet.content.bundles import Publisher
from tests.fleet.web.conftest import WebClient, csrf_of
from tests.fleet.web.test_accessibility import check_page
from tests.fleet.web.test_visitor_pages import english_leaks
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer, enroll

pytestmark = pytest.mark.asyncio

NUDGE_WAIT = 10
TEXTS = {
    "text_fi": "Kirjasto sulkeutuu tänään kello 16.",
    "text_sv": "Biblioteket stänger i dag klockan 16.",
    "text_en": "The library closes today at 4 pm.",
}


class Kiosk:
    """A kiosk reduced to its check-ins: it remembers its config etag and what it installed."""

    def __init__(self, client: httpx.AsyncClient, device_id: int, token: str) -> None:
        self.client = client
        self.device_id = device_id
        self.token = token
        self.etag: str | None = None
        self.installed: str | None = None
        self.error: ContentError | None = None

    async def check_in(self) -> CheckInResponse:
        body = CheckInRequest(
            state=DeviceState.IDLE,
            app_version="1.0",
            config_etag=self.etag,
            content_manifest_id=self.installed,
            content_error=self.error,
        )
        reply = await self.client.post(
            f"{API_PREFIX}/checkin", content=body.model_dump_json(), headers=bearer(self.token)
        )
        assert reply.status_code == 200, reply.text
        answer = CheckInResponse.model_validate_json(reply.content)
        self.etag = answer.config_etag
        return answer


@pytest_asyncio.fixture
async def kiosks(
    client: httpx.AsyncClient, fleet_db: FleetDb, people: dict[Role, str]
) -> dict[str, Kiosk]:
    """Oodi and Kallio with one PC each (a second at Kallio), each checked in once."""
    found: dict[str, Kiosk] = {}
    for branch in ("oodi", "kallio"):
        fleet_db.create_branch(branch)
    for name, branch in (("oodi", "oodi"), ("kallio", "kallio"), ("kallio-2", "kallio")):
        enrolled = await enroll(client, fleet_db.enrollment_code(branch), hostname=name)
        kiosk = Kiosk(client, enrolled.device_id, enrolled.token)
        await kiosk.check_in()
        found[name] = kiosk
    return found


async def nudges_flowing(app: FastAPI) -> None:
    if app.state.nudge_listener is not None:
        await asyncio.wait_for(app.state.nudge_listener.listening.wait(), NUDGE_WAIT)


def form_values(page: str) -> dict[str, str]:
    """The announcement form's date fields as the page filled them in."""
    found = dict(re.findall(r'id="(starts_at|ends_at)" name="\w+" value="([^"]*)"', page))
    assert set(found) == {"starts_at", "ends_at"}, found
    return found


def textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea id="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, name
    return html.unescape(match.group(1))


# --- live announcements ------------------------------------------------------------------------


async def test_an_announcement_reaches_the_chosen_kiosks_and_withdrawing_removes_it(
    app: FastAPI, web: WebClient, kiosks: dict[str, Kiosk], fleet_db: FleetDb, clock: FakeClock
) -> None:
    await nudges_flowing(app)
    queues = {name: app.state.hub.subscribe(kiosk.device_id) for name, kiosk in kiosks.items()}
    async with web(Role.STAFF) as http:
        page = await http.get("/admin/announcements")
        assert page.status_code == 200
        check_page(page.text, "announcements")
        dates = form_values(page.text)
        # The defaults: now, in Helsinki time, for a day.
        assert dates["starts_at"] == "2026-11-23T11:00"
        assert dates["ends_at"] == "2026-11-24T11:00"
        published = await http.post(
            "/admin/announcements",
            data={
                "csrf_token": csrf_of(page.text),
                **TEXTS,
                "level": "urgent",
                **dates,
                "target": "some",
                "branches": "oodi",
                "action": "publish",
            },
        )
        assert published.status_code == 303, published.text
        assert published.headers["location"] == "/admin/announcements?done=published"

        nudge = await asyncio.wait_for(queues["oodi"].get(), NUDGE_WAIT)
        assert nudge == Nudge(reason="config")
        await asyncio.sleep(0.05)
        assert queues["kallio"].empty()  # not chosen: no nudge, no new config

        answer = await kiosks["oodi"].check_in()
        assert answer.config is not None
        [live] = answer.config.announcements
        assert live.level is AnnouncementLevel.URGENT
        assert (live.text.fi, live.text.sv, live.text.en) == tuple(TEXTS.values())
        assert live.starts_at == dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
        assert live.ends_at == dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
        assert (await kiosks["kallio"].check_in()).config is None

        listed = await http.get(published.headers["location"])
        assert "Tiedote on julkaistu" in listed.text
        assert f'data-announcement-id="{live.id}"' in listed.text
        assert f'id="withdraw-{live.id}"' in listed.text

        withdrawn = await http.post(
            f"/admin/announcements/{live.id}/withdraw", data={"csrf_token": csrf_of(page.text)}
        )
        assert withdrawn.status_code == 303
        nudge = await asyncio.wait_for(queues["oodi"].get(), NUDGE_WAIT)
        assert nudge == Nudge(reason="config")
        answer = await kiosks["oodi"].check_in()
        assert answer.config is not None
        assert answer.config.announcements == []
        after = await http.get(withdrawn.headers["location"])
        assert "Tiedote on poistettu" in after.text
        assert f'id="withdraw-{live.id}"' not in after.text  # ended: listed, no button
        assert "Poistanut oodi-staff" in after.text
    with fleet_db.session() as session:
        row = session.get(Announcement, live.id)
        assert row is not None
        assert row.withdrawn_by == "oodi-staff"


async def test_an_ended_announcement_leaves_the_config_at_the_next_recompute(
    web: WebClient, kiosks: dict[str, Kiosk], clock: FakeClock
) -> None:
    async with web(Role.ADMIN) as http:
        page = await http.get("/admin/announcements")
        for ends in ("2026-11-23T12:00", "2026-11-25T12:00"):
            reply = await http.post(
                "/admin/announcements",
                data={
                    "csrf_token": csrf_of(page.text),
                    **TEXTS,
                    "level": "info",
                    "starts_at": "2026-11-23T11:00",
                    "ends_at": ends,
                    "target": "all",
                    "action": "publish",
                },
            )
            assert reply.status_code == 303, reply.text
        answer = await kiosks["kallio"].check_in()
        assert answer.config is not None
        assert len(answer.config.announcements) == 2
    clock.advance(hours=2)  # the first one has ended: the kiosk hid it by its own clock
    async with web(Role.ADMIN) as http:  # signed in afresh: the last sign-in timed out
        page = await http.get("/admin/announcements")
        # Any later change recomputes the config; what has ended is left out.
        third = await http.post(
            "/admin/announcements",
            data={
                "csrf_token": csrf_of(page.text),
                **TEXTS,
                "level": "urgent",
                "starts_at": "2026-11-24T08:00",
                "ends_at": "2026-11-24T10:00",
                "target": "all",
                "action": "publish",
            },
        )
        assert third.status_code == 303, re.findall(r'field-error".*?</p>', third.text)
        answer = await kiosks["kallio"].check_in()
        assert answer.config is not None
        live = answer.config.announcements
        assert [item.level for item in live] == [AnnouncementLevel.URGENT, AnnouncementLevel.INFO]
        assert live[1].ends_at == dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
        listed = (await http.get("/admin/announcements")).text
        showing, coming, ended = (
            listed.split('id="current-heading"')[1].split('id="upcoming-heading"')[0],
            listed.split('id="upcoming-heading"')[1].split('id="past-heading"')[0],
            listed.split('id="past-heading"')[1],
        )
        assert showing.count("data-announcement-id") == 1
        assert coming.count("data-announcement-id") == 1
        assert ended.count("data-announcement-id") == 1


async def test_validation_errors_are_explained_and_nothing_typed_is_lost(
    web: WebClient, kiosks: dict[str, Kiosk], fleet_db: FleetDb
) -> None:
    long_text = "Pitkä teksti. " * 25  # 350 characters
    async with web(Role.STAFF) as http:
        await http.get("/admin/language", params={"lang": "en"})
        page = await http.get("/admin/announcements")
        csrf = csrf_of(page.text)
        refused = await http.post(
            "/admin/announcements",
            data={
                "csrf_token": csrf,
                "text_fi": TEXTS["text_fi"],
                "text_sv": "",
                "text_en": long_text,
                "level": "urgent",
                "starts_at": "2026-11-24T10:00",
                "ends_at": "2026-11-24T09:00",
                "target": "some",
                "action": "publish",
            },
        )
        assert refused.status_code == 422
        text = html.unescape(refused.text)
        assert "Write the text in this language too." in text
        assert "The text is too long: at most 280 characters." in text
        assert "The end must be after the start." in text
        assert "Choose at least one branch, or “All branches”." in text
        assert 'aria-invalid="true"' in refused.text
        assert 'href="#text_sv"' in refused.text  # the summary links to each field
        # Everything typed is still there.
        assert textarea(refused.text, "text_fi") == TEXTS["text_fi"]
        assert textarea(refused.text, "text_en") == long_text.strip()
        assert form_values(refused.text) == {
            "starts_at": "2026-11-24T10:00",
            "ends_at": "2026-11-24T09:00",
        }
        assert 'id="level-urgent" name="level" value="urgent" aria-describedby' in refused.text
        assert re.search(r'id="level-urgent"[^>]*checked', refused.text)
        assert re.search(r'id="target-some"[^>]*checked', refused.text)
        check_page(refused.text, "announcement errors")

        too_long = await http.post(
            "/admin/announcements",
            data={
                "csrf_token": csrf,
                **TEXTS,
                "level": "info",
                "starts_at": "2026-11-24T10:00",
                "ends_at": "2027-01-24T10:00",
                "target": "all",
                "action": "publish",
            },
        )
        assert too_long.status_code == 422
        assert "at most 30 days" in too_long.text

        # Preview: the kiosk's look in each language, nothing published.
        previewed = await http.post(
            "/admin/announcements",
            data={
                "csrf_token": csrf,
                **TEXTS,
                "level": "urgent",
                "starts_at": "2026-11-24T10:00",
                "ends_at": "2026-11-24T12:00",
                "target": "all",
                "action": "preview",
            },
        )
        assert previewed.status_code == 200
        preview = previewed.text.split('id="preview"')[1].split("</section>")[0]
        assert '<span class="kiosk-text" lang="sv" data-preview-text="sv"' in preview
        assert TEXTS["text_sv"] in preview
        assert 'class="kiosk-announcement urgent"' in preview
        for important in ("Tärkeää:", "Viktigt:", "Important:"):
            assert important in preview
        assert "Preview only: nothing is published yet." in html.unescape(previewed.text)
        assert textarea(previewed.text, "text_en") == TEXTS["text_en"]
    with fleet_db.session() as session:
        assert session.exec(select(Announcement)).all() == []


async def test_the_admin_api_publishes_and_withdraws_announcements(
    client: httpx.AsyncClient, kiosks: dict[str, Kiosk]
) -> None:
    staff = admin_bearer(await token_for(client, Role.STAFF))
    base = "/api/admin/v1/content/announcements"
    body = {
        "level": "info",
        "text": {"fi": "Hei", "sv": "Hej", "en": "Hello"},
        "ends_at": "2026-11-23T12:00:00+00:00",
        "branches": ["kallio"],
    }
    created = await client.post(base, json=body, headers=staff)
    assert created.status_code == 201, created.text
    out = created.json()
    assert out["branches"] == ["kallio"]
    assert out["starts_at"] == "2026-11-23T09:00:00Z"
    answer = await kiosks["kallio-2"].check_in()
    assert answer.config is not None
    assert [item.id for item in answer.config.announcements] == [out["id"]]

    wrong = await client.post(
        base,
        json={**body, "ends_at": "2026-11-23T08:00:00+00:00", "branches": ["nowhere"]},
        headers=staff,
    )
    assert wrong.status_code == 422
    assert wrong.json()["code"] == "announcement_end_before_start"
    assert {"field": "branches", "code": "branch_not_found"} in wrong.json()["details"]

    listed = (await client.get(base, headers=staff)).json()
    assert [item["id"] for item in listed["current"]] == [out["id"]]
    withdrawn = await client.post(f"{base}/{out['id']}/withdraw", headers=staff)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_at"] == "2026-11-23T09:00:00Z"
    listed = (await client.get(base, headers=staff)).json()
    assert (listed["current"], [item["id"] for item in listed["past"]]) == ([], [out["id"]])
    missing = await client.post(f"{base}/999/withdraw", headers=staff)
    assert (missing.status_code, missing.json()["code"]) == (404, "announcement_not_found")


#: Added to a slide for the second version: weekends in December at Kallio, 10 to 14.
SCHEDULE = """
schedule:
  from: 2026-12-01
  until: 2026-12-24
  weekdays: [sat, sun]
  times:
    - {from: "10:00", until: "14:00"}
branches: [kallio]
"""


# --- bundles -----------------------------------------------------------------------------------


def packed(out: Path) -> bytes:
    """The built folder as ``tar czf bundle.tar.gz -C OUT .`` makes it."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(out, arcname=".")
    return buffer.getvalue()


def bundle_source(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    shutil.copytree(BUNDLE_DIRECTORY, source, ignore=shutil.ignore_patterns("__*"))
    return source


async def upload(http: httpx.AsyncClient, csrf: str, data: bytes) -> httpx.Response:
    return await http.post(
        "/admin/content/upload",
        data={"csrf_token": csrf},
        files={"bundle": ("bundle.tar.gz", data, "application/gzip")},
    )


def figures(page: str) -> dict[str, str]:
    """The ``data-figure`` numbers, without spaces (``50 %`` is ``50%``)."""
    found = re.findall(r'data-figure="(\w+)">([^<]*)<', page)
    return {name: re.sub(r"\s", "", value) for name, value in found}


def spaced(text: str) -> str:
    """Babel's non-breaking and narrow spaces as plain ones."""
    return re.sub(r"[\u00a0\u202f]", " ", html.unescape(text))


async def test_upload_assign_roll_out_and_watch_it_converge(
    app: FastAPI,
    web: WebClient,
    kiosks: dict[str, Kiosk],
    fleet_db: FleetDb,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    publisher = Publisher.new()
    with fleet_db.session() as session:
        keys.add_key(session, publisher.public, "test")
    source = bundle_source(tmp_path)
    first = build(source, publisher.private, tmp_path / "out", now=clock())
    first_tar = packed(tmp_path / "out")
    slide = source / "slides" / "30-printing.yaml"
    slide.write_text(slide.read_text() + SCHEDULE)
    second = build(source, publisher.private, tmp_path / "out", version=2, now=clock())
    second_tar = packed(tmp_path / "out")
    v1, v2 = first.signed.manifest_id, second.signed.manifest_id

    async with web(Role.ADMIN) as http:
        await http.get("/admin/language", params={"lang": "en"})
        page = await http.get("/admin/content")
        assert page.status_code == 200
        csrf = csrf_of(page.text)
        assert "No version has been uploaded yet." in page.text

        uploaded = await upload(http, csrf, first_tar)
        assert uploaded.status_code == 303, uploaded.text
        assert uploaded.headers["location"].startswith("/admin/content?done=uploaded&version=")
        shown = await http.get(uploaded.headers["location"])
        assert "The bundle is uploaded: helsinki-libraries@1." in shown.text
        again = await upload(http, csrf, first_tar)
        assert again.headers["location"].startswith("/admin/content?done=already")
        assert (await upload(http, csrf, second_tar)).status_code == 303
        listing = (await http.get("/admin/content")).text
        assert listing.index("helsinki-libraries@2") < listing.index("helsinki-libraries@1")
        assert "Against version 1: 0 added, 1 changed, 0 removed." in listing
        assert "slides/30-printing.yaml" in listing
        version_ids = [int(v) for v in re.findall(r'data-version-id="(\d+)"', listing)]
        v2_id, v1_id = version_ids

        # Straight to all branches.
        assigned = await http.post(
            "/admin/content/assign", data={"csrf_token": csrf, "version_id": v1_id, "scope": "all"}
        )
        assert assigned.status_code == 303
        for kiosk in kiosks.values():
            assert (await kiosk.check_in()).content_manifest_id == v1
            kiosk.installed = v1

        # The new version on the pilot branch first.
        started = await http.post(
            "/admin/content/rollouts",
            data={"csrf_token": csrf, "version_id": v2_id, "pilot_branch": "kallio"},
        )
        assert started.status_code == 303, started.text
        busy = await http.post(
            "/admin/content/rollouts",
            data={"csrf_token": csrf, "version_id": v2_id, "pilot_branch": "oodi"},
        )
        assert busy.status_code == 409
        assert "A roll-out is still in its pilot." in busy.text
        assert (await kiosks["oodi"].check_in()).content_manifest_id == v1
        assert (await kiosks["kallio"].check_in()).content_manifest_id == v2
        fragment = (await http.get("/admin/content/fragment")).text
        assert figures(fragment)["confirmed"] == "0"
        assert figures(fragment)["targeted"] == "2"
        assert 'data-stage="pilot"' in fragment

        clock.advance(seconds=90)
        kiosks["kallio"].installed = v2
        kiosks["kallio-2"].error = ContentError.FORGED
        for name in ("kallio", "kallio-2"):
            await kiosks[name].check_in()
        await app.state.checkins.flush()
        fragment = (await http.get("/admin/content/fragment")).text
        got = figures(fragment)
        assert (got["confirmed"], got["targeted"], got["share"]) == ("1", "2", "50%")
        assert got["time_to_95"] == "Notyet"
        assert 'value="1"' in fragment  # the bar
        assert 'data-error="forged"' in fragment
        assert "kallio-2</a>" in fragment  # which PC failed, linked
        assert "helsinki-libraries@2: 1 of 2 PCs have it (50 %)." in spaced(fragment)

        kiosks["kallio-2"].error = None
        kiosks["kallio-2"].installed = v2
        clock.advance(seconds=30)
        await kiosks["kallio-2"].check_in()
        await app.state.checkins.flush()
        got = figures((await http.get("/admin/content/fragment")).text)
        assert (got["confirmed"], got["share"], got["time_to_95"]) == ("2", "100%", "2mins")

        promoted = await http.post("/admin/content/rollouts/1/promote", data={"csrf_token": csrf})
        assert promoted.status_code == 303
        assert (await kiosks["oodi"].check_in()).content_manifest_id == v2
        again_promoted = await http.post(
            "/admin/content/rollouts/1/promote", data={"csrf_token": csrf}
        )
        assert again_promoted.status_code == 409
        assert "This roll-out is not in its pilot any more." in again_promoted.text

        rolled_back = await http.post(
            "/admin/content/rollouts/1/rollback", data={"csrf_token": csrf}
        )
        assert rolled_back.status_code == 303
        for kiosk in kiosks.values():
            assert (await kiosk.check_in()).content_manifest_id == v1
        fragment = (await http.get("/admin/content/fragment")).text
        assert 'data-stage="rolled_back"' in fragment
        assert 'id="promote-button"' not in fragment

        # One version: its files, and its slides' schedules in words, with how to change them.
        version = await http.get(f"/admin/content/versions/{v2_id}")
        assert version.status_code == 200
        check_page(version.text, "content version")
        printing = version.text.split('data-slide="30-printing"')[1].split("</article>")[0]
        assert "1 Dec 2026 – 24 Dec 2026" in printing
        assert "Saturday, Sunday" in printing
        assert "10:00–14:00" in printing
        assert 'data-schedule="branches">kallio en<' in printing
        support = version.text.split('data-slide="10-digital-support"')[1].split("</article>")[0]
        assert "Monday–Friday" in support
        assert "All day" in support
        assert "content build SOURCE --key KEY --out OUT" in version.text
        assert 'data-bundle-announcement="example-maintenance"' in version.text
        assert "slides/10-digital-support.yaml" in version.text
    async with web(Role.STAFF) as http:  # staff may look, not publish
        overview = await http.get("/admin/content")
        assert overview.status_code == 200
        assert 'data-version-id="' in overview.text
        for control in ("upload-button", "start-button", "rollback-button", "add-key-button"):
            assert f'id="{control}"' not in overview.text
        assert (await http.get(f"/admin/content/versions/{v1_id}")).status_code == 200
    with fleet_db.session() as session:
        entries = sorted(list_audit(session, limit=100), key=lambda entry: entry.id or 0)
        assert [entry.action for entry in entries if entry.action.startswith("content.")] == [
            "content.publish",
            "content.publish",
            "content.assign",
            "content.rollout.start",
            "content.rollout.promote",
            "content.rollout.roll_back",
        ]


async def test_each_upload_refusal_is_explained(
    app: FastAPI, web: WebClient, fleet_db: FleetDb, clock: FakeClock, tmp_path: Path
) -> None:
    fleet_db.create_branch("oodi")
    trusted, stranger = Publisher.new(), Publisher.new()
    with fleet_db.session() as session:
        keys.add_key(session, trusted.public, "test")
    source = bundle_source(tmp_path)
    build(source, trusted.private, tmp_path / "good", now=clock())
    good = packed(tmp_path / "good")
    build(source, stranger.private, tmp_path / "stranger", now=clock())
    build(source, trusted.private, tmp_path / "old", now=clock() - dt.timedelta(days=100))
    manifest = json.loads((tmp_path / "good" / "manifest.json").read_text())
    manifest["manifest"]["version"] = 7
    forged = tmp_path / "forged"
    shutil.copytree(tmp_path / "good", forged)
    (forged / "manifest.json").write_text(json.dumps(manifest))
    (source / "bundle.yaml").write_text(
        (source / "bundle.yaml").read_text().replace("expires_in_days: 90", "expires_in_days: 60")
    )
    build(source, trusted.private, tmp_path / "other", now=clock())
    build(source, trusted.private, tmp_path / "newer", version=5, now=clock())
    no_blobs = tmp_path / "no-blobs"  # the manifest of version 5 alone: a changed file is missing
    no_blobs.mkdir()
    shutil.copy(tmp_path / "newer" / "manifest.json", no_blobs)
    cases = {
        "forged": (packed(forged), 422, "the bundle was changed after it was signed"),
        "unknown key": (packed(tmp_path / "stranger"), 422, "a key the fleet does not trust"),
        "expired": (packed(tmp_path / "old"), 422, "The bundle has expired."),
        "blobs missing": (packed(no_blobs), 409, "Some of the bundle's files are not in"),
        "not a tar": (b"no tar here", 422, "The file is not a usable bundle archive."),
        "too large": (b"\0" * (1024 * 1024 + 1), 413, "larger than the fleet accepts"),
        "version exists": (
            packed(tmp_path / "other"),
            409,
            "This version of the bundle was uploaded before with other contents.",
        ),
    }
    app.state.settings = app.state.settings.model_copy(update={"max_content_bytes": 1024 * 1024})
    async with web(Role.ADMIN) as http:
        await http.get("/admin/language", params={"lang": "en"})
        csrf = csrf_of((await http.get("/admin/content")).text)
        assert (await upload(http, csrf, good)).status_code == 303
        for name, (data, status, words) in cases.items():
            reply = await upload(http, csrf, data)
            assert reply.status_code == status, (name, reply.text[:300])
            assert words in html.unescape(reply.text), name
            assert 'id="bundle-error"' in reply.text, name
        empty = await http.post("/admin/content/upload", data={"csrf_token": csrf})
        assert empty.status_code == 422
        assert "Choose the bundle file" in empty.text
        listing = (await http.get("/admin/content")).text
        assert listing.count('data-version-id="') == 1  # nothing refused was kept

        # Keys: trust one by pasting KEY.pub, refuse nonsense, retire for good.
        extra = Publisher.new()
        added = await http.post(
            "/admin/content/keys",
            data={"csrf_token": csrf, "public_key": extra.public.model_dump_json()},
        )
        assert added.status_code == 303
        assert f'data-key-id="{extra.public.key_id}"' in (await http.get("/admin/content")).text
        nonsense = await http.post(
            "/admin/content/keys", data={"csrf_token": csrf, "public_key": "ssh-ed25519 AAAA"}
        )
        assert nonsense.status_code == 422
        assert "Paste the whole KEY.pub file" in nonsense.text
        assert "ssh-ed25519 AAAA" in nonsense.text  # kept in the field
        retired = await http.post(
            f"/admin/content/keys/{extra.public.key_id}/retire", data={"csrf_token": csrf}
        )
        assert retired.status_code == 303
        page = (await http.get(retired.headers["location"])).text
        assert "The key is retired." in page
        assert f'id="retire-{extra.public.key_id}"' not in page
        back = await http.post(
            "/admin/content/keys",
            data={"csrf_token": csrf, "public_key": extra.public.model_dump_json()},
        )
        assert back.status_code == 409
        assert "never trusted again" in back.text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("language", ["fi", "sv"])
async def test_content_pages_speak_the_readers_language(
    web: WebClient,
    kiosks: dict[str, Kiosk],
    fleet_db: FleetDb,
    clock: FakeClock,
    tmp_path: Path,
    language: str,
) -> None:
    publisher = Publisher.new()
    with fleet_db.session() as session:
        keys.add_key(session, publisher.public, "test")
    build(bundle_source(tmp_path), publisher.private, tmp_path / "out", now=clock())
    async with web(Role.ADMIN) as http:
        await http.get("/admin/language", params={"lang": language})
        csrf = csrf_of((await http.get("/admin/content")).text)
        await upload(http, csrf, packed(tmp_path / "out"))
        await http.post(
            "/admin/content/rollouts",
            data={"csrf_token": csrf, "version_id": "1", "pilot_branch": "kallio"},
        )
        page = await http.get("/admin/announcements")
        await http.post(
            "/admin/announcements",
            data={"csrf_token": csrf, **TEXTS, **form_values(page.text), "action": "publish"},
        )
        pages = {
            "announcements": await http.get("/admin/announcements"),
            "announcement errors": await http.post(
                "/admin/announcements", data={"csrf_token": csrf, "action": "publish"}
            ),
            "content": await http.get("/admin/content"),
            "content errors": await http.post("/admin/content/upload", data={"csrf_token": csrf}),
            "content fragment": await http.get("/admin/content/fragment"),
            "version": await http.get("/admin/content/versions/1"),
        }
    for name, reply in pages.items():
        assert reply.status_code in (200, 422), (name, reply.status_code)
        # The kiosk's texts and the bundle's own texts are content, not the UI's words.
        ui = re.sub(r'<(p|span|strong)[^>]* lang="(fi|sv|en)"[^>]*>.*?</\1>', "", reply.text)
        assert english_leaks(ui, language) == [], name
        if name != "content fragment":
            assert f'<html lang="{language}">' in reply.text, name
            check_page(reply.text, name)
