"""Generated history: deterministic, only in opening hours, consistent hour and day rollups,
replaced on a re-run, and figures the dashboard can show."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import select

from content.guides import default_guides
from fleet.branches import service as branches
from fleet.cli import main
from fleet.protocol import HoursException
from fleet.protocol.sessions import LoginMethod, LoginRefusal
from fleet.protocol.support import SupportTopic
from fleet.stats import queries
from fleet.stats.catalogue import METRICS
from fleet.stats.models import StatDay, StatHour
from fleet.stats.queries import StatsFilter
from fleet.stats.synthetic import GeneratedHistory, ensure_branches_and_pcs, generate_history
from tests.support.fleetdb import FleetDb

MONDAY = dt.date(2026, 11, 9)
LAST = MONDAY + dt.timedelta(days=13)  # a Sunday: two weeks
HOLIDAY = MONDAY + dt.timedelta(days=2)  # a Wednesday the first branch is closed
SUNDAYS = {MONDAY + dt.timedelta(days=6), LAST}


def generate(fleet_db: FleetDb, seed: int = 7) -> GeneratedHistory:
    with fleet_db.session() as session:
        return generate_history(
            session,
            branch_ids=["b001", "b002", "nowhere"],
            pcs_per_branch=3,
            first_day=MONDAY,
            last_day=LAST,
            seed=seed,
        )


def hours(fleet_db: FleetDb) -> list[StatHour]:
    with fleet_db.session() as session:
        return list(session.exec(select(StatHour)).all())


def days(fleet_db: FleetDb) -> dict[tuple[dt.date, str, str, str], int]:
    with fleet_db.session() as session:
        rows = session.exec(select(StatDay)).all()
    return {(row.day, row.branch_id, row.metric, row.dimension): row.value for row in rows}


@pytest.fixture
def two_branches(fleet_db: FleetDb) -> FleetDb:
    """b001 and b002 (weekdays 9-20, Saturday 10-16, Sunday closed), 3 PCs each."""
    with fleet_db.session() as session:
        assert ensure_branches_and_pcs(session, 2, 3) == ["b001", "b002"]
        assert ensure_branches_and_pcs(session, 2, 3) == ["b001", "b002"]  # no more PCs
        branches.add_hours_exception(session, "b001", HoursException(date=HOLIDAY), "test")
    return fleet_db


def test_the_same_seed_gives_the_same_history_and_a_rerun_replaces_it(
    two_branches: FleetDb,
) -> None:
    fleet_db = two_branches
    # Rows outside the range, or of another branch, are left alone.
    with fleet_db.session() as session:
        for day, branch_id in ((MONDAY - dt.timedelta(days=1), "b001"), (MONDAY, "b009")):
            hour = dt.datetime.combine(day, dt.time(10), dt.UTC)
            session.add(
                StatHour(
                    hour=hour,
                    branch_id=branch_id,
                    metric="logins",
                    dimension="library_card",
                    day=day,
                    weekday=day.weekday(),
                    local_hour=12,
                    value=5,
                )
            )
    first = generate(fleet_db)
    assert first.rows_hour > 0
    assert first.rows_day > 0
    before = days(fleet_db)
    assert generate(fleet_db) == first
    assert days(fleet_db) == before
    assert len(hours(fleet_db)) == first.rows_hour + 2
    other = generate(fleet_db, seed=8)
    assert days(fleet_db) != before
    assert len(hours(fleet_db)) == other.rows_hour + 2
    generate(fleet_db)
    assert days(fleet_db) == before
    kept = {(row.day, row.branch_id) for row in hours(fleet_db) if row.value == 5}
    assert {(MONDAY - dt.timedelta(days=1), "b001"), (MONDAY, "b009")} <= kept


def test_only_open_hours_get_figures_and_pc_time_adds_up(two_branches: FleetDb) -> None:
    fleet_db = two_branches
    generate(fleet_db)
    rows = hours(fleet_db)
    assert {row.day for row in rows} & SUNDAYS == set()
    assert {row.day for row in rows if row.branch_id == "b001"} & {HOLIDAY} == set()
    assert HOLIDAY in {row.day for row in rows if row.branch_id == "b002"}
    for row in rows:
        assert 9 <= row.local_hour < 20 if row.weekday < 5 else 10 <= row.local_hour < 16
    per_hour: dict[tuple[dt.datetime, str], dict[str, int]] = {}
    for row in rows:
        per_hour.setdefault((row.hour, row.branch_id), {})[row.metric] = row.value
    for figures in per_hour.values():
        assert figures["pc_open_minutes"] == 3 * 60
        assert figures.get("pc_session_minutes", 0) <= figures["pc_online_minutes"]
        assert figures["pc_online_minutes"] + figures.get("pc_offline_minutes", 0) == 180
    # Only the catalogue's metrics, with the dimensions the real events carry.
    dimensions = {(row.metric, row.dimension) for row in rows}
    assert {metric for metric, _ in dimensions} <= set(METRICS)
    allowed = {
        "method": {method.value for method in LoginMethod},
        "reason": {reason.value for reason in LoginRefusal} | {"paper_out", "printer_offline"},
        "topic": {topic.value for topic in SupportTopic},
        "guide": set(default_guides().guides),
        "kind": {"booking", "queue_ticket", "guest_pass"},
        "by": {"visitor", "adviser"},
        None: {""},
    }
    for metric, dimension in dimensions:
        assert dimension in allowed[METRICS[metric].dimension], (metric, dimension)


def test_days_are_the_sum_of_their_hours(two_branches: FleetDb) -> None:
    fleet_db = two_branches
    generate(fleet_db)
    summed: Counter[tuple[dt.date, str, str, str]] = Counter()
    for row in hours(fleet_db):
        summed[row.day, row.branch_id, row.metric, row.dimension] += row.value
    assert days(fleet_db) == dict(summed)


def test_the_dashboard_figures_are_plausible(two_branches: FleetDb) -> None:
    fleet_db = two_branches
    generate(fleet_db)
    with fleet_db.session() as session:
        both = queries.headline(session, StatsFilter(MONDAY, LAST))
        one = queries.headline(session, StatsFilter(MONDAY, LAST, ("b002",)))
        series = queries.daily_series(session, StatsFilter(MONDAY, LAST))
        methods = queries.by_dimension(session, StatsFilter(MONDAY, LAST), ("logins",))
    assert both.terminals == 6
    assert one.terminals == 3
    assert both.units == 2
    assert one.units == 1
    assert 0 < one.people_helped < both.people_helped
    assert both.self_service > both.people_helped
    assert both.utilisation is not None
    assert 0.2 <= both.utilisation <= 0.7
    assert both.satisfaction is not None
    assert 0.5 <= both.satisfaction <= 1
    assert both.new_services >= 3
    # Two weeks of three busy PCs: tens of sessions a day, none on Sundays.
    sessions = dict(zip(StatsFilter(MONDAY, LAST).days, series["sessions"], strict=True))
    assert all(sessions[day] == 0 for day in SUNDAYS)
    assert all(10 <= sessions[MONDAY + dt.timedelta(days=n)] <= 200 for n in (0, 1, 3, 4))
    assert next(iter(methods)) == LoginMethod.LIBRARY_CARD.value


def test_the_cli_generates_history_and_rolls_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FLEET_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("FLEET_DATABASE_URL", "")
    assert main(["stats", "generate", "--days", "3"]) == 1  # no branches yet
    assert "no branches" in capsys.readouterr().err
    args = ["stats", "generate", "--days", "7", "--pcs-per-branch", "2"]
    assert main([*args, "--branches", "2"]) == 0
    made = capsys.readouterr().out
    assert main(args) == 0  # the same branches again: replaced, not added
    assert capsys.readouterr().out == made
    assert "for 2 branches (2 PCs each)" in made
    assert main(["stats", "rollup"]) == 0
    assert "rolled up 0 event hours" in capsys.readouterr().out
    assert main(["stats", "generate", "--days", "0"]) == 2
