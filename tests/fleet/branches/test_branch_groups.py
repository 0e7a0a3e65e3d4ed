"""Branch groups in the database: membership writes, the audit trail, and the migration that
adds them to a fleet that already has branches, PCs and hours (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import text

from fleet.branches import groups
from fleet.branches import service as branches
from fleet.branches.schemas import BranchGroupPut, GroupName
from fleet.content.targets import branch_groups, target_of
from fleet.db import alembic_config
from fleet.errors import FleetError
from fleet.ops.audit import list_audit
from fleet.protocol import HoursException
from tests.support.fleetdb import FleetDb

EAST = GroupName(fi="Itä", sv="Öster", en="East")


def test_precedence_is_branch_then_group_then_all() -> None:
    assigned = {"all": "A", "group:east": "G", "kallio": "K"}
    assert target_of(assigned, "kallio", "east") == "K"
    assert target_of(assigned, "oodi", "east") == "G"
    assert target_of(assigned, "oodi", "west") == "A"
    assert target_of(assigned, "oodi", None) == "A"
    assert target_of({"group:east": "G"}, "oodi", None) is None


def test_a_branch_is_in_one_group_at_most(fleet_db: FleetDb) -> None:
    for branch_id in ("oodi", "kallio", "pasila"):
        fleet_db.create_branch(branch_id)
    with fleet_db.session() as session:
        _, created = groups.put_group(
            session, "east", BranchGroupPut(name=EAST, branches=["oodi", "kallio"]), "it"
        )
        assert created
        west = GroupName(fi="Länsi", sv="Väster", en="West")
        groups.put_group(session, "west", BranchGroupPut(name=west, branches=["kallio"]), "it")
    with fleet_db.session() as session:
        # Kallio moved: it is in west only.
        assert groups.group_members(session) == {"east": ["oodi"], "west": ["kallio"]}
        assert branch_groups(session) == {"kallio": "west", "oodi": "east"}
        groups.set_branch_group(session, "pasila", "east", "it")
        groups.set_branch_group(session, "oodi", None, "it")
        with pytest.raises(FleetError) as unknown:
            groups.set_branch_group(session, "oodi", "north", "it")
        assert (unknown.value.code, unknown.value.status) == ("branch_group_not_found", 404)
    with fleet_db.session() as session:
        assert groups.members_of(session, "east") == ["pasila"]
        assert groups.delete_group(session, "east", "it") == ["pasila"]
    with fleet_db.session() as session:
        assert branches.get_branch(session, "pasila").group_id is None
        assert [group.id for group in groups.list_groups(session)] == ["west"]
        entries = list_audit(session, limit=50)
        actions = [(entry.action, entry.target_id) for entry in entries]
    for expected in [
        ("branch_group.create", "east"),
        ("branch_group.create", "west"),
        ("branch.group", "pasila"),
        ("branch.group", "oodi"),
        ("branch_group.delete", "east"),
    ]:
        assert expected in actions


def test_the_migration_adds_groups_to_a_fleet_in_use(fleet_db: FleetDb) -> None:
    # A fleet at the previous revision, with a branch that other rows point at.
    config = alembic_config(fleet_db.url)
    command.downgrade(config, "0009_announcements")
    with fleet_db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO branch (id, name_fi, name_sv, name_en, address, timezone, "
                "weekly_hours, created_at, updated_at) VALUES ('oodi', 'Oodi', 'Ode', 'Oodi', "
                "'', 'Europe/Helsinki', '[]', :now, :now)"
            ),
            {"now": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)},
        )
        connection.execute(
            text(
                "INSERT INTO branch_hours_exception (branch_id, date, note_fi, note_sv, note_en) "
                "VALUES ('oodi', :day, '', '', '')"
            ),
            {"day": dt.date(2026, 12, 24)},
        )
    command.upgrade(config, "head")
    command.check(config)  # the schema matches the models again
    code = fleet_db.enrollment_code("oodi")  # a code points at the branch too
    with fleet_db.session() as session:
        branches.add_hours_exception(
            session, "oodi", HoursException(date=dt.date(2026, 12, 25)), "it"
        )
        groups.put_group(session, "east", BranchGroupPut(name=EAST, branches=["oodi"]), "it")
    # And back: the branch, and what points at it, survive the downgrade too.
    command.downgrade(config, "0009_announcements")
    with fleet_db.engine.connect() as connection:
        assert connection.execute(text("SELECT id FROM branch")).scalars().all() == ["oodi"]
        exceptions = connection.execute(text("SELECT count(*) FROM branch_hours_exception"))
        assert exceptions.scalar() == 2
        codes = connection.execute(text("SELECT count(*) FROM enrollment_code"))
        assert code
        assert codes.scalar() == 1
    command.upgrade(config, "head")
    with fleet_db.session() as session:
        assert branches.get_branch(session, "oodi").group_id is None
