"""Synthetic statistics history for demos and benchmarks, written straight into the rollups.

Realistic, deterministic figures (``random.Random`` seeded per branch) for every hour each
branch was open by its own opening hours, holidays and time zone: PC time, log-ins and
sessions by method, refused log-ins, walk-in help and adviser bookings by topic, guides and
printed slips. No raw events are made: ``stat_hour`` is written directly and ``stat_day``
rebuilt from it, as the rollup would.

Generated history *replaces* whatever ``stat_hour`` and ``stat_day`` hold for those branches
from ``first_day`` to ``last_day`` (branch-local, both inclusive), real rollups included: pick a
``last_day`` before any day with real figures (the demo passes yesterday), and never run it on
a fleet whose figures matter.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, insert
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from content.guides import default_guides
from fleet.branches import service as branches
from fleet.branches.models import Branch
from fleet.branches.schemas import BranchCreate
from fleet.devices.models import Device, DeviceStatus
from fleet.protocol import DayHours, LocalizedText, OpeningHours
from fleet.protocol.hours import open_interval, zone_of
from fleet.protocol.sessions import LoginMethod, LoginRefusal
from fleet.protocol.support import SupportTopic
from fleet.stats.models import StatDay, StatHour
from fleet.stats.rollup import HOUR, floor_hour, rebuild_days

ACTOR = "synthetic-stats"
_HOUR_TABLE = StatHour.__table__  # type: ignore[attr-defined]

#: Synthetic branches' week: weekdays 9-20, Saturday 10-16, closed on Sunday.
SYNTHETIC_WEEK = [DayHours(opens=dt.time(9), closes=dt.time(20))] * 5 + [
    DayHours(opens=dt.time(10), closes=dt.time(16)),
    DayHours(),
]

#: How often visitors need help with each topic (walk-in help, bookings and guides alike).
TOPIC_WEIGHTS: dict[str, float] = {
    SupportTopic.E_IDENTIFICATION.value: 22,
    SupportTopic.EMAIL.value: 14,
    SupportTopic.DEVICE_BASICS.value: 14,
    SupportTopic.PRINTING.value: 12,
    SupportTopic.HEALTH_SERVICES.value: 10,
    SupportTopic.SCAMS.value: 8,
    SupportTopic.VIDEO_CALLS.value: 6,
    SupportTopic.EBOOKS.value: 6,
    SupportTopic.BOOKING_SPACES.value: 4,
    SupportTopic.OTHER.value: 4,
}
REFUSAL_WEIGHTS: dict[str, float] = {
    LoginRefusal.PIN_WRONG.value: 60,
    LoginRefusal.CARD_UNKNOWN.value: 9,
    LoginRefusal.FEES_OVER_LIMIT.value: 8,
    LoginRefusal.CARD_EXPIRED.value: 6,
    LoginRefusal.PIN_THROTTLED.value: 4,
    LoginRefusal.DAILY_LIMIT_REACHED.value: 4,
    LoginRefusal.CARD_BLOCKED.value: 3,
    LoginRefusal.PROOF_EXPIRED.value: 3,
    LoginRefusal.TOO_YOUNG.value: 2,
    LoginRefusal.GUEST_PASS_EXPIRED.value: 1,
}
WEEKDAY_FACTORS = (1.0, 1.02, 1.0, 0.97, 0.88, 0.82, 0.78)
#: Share of digital-card log-ins a year before ``last_day``, and the growth over that year.
DIGITAL_START, DIGITAL_GROWTH = 0.06, 0.24
GUEST_SHARE = 0.03


@dataclass(frozen=True)
class GeneratedHistory:
    rows_hour: int
    rows_day: int


def ensure_branches_and_pcs(
    session: Session, count_branches: int, pcs_per_branch: int
) -> list[str]:
    """Branches ``b001``... (made if missing) with ``pcs_per_branch`` active PCs each.

    The PCs are placeholder device rows: their token hash is of random bytes nobody holds,
    so they can never check in; they exist so the dashboard counts them.
    """
    ids = [f"b{number:03d}" for number in range(1, count_branches + 1)]
    existing = {branch.id for branch in branches.list_branches(session)}
    for branch_id in ids:
        if branch_id in existing:
            continue
        digits = branch_id[1:]
        branches.create_branch(
            session,
            BranchCreate(
                id=branch_id,
                name=LocalizedText(
                    fi=f"Kirjasto {digits}", sv=f"Bibliotek {digits}", en=f"Library {digits}"
                ),
                address="Synthetic branch for statistics",
                weekly=SYNTHETIC_WEEK,
            ),
            ACTOR,
        )
    counts = dict(
        session.execute(
            core_select(col(Device.branch_id), func.count())
            .where(col(Device.status) == DeviceStatus.ACTIVE.value, col(Device.branch_id).in_(ids))
            .group_by(col(Device.branch_id))
        ).all()
    )
    for branch_id in ids:
        for number in range(counts.get(branch_id, 0) + 1, pcs_per_branch + 1):
            name = f"{branch_id}-pc{number:02d}"
            session.add(
                Device(
                    name=name,
                    branch_id=branch_id,
                    machine_id=f"synthetic-{name}",
                    hostname=name,
                    token_hash=secrets.token_hex(32),
                    status=DeviceStatus.ACTIVE.value,
                )
            )
    session.flush()
    return ids


def generate_history(
    session: Session,
    *,
    branch_ids: Sequence[str],
    pcs_per_branch: int,
    first_day: dt.date,
    last_day: dt.date,
    seed: int = 7,
) -> GeneratedHistory:
    """Replace these branches' rollups from ``first_day`` to ``last_day`` with generated ones.

    The caller commits. Branch ids that do not exist are skipped.
    """
    guides = _guide_weights()
    days = [first_day + dt.timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    rows_hour = 0
    done: list[str] = []
    for branch_id in branch_ids:
        branch = session.get(Branch, branch_id)
        if branch is None:
            continue
        session.exec(
            delete(StatHour).where(
                col(StatHour.branch_id) == branch_id,
                col(StatHour.day) >= first_day,
                col(StatHour.day) <= last_day,
            )
        )
        history = _BranchHistory(
            branch_id,
            zone_of(branch.timezone),
            branches.opening_hours(session, branch),
            pcs_per_branch,
            last_day,
            random.Random(f"{seed}:{branch_id}"),
            guides,
        )
        rows = history.rows(days)
        if rows:
            session.execute(insert(_HOUR_TABLE), rows)
        rows_hour += len(rows)
        done.append(branch_id)
    rebuild_days(session, {(branch_id, day) for branch_id in done for day in days})
    rows_day = session.execute(
        core_select(func.count())
        .select_from(StatDay)
        .where(
            col(StatDay.branch_id).in_(done),
            col(StatDay.day) >= first_day,
            col(StatDay.day) <= last_day,
        )
    ).scalar_one()
    return GeneratedHistory(rows_hour=rows_hour, rows_day=int(rows_day))


def _guide_weights() -> dict[str, float]:
    """The shipped guides' ids, weighted by how often their topic comes up."""
    weights: dict[str, float] = {}
    for guide_id, by_language in default_guides().guides.items():
        topic = next(iter(by_language.values())).topic
        weights[guide_id] = TOPIC_WEIGHTS.get(topic, 4.0)
    return dict(sorted(weights.items()))


class _BranchHistory:
    """One branch's generated hours; all randomness from its own ``random.Random``."""

    def __init__(
        self,
        branch_id: str,
        zone: ZoneInfo,
        hours: OpeningHours,
        pcs: int,
        last_day: dt.date,
        rng: random.Random,
        guides: dict[str, float],
    ) -> None:
        self.branch_id = branch_id
        self.zone = zone
        self.hours = hours
        self.pcs = pcs
        self.last_day = last_day
        self.rng = rng
        self.guides = guides
        #: Busier and quieter branches.
        self.popularity = rng.uniform(0.85, 1.15)
        #: Walk-in help and bookings grow with the branch (its number of PCs).
        self.scale = max(pcs, 1) / 20 * self.popularity

    def rows(self, days: Sequence[dt.date]) -> list[dict[str, object]]:
        wanted = set(days)
        rows: list[dict[str, object]] = []
        for hour, seconds in self._open_hours(days).items():
            local = hour.astimezone(self.zone)
            day = local.date()
            if day not in wanted or seconds < 30:
                continue
            for (metric, dimension), value in self._figures(day, local, seconds).items():
                if value > 0:
                    rows.append(
                        {
                            "hour": hour,
                            "branch_id": self.branch_id,
                            "metric": metric,
                            "dimension": dimension,
                            "day": day,
                            "weekday": local.weekday(),
                            "local_hour": local.hour,
                            "value": value,
                        }
                    )
        return rows

    def _open_hours(self, days: Sequence[dt.date]) -> dict[dt.datetime, int]:
        """Open seconds per UTC hour, from each day's opening (holidays included)."""
        seconds: Counter[dt.datetime] = Counter()
        for day in days:
            interval = open_interval(self.hours, self.zone, day)
            if interval is None:
                continue
            opens, closes = (moment.astimezone(dt.UTC) for moment in interval)
            hour = floor_hour(opens)
            while hour < closes:
                overlap = (min(hour + HOUR, closes) - max(hour, opens)).total_seconds()
                seconds[hour] += int(overlap)
                hour += HOUR
        return {hour: min(total, 3600) for hour, total in sorted(seconds.items())}

    def _busy_share(self, day: dt.date, local: dt.datetime) -> float:
        """Share of open PC time in use: peaks mid-afternoon, quieter at weekends and in summer."""
        rng = self.rng
        middle = local.hour + 0.5
        daytime = 8 <= local.hour < 21
        base = 0.22 + 0.43 * math.exp(-(((middle - 15.5) / 3.2) ** 2)) if daytime else 0.04
        season = 1 + 0.08 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 40) / 365.25)
        share = base * WEEKDAY_FACTORS[local.weekday()] * season * self.popularity
        share *= rng.uniform(0.9, 1.1)
        return min(0.7, max(0.2, share)) if daytime else min(0.15, max(0.01, share))

    def _figures(self, day: dt.date, local: dt.datetime, seconds: int) -> Counter[tuple[str, str]]:
        rng = self.rng
        out: Counter[tuple[str, str]] = Counter()
        open_minutes = round(self.pcs * seconds / 60)
        online_share = rng.uniform(0.955, 0.99)
        if rng.random() < 0.004:  # now and then a switch or the network fails for a while
            online_share = rng.uniform(0.4, 0.9)
        online = round(open_minutes * online_share)
        busy_share = self._busy_share(day, local)
        busy = min(online, round(open_minutes * busy_share))
        out["pc_open_minutes", ""] = open_minutes
        out["pc_online_minutes", ""] = online
        out["pc_offline_minutes", ""] = open_minutes - online
        out["pc_session_minutes", ""] = busy

        # Sessions: as many as fit the busy minutes at this hour's typical length.
        length = rng.uniform(36, 50)
        sessions = _poisson(rng, busy / length)
        growth = min(1.0, max(0.0, 1 - (self.last_day - day).days / 365))
        digital = DIGITAL_START + DIGITAL_GROWTH * growth
        methods = {
            LoginMethod.LIBRARY_CARD.value: 1 - digital - GUEST_SHARE,
            LoginMethod.DIGITAL_CARD.value: digital,
            LoginMethod.GUEST_PASS.value: GUEST_SHARE,
        }
        for method in _pick(rng, methods, sessions):
            out["logins", method] += 1
            out["sessions", method] += 1
        if sessions:
            out["session_minutes", ""] = round(sessions * length * rng.uniform(0.92, 1.08))
        out["extensions", ""] = _poisson(rng, sessions * 0.12)
        for reason in _pick(rng, REFUSAL_WEIGHTS, _poisson(rng, sessions * 0.07 + 0.03)):
            out["logins_failed", reason] += 1
        guest_logins = out["logins", LoginMethod.GUEST_PASS.value]

        # Walk-in help, shaped like PC use through the day.
        demand = min(1.5, busy_share / 0.5) * seconds / 3600
        requests = _pick(rng, TOPIC_WEIGHTS, _poisson(rng, 0.8 * self.scale * demand))
        for topic in requests:
            out["help_requests", topic] += 1
            if rng.random() < 0.86:
                out["help_called", topic] += 1
                out["help_wait_minutes", ""] += max(1, round(rng.expovariate(1 / 6)))
            else:
                out["help_cancelled", "visitor" if rng.random() < 0.75 else "adviser"] += 1

        # Adviser appointments, booked, held, missed or cancelled (counted in one hour).
        bookings = _pick(rng, TOPIC_WEIGHTS, _poisson(rng, 0.3 * self.scale * demand))
        for topic in bookings:
            out["bookings_made", topic] += 1
            outcome = rng.random()
            if outcome < 0.74:
                out["bookings_done", topic] += 1
                out["support_minutes", ""] += rng.randint(20, 60)
            elif outcome < 0.84:
                out["bookings_no_show", topic] += 1
            else:
                out["bookings_cancelled", topic] += 1

        opened = _poisson(rng, sessions * 0.06 + 0.4 * self.scale * demand)
        for guide in _pick(rng, self.guides, opened):
            out["guides_opened", guide] += 1
            if rng.random() < 0.55:
                out["guides_completed", guide] += 1
                if rng.random() < 0.45:
                    helpful = rng.random() < 0.85
                    out["guides_helpful" if helpful else "guides_not_helpful", guide] += 1

        slips = (
            [("queue_ticket", 0.45)] * len(requests)
            + [("booking", 0.5)] * len(bookings)
            + [("guest_pass", 0.9)] * guest_logins
        )
        for kind, chance in slips:
            if rng.random() >= chance:
                continue
            if rng.random() < 0.015:
                out["print_errors", "paper_out" if rng.random() < 0.7 else "printer_offline"] += 1
            else:
                out["prints", kind] += 1
        return out


def _pick(rng: random.Random, weights: dict[str, float], count: int) -> list[str]:
    if count <= 0:
        return []
    return rng.choices(list(weights), weights=list(weights.values()), k=count)


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; a rounded normal for large means)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def branch_today(session: Session, now: dt.datetime) -> dt.date:
    """The earliest "today" of any branch at ``now`` (so "yesterday" is over everywhere)."""
    zones = {zone_of(name) for name in session.exec(select(Branch.timezone)).all()}
    return min((now.astimezone(zone).date() for zone in zones), default=now.date())
