"""The demo data's power schedule: the central branches' PCs switch off at night; the demo's
own kiosk, at the library open around the clock, never does."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from fleet.branches.models import Branch, Profile
from fleet.branches.service import branch_name, opening_hours, profile_policy
from fleet.demo import load_demo_data
from fleet.protocol import DeviceConfig
from kiosk.services.power import next_shutdown, next_wake
from tests.support.fleetdb import FleetDb

HELSINKI = ZoneInfo("Europe/Helsinki")
MONDAY_NOON = dt.datetime(2026, 11, 23, 12, 0, tzinfo=HELSINKI)


def config_of(fleet_db: FleetDb, branch_id: str) -> DeviceConfig:
    with fleet_db.session() as session:
        load_demo_data(session, MONDAY_NOON.date())
        session.commit()
        branch = session.get(Branch, branch_id)
        assert branch is not None
        profile = session.get(Profile, branch.profile_id)
        return DeviceConfig(
            device_id=1,
            device_name="kiosk-1",
            branch_id=branch.id,
            branch_name=branch_name(branch),
            timezone=branch.timezone,
            opening_hours=opening_hours(session, branch),
            policy=profile_policy(profile),
        )


def test_oodi_switches_off_after_closing_and_wakes_before_opening(fleet_db: FleetDb) -> None:
    config = config_of(fleet_db, "oodi")
    assert config.policy.power is not None
    # Oodi is open 8-22 on weekdays: off at 22.15, on again at 7.30.
    off = next_shutdown(config, MONDAY_NOON)
    assert off == dt.datetime(2026, 11, 23, 22, 15, tzinfo=HELSINKI)
    wake = next_wake(config, off)
    assert wake == dt.datetime(2026, 11, 24, 7, 30, tzinfo=HELSINKI)


def test_the_demo_library_never_switches_off(fleet_db: FleetDb) -> None:
    config = config_of(fleet_db, "demo")
    assert config.policy.power is not None  # the same profile ...
    assert next_shutdown(config, MONDAY_NOON) is None  # ... but it never closes
