"""Adviser profiles, availability rules and days away: what is accepted and what is refused."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pydantic import ValidationError

from fleet.auth.models import Role, User
from fleet.errors import FleetError
from fleet.protocol.support import SupportTopic
from fleet.support import advisers
from fleet.support.advisers import AdviserCreate, AdviserUpdate, ExceptionIn, RuleIn
from tests.fleet.support.booking_world import add_adviser, add_rule
from tests.support.fleetdb import FleetDb

TUESDAY = dt.date(2026, 11, 24)


def refused(code: str) -> pytest.RaisesExc[FleetError]:
    """Expect a ``FleetError`` with this ``code``."""
    return pytest.raises(FleetError, check=lambda error: error.code == code)


def new_user(fleet_db: FleetDb, username: str, role: Role) -> int:
    with fleet_db.session() as session:
        user = User(username=username, password_hash="!", role=role.value)
        session.add(user)
        session.flush()
        assert user.id is not None
        return user.id


def profile_data(**fields: object) -> AdviserCreate:
    values: dict[str, object] = {
        "display_name": " Aino ",
        "branches": ["oodi", "oodi"],
        "topics": [SupportTopic.EMAIL],
        "languages": ["fi", "sv", "fi"],
    }
    values.update(fields)
    return AdviserCreate.model_validate(values)


def test_only_advisers_get_a_profile_and_only_one(fleet_db: FleetDb) -> None:
    fleet_db.create_branch("oodi")
    staff = new_user(fleet_db, "staff", Role.STAFF)
    adviser = new_user(fleet_db, "aino", Role.ADVISER)
    with fleet_db.session() as session:
        with refused("not_an_adviser"):
            advisers.create_profile(session, staff, profile_data(), "it")
        with refused("user_not_found"):
            advisers.create_profile(session, 999, profile_data(), "it")
        with refused("branch_not_found"):
            advisers.create_profile(session, adviser, profile_data(branches=["nowhere"]), "it")
        profile = advisers.create_profile(session, adviser, profile_data(), "it")
        assert profile.display_name == "Aino"
        assert profile.branches == ["oodi"]
        assert profile.languages == ["fi", "sv"]
        assert re.fullmatch(r"[A-Za-z0-9_-]{16}", profile.public_key)
        assert advisers.profile_by_key(session, profile.public_key) is profile
    with fleet_db.session() as session, refused("adviser_exists"):
        advisers.create_profile(session, adviser, profile_data(), "it")
    with pytest.raises(ValidationError):
        profile_data(languages=["de"])
    with pytest.raises(ValidationError):
        profile_data(topics=[])


def test_rules_are_checked_for_sense() -> None:
    bad: list[dict[str, object]] = [
        {"starts": dt.time(12), "ends": dt.time(10)},
        {"starts": dt.time(10), "ends": dt.time(10, 30)},  # a 45-minute slot does not fit
        {"starts": dt.time(10, 0, 30), "ends": dt.time(12)},
        {"weekday": 7},
        {"capacity": 0},
        {"slot_minutes": 5},
        {"valid_from": TUESDAY, "valid_until": TUESDAY - dt.timedelta(days=1)},
    ]
    for fields in bad:
        values: dict[str, object] = {
            "branch_id": "oodi",
            "weekday": 1,
            "starts": dt.time(10),
            "ends": dt.time(12),
        }
        values.update(fields)
        with pytest.raises(ValidationError):
            RuleIn.model_validate(values)


def test_an_advisers_rules_do_not_overlap_and_stay_at_their_branches(fleet_db: FleetDb) -> None:
    fleet_db.create_branch("oodi")
    fleet_db.create_branch("kallio")
    aino = add_adviser(fleet_db, branches=("oodi", "kallio"))
    this_year = dt.date(2026, 12, 31)
    first = add_rule(fleet_db, aino.user_id, valid_until=this_year)  # Tuesdays 10-12 at Oodi
    with pytest.raises(FleetError, check=lambda error: error.code == "rule_overlaps"):
        add_rule(fleet_db, aino.user_id, branch_id="kallio", starts=dt.time(11), ends=dt.time(13))
    # Back to back, another weekday, or another period: fine.
    add_rule(fleet_db, aino.user_id, branch_id="kallio", starts=dt.time(12), ends=dt.time(14))
    add_rule(fleet_db, aino.user_id, weekday=2)
    add_rule(fleet_db, aino.user_id, valid_from=dt.date(2027, 1, 1))
    with pytest.raises(FleetError, check=lambda error: error.code == "rule_overlaps"):
        add_rule(fleet_db, aino.user_id, starts=dt.time(9), ends=dt.time(11))
    with fleet_db.session() as session:
        # A rule may be replaced by an overlapping version of itself.
        data = RuleIn(
            branch_id="oodi", weekday=1, starts=dt.time(9), ends=dt.time(11), valid_until=this_year
        )
        assert first.id is not None
        replaced = advisers.replace_rule(session, aino.user_id, first.id, data, "it")
        assert replaced.starts == dt.time(9)
        assert len(advisers.list_rules(session, aino.user_id)) == 4
        with refused("branch_not_served"):
            advisers.add_rule(
                session,
                aino.user_id,
                RuleIn(branch_id="nowhere", weekday=4, starts=dt.time(9), ends=dt.time(11)),
                "it",
            )
        with refused("branch_has_rules"):
            advisers.update_profile(session, aino.user_id, AdviserUpdate(branches=["oodi"]), "it")
        updated = advisers.update_profile(
            session, aino.user_id, AdviserUpdate(active=False, place="Kallio, 1st floor"), "it"
        )
        assert (updated.active, updated.place) == (False, "Kallio, 1st floor")
        advisers.remove_rule(session, aino.user_id, first.id, "it")
        with refused("availability_rule_not_found"):
            advisers.remove_rule(session, aino.user_id, first.id, "it")


def test_days_away_are_set_once_per_date(fleet_db: FleetDb) -> None:
    fleet_db.create_branch("oodi")
    aino = add_adviser(fleet_db)
    with fleet_db.session() as session:
        advisers.set_exception(session, aino.user_id, ExceptionIn(date=TUESDAY), "it")
        advisers.set_exception(
            session, aino.user_id, ExceptionIn(date=TUESDAY, note="training"), "it"
        )
        days = advisers.list_exceptions(session, aino.user_id)
        assert [(day.date, day.note) for day in days] == [(TUESDAY, "training")]
        advisers.remove_exception(session, aino.user_id, TUESDAY, "it")
        assert advisers.list_exceptions(session, aino.user_id) == []
        with refused("availability_exception_not_found"):
            advisers.remove_exception(session, aino.user_id, TUESDAY, "it")
