"""Branches, opening hours, profiles and the effective device config."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from fleet.branches import service as branches
from fleet.branches.schemas import BranchCreate, BranchUpdate, ProfileCreate
from fleet.devices import service as devices
from fleet.errors import FleetError
from fleet.ops.audit import list_audit
from fleet.protocol import DayHours, HoursException, LocalizedText, Policy
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import check_in, enroll

NAME = LocalizedText(fi="Kallion kirjasto", sv="Berghälls bibliotek", en="Kallio Library")


def test_branch_create_update_and_hours(fleet_db: FleetDb) -> None:
    with fleet_db.session() as session:
        branches.create_branch(session, BranchCreate(id="kallio", name=NAME), "it")
    with fleet_db.session() as session:
        branch = branches.get_branch(session, "kallio")
        # A new branch is closed every day until IT sets hours.
        assert all(day.closed for day in branches.opening_hours(session, branch).weekly)
        week = [DayHours(opens=dt.time(9), closes=dt.time(20))] * 6 + [DayHours()]
        branches.set_weekly_hours(session, "kallio", week, "it")
        branches.update_branch(session, "kallio", BranchUpdate(address="Viides linja 11"), "it")
        holiday = HoursException(
            date=dt.date(2026, 12, 24),
            opens=dt.time(9),
            closes=dt.time(12),
            note=LocalizedText(fi="Jouluaatto", sv="Julafton", en="Christmas Eve"),
        )
        branches.add_hours_exception(session, "kallio", holiday, "it")
        # Setting the same date again replaces it rather than adding a second one.
        branches.add_hours_exception(
            session, "kallio", holiday.model_copy(update={"closes": dt.time(13)}), "it"
        )
    with fleet_db.session() as session:
        branch = branches.get_branch(session, "kallio")
        hours = branches.opening_hours(session, branch)
        assert branch.address == "Viides linja 11"
        assert hours.on(dt.date(2026, 12, 23)) == week[2]  # a Wednesday
        christmas_eve = hours.on(dt.date(2026, 12, 24))
        assert (christmas_eve.opens, christmas_eve.closes) == (dt.time(9), dt.time(13))
        assert len(hours.exceptions) == 1
        branches.remove_hours_exception(session, "kallio", dt.date(2026, 12, 24), "it")
    with fleet_db.session() as session:
        branch = branches.get_branch(session, "kallio")
        assert branches.opening_hours(session, branch).exceptions == []
        actions = {entry.action for entry in list_audit(session, target_type="branch")}
    assert {"branch.create", "branch.hours", "branch.update"} <= actions


def test_bad_branch_writes_are_refused(fleet_db: FleetDb) -> None:
    fleet_db.create_branch("oodi")
    with fleet_db.session() as session, pytest.raises(FleetError) as exists:
        branches.create_branch(session, BranchCreate(id="oodi", name=NAME), "it")
    assert (exists.value.code, exists.value.status) == ("branch_exists", 409)
    bad_day = DayHours(opens=dt.time(20), closes=dt.time(9))
    with fleet_db.session() as session, pytest.raises(FleetError) as backwards:
        branches.set_weekly_hours(session, "oodi", [bad_day] * 7, "it")
    assert backwards.value.code == "invalid_hours"
    with fleet_db.session() as session, pytest.raises(FleetError) as missing:
        branches.get_branch(session, "nowhere")
    assert (missing.value.code, missing.value.status) == ("branch_not_found", 404)
    with pytest.raises(ValueError, match="time zone"):
        BranchCreate(id="x1", name=NAME, timezone="Europe/Atlantis")


def test_profiles_unique_names_and_assignment(fleet_db: FleetDb) -> None:
    fleet_db.create_branch("oodi")
    with fleet_db.session() as session:
        quick = branches.create_profile(
            session, ProfileCreate(name="Quick", policy=Policy(session_minutes=15)), "it"
        )
        with pytest.raises(FleetError) as duplicate:
            branches.create_profile(session, ProfileCreate(name="Quick"), "it")
        assert duplicate.value.code == "profile_exists"
        assert quick.id is not None
        branches.assign_profile(session, "oodi", quick.id, "it")
        with pytest.raises(FleetError):
            branches.assign_profile(session, "oodi", 9999, "it")
    with fleet_db.session() as session:
        assert branches.get_branch(session, "oodi").profile_id == quick.id
        assert [p.name for p in branches.list_profiles(session)] == ["Quick"]


@pytest.mark.asyncio
async def test_effective_config_and_etags_follow_every_write(
    client: httpx.AsyncClient, fleet_db: FleetDb
) -> None:
    fleet_db.create_branch("oodi", policy=Policy(session_minutes=60))
    fleet_db.create_branch("kallio")
    at_oodi = await enroll(client, fleet_db.enrollment_code("oodi"))
    at_kallio = await enroll(client, fleet_db.enrollment_code("kallio"))
    oodi_etag = (await check_in(client, at_oodi.token)).config_etag
    kallio_etag = (await check_in(client, at_kallio.token)).config_etag
    with fleet_db.session() as session:
        branches.update_branch(session, "oodi", BranchUpdate(name=NAME), "it")
    changed = await check_in(client, at_oodi.token, etag=oodi_etag)
    assert changed.config is not None
    assert changed.config.branch_name == NAME
    assert changed.config.policy.session_minutes == 60
    # The other branch's kiosk is untouched.
    assert (await check_in(client, at_kallio.token, etag=kallio_etag)).config is None
    with fleet_db.session() as session, pytest.raises(FleetError) as invalid:
        branches.set_device_overrides(session, at_oodi.device_id, {"session_minutes": 1}, "it")
    assert (invalid.value.code, invalid.value.status) == ("invalid_policy", 422)
    with fleet_db.session() as session:
        device = devices.get_device(session, at_oodi.device_id)
    assert device.config_etag == changed.config_etag
