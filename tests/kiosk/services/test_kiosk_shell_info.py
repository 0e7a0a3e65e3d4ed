"""KioskShell publishes the info screen: IT's urgent announcement arrives with a check-in and
ends by itself; a newly installed bundle's slides replace the shipped ones (loopback HTTP)."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from content.build import build
from content.default import BUNDLE_DIRECTORY
from content.manifest import new_signing_key
from fleet.protocol import (
    AnnouncementLevel,
    CheckInResponse,
    DayHours,
    LiveAnnouncement,
    LocalizedText,
    OpeningHours,
)
from kiosk.services.kiosk_shell import KioskShell, ShellTimings
from kiosk.services.shell import ShellMode
from kiosk.services.state import Credential, StateDir
from tests.kiosk.services.content_server import NOW, TOKEN, ContentServer, config_with
from tests.kiosk.services.shell_rig import eventually
from tests.support.clock import FakeClock

pytestmark = pytest.mark.asyncio

FAST = ShellTimings(
    initial_backoff=0.2,
    max_backoff=1.0,
    upload_debounce=0.1,
    credential_poll=0.2,
    content_retry=0.2,
    content_retry_max=0.5,
    clock_period=0.05,
)
#: NOW is Monday 23 November 2026, 11:00 in Helsinki.
HOURS = OpeningHours(weekly=[DayHours(opens=dt.time(9), closes=dt.time(20))] * 7)
WATER_LEAK = LiveAnnouncement(
    id=41,
    level=AnnouncementLevel.URGENT,
    text=LocalizedText(
        fi="Kolmas kerros on suljettu vesivahingon vuoksi.",
        sv="Tredje våningen är stängd på grund av en vattenläcka.",
        en="The third floor is closed because of a water leak.",
    ),
    starts_at=NOW - dt.timedelta(minutes=5),
    ends_at=NOW + dt.timedelta(minutes=30),
)


@asynccontextmanager
async def running(
    state_dir: Path, server: ContentServer, clock: FakeClock
) -> AsyncIterator[KioskShell]:
    StateDir(state_dir).save_credential(
        Credential(
            server_url=server.url,
            token=TOKEN,
            device_id=1,
            device_name="oodi-01",
            branch_id="oodi",
            enrolled_at=NOW,
        )
    )
    shell = KioskShell.open(state_dir, timings=FAST, clock=clock)
    stop = asyncio.Event()
    task = asyncio.create_task(shell.run(stop))
    try:
        yield shell
    finally:
        stop.set()
        await task
        shell.close()


def urgent_ids(shell: KioskShell) -> list[str]:
    info = shell.view.info
    return [a.id for a in info.urgent] if info is not None else []


async def test_an_urgent_announcement_arrives_with_the_config_and_ends_by_itself(
    tmp_path: Path,
) -> None:
    clock = FakeClock(NOW)
    config = config_with([]).model_copy(update={"opening_hours": HOURS})
    with ContentServer(tmp_path / "fleet") as server:
        server.checkin_reply = CheckInResponse(config_etag="e1", config=config)
        async with running(tmp_path / "kiosk", server, clock) as shell:
            # Idle with the branch's hours and the shipped slides (nothing installed yet).
            await eventually(
                lambda: shell.view.info is not None and len(shell.view.info.slides) == 5,
                10,
                "the shipped slides",
            )
            info = shell.view.info
            assert info is not None
            assert shell.view.mode is ShellMode.IDLE
            assert info.open_now is True
            assert info.closes_at == dt.datetime(2026, 11, 23, 20)
            assert next(day.day for day in info.week) == dt.date(2026, 11, 23)
            assert info.announcements == ()

            # IT publishes: the next check-in (a nudge makes it seconds) brings it.
            server.checkin_reply = CheckInResponse(
                config_etag="e2",
                config=config.model_copy(update={"announcements": [WATER_LEAK]}),
            )
            await shell.checkin_now()
            assert urgent_ids(shell) == ["live-41"]

            # Half an hour later it has gone, with no check-in and nobody touching the PC.
            clock.advance(minutes=30)
            await eventually(lambda: urgent_ids(shell) == [], 5, "the announcement to end")


async def test_an_installed_bundle_replaces_the_shipped_slides(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(BUNDLE_DIRECTORY, source)
    # A changed guide too: the guide viewer reads the installed bundle's guides.
    scams = source / "guides" / "scams.en.md"
    scams.write_text(
        scams.read_text(encoding="utf-8").replace("title: ", "title: Updated - ", 1),
        encoding="utf-8",
    )
    (source / "slides" / "60-open-day.yaml").write_text(
        "id: 60-open-day\n"
        "text:\n"
        "  fi: {title: Avoimet ovet, body: Tervetuloa tutustumaan.}\n"
        "  sv: {title: Öppet hus, body: Välkommen att bekanta dig.}\n"
        "  en: {title: Open day, body: Welcome to have a look.}\n",
        encoding="utf-8",
    )
    key, private = new_signing_key()
    built = build(source, private, tmp_path / "fleet", version=2, now=NOW - dt.timedelta(hours=1))
    clock = FakeClock(NOW)
    with ContentServer(tmp_path / "fleet") as server:
        server.checkin_reply = CheckInResponse(
            config_etag="e1",
            config=config_with([key]).model_copy(update={"opening_hours": HOURS}),
            content_manifest_id=built.signed.manifest_id,
        )
        async with running(tmp_path / "kiosk", server, clock) as shell:
            await eventually(
                lambda: shell.content.store.installed_id() == built.signed.manifest_id,
                20,
                "the bundle to install",
            )
            await eventually(
                lambda: shell.view.info is not None and len(shell.view.info.slides) == 6,
                10,
                "the new slides",
            )
            info = shell.view.info
            assert info is not None
            assert info.slides[-1].title.sv == "Öppet hus"
            picture = info.slides[0].image
            assert picture is not None
            assert picture.is_file()
            assert picture.is_relative_to(tmp_path / "kiosk")
            guide = shell.guides().get("scams", "en")
            assert guide is not None
            assert guide.title.startswith("Updated - ")
