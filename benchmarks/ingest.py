"""Usage-event ingest throughput: ``store_events`` in batches of 500, with a same-run baseline.

Builds ``--events`` realistic kiosk events (fixed seed) as the JSON bodies kiosks upload,
then, on one migrated fleet database (a fresh SQLite file by default, or ``--database``):

- **baseline**: the driver's own ``executemany`` of a plain ``INSERT`` into the same
  ``usage_event`` table (same columns, same indexes: the migrated one, emptied), with
  pre-built tuples in the stored form, one transaction per batch;
- **store**: the product path, ``store_events`` in one ``engine.begin()`` transaction per
  batch, as the ``/events`` endpoint calls it, from already validated ``EventBatch``es;
- **re-upload**: the same batches again, validated from their JSON bodies and stored:
  every event a duplicate, nothing inserted;
- **validate + store**: the table emptied, then every batch parsed from its JSON body the way
  FastAPI does (``json.loads`` and pydantic) and stored, as one request would.

Row counts and accepted/duplicate figures are checked after every phase.

    .venv/bin/python benchmarks/ingest.py --events 200000

Target (issue 7): >= 50,000 events/s in batches of 500 on SQLite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Engine, func, select, text

from fleet.db import create_db_engine, is_sqlite, migrate
from fleet.devices.events import store_events
from fleet.devices.models import UsageEventRecord
from fleet.protocol import MAX_EVENTS_PER_BATCH, EventBatch, EventType, UsageEvent
from fleet.protocol.sessions import EndReason, LoginMethod, LoginRefusal, PatronCategory
from fleet.protocol.support import SupportTopic

_TABLE = UsageEventRecord.__table__  # type: ignore[attr-defined]
_SQLITE_PLAIN_INSERT = (
    "INSERT INTO usage_event (id, type, branch_id, occurred_at, received_at, attrs) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_POSTGRESQL_PLAIN_INSERT = _SQLITE_PLAIN_INSERT.replace("?", "%s")
BRANCHES = ("oodi", "kallio", "itakeskus", "pasila", "vallila", "tapiola")
GUIDES = ("strong_authentication", "email_basics", "video_call", "ebook_loan", "scanning")
LANGUAGES = ("fi", "sv", "en")
#: FastAPI validates a request body with a TypeAdapter over ``json.loads`` of the bytes.
BODY = TypeAdapter(EventBatch)
TARGET = 50_000  # events/s (issue 7)

#: One upload: the kiosk's branch, the batch, and the JSON body it arrives as.
Upload = tuple[str, EventBatch, bytes]


@dataclass
class Phase:
    """One timed phase: how many events went through, in how long and how much CPU."""

    name: str
    events: int
    seconds: float
    cpu: float  # CPU seconds of this process (SQLite works in it; PostgreSQL does not)

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


class Timer:
    """Wall and CPU time of a ``with`` block."""

    def __enter__(self) -> Timer:
        self.seconds, self.cpu = -time.perf_counter(), -time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds += time.perf_counter()
        self.cpu += time.process_time()


def random_attrs(rng: random.Random, kind: EventType) -> dict[str, object]:
    """The attributes the kiosk records for ``kind`` (see kiosk/services)."""
    method = rng.choice(list(LoginMethod)).value
    category = rng.choice(list(PatronCategory)).value
    topic = rng.choice(list(SupportTopic)).value
    guide = rng.choice(GUIDES)
    match kind:
        case EventType.SESSION_STARTED:
            return {"method": method, "category": category, "online": rng.random() < 0.97}
        case EventType.SESSION_ENDED:
            return {
                "method": method,
                "category": category,
                "reason": rng.choice(list(EndReason)).value,
                "minutes": rng.randint(1, 120),
                "extensions": rng.randint(0, 2),
            }
        case EventType.SESSION_EXTENDED:
            return {"method": method, "minutes": rng.choice((15, 30, 60))}
        case EventType.LOGIN_FAILED:
            return {"method": method, "reason": rng.choice(list(LoginRefusal)).value}
        case EventType.HELP_REQUESTED:
            return {"topic": topic}
        case EventType.GUIDE_OPENED:
            return {"guide": guide, "language": rng.choice(LANGUAGES)}
        case EventType.GUIDE_STEP:
            return {"guide": guide, "step": rng.randint(0, 12)}
        case EventType.GUIDE_COMPLETED:
            return {"guide": guide}
        case EventType.GUIDE_FEEDBACK:
            return {"guide": guide, "helpful": rng.random() < 0.8}
        case EventType.SLIP_PRINTED:
            reason = rng.choice(("printed", "printed", "printed", "paper_out", "no_printer"))
            kind_ = rng.choice(("booking", "queue_ticket", "guest_pass"))
            return {"kind": kind_, "printed": reason == "printed", "reason": reason}
        case EventType.LANGUAGE_CHANGED:
            return {"language": rng.choice(LANGUAGES)}
        case EventType.NETWORK_CHANGED:
            return {"online": rng.random() < 0.5}
        case _:
            return {}


#: What a kiosk's outbox holds in a day, roughly: sessions and guides dominate.
MIX: dict[EventType, int] = {
    EventType.SESSION_STARTED: 20,
    EventType.SESSION_ENDED: 20,
    EventType.SESSION_EXTENDED: 4,
    EventType.LOGIN_FAILED: 5,
    EventType.GUIDE_OPENED: 10,
    EventType.GUIDE_STEP: 20,
    EventType.GUIDE_COMPLETED: 4,
    EventType.GUIDE_FEEDBACK: 3,
    EventType.HELP_REQUESTED: 3,
    EventType.SLIP_PRINTED: 4,
    EventType.LANGUAGE_CHANGED: 4,
    EventType.NETWORK_CHANGED: 1,
    EventType.SHELL_STARTED: 1,
    EventType.CONFIG_APPLIED: 1,
}


def uuid7(rng: random.Random, at: dt.datetime) -> uuid.UUID:
    """A time-ordered UUID (RFC 9562 version 7): milliseconds since 1970, then random bits."""
    millis = int(at.timestamp() * 1000)
    value = (millis << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64)
    return uuid.UUID(int=value | (0b10 << 62) | rng.getrandbits(62))  # 3.11 has no uuid7()


def make_batches(count: int, size: int, seed: int, ids: str = "v7") -> list[Upload]:
    """``(branch, batch, JSON body)`` per upload: ``count`` events with distinct ids.

    The uploads are spread over a day in order. A kiosk uploads what it recorded since its
    last check-in, so most events happened in the minutes before their upload; one upload
    in 20 is the backlog of a kiosk that was offline for hours. Ids are time-ordered
    (``v7``, what kiosks mint: ``fleet.protocol.new_event_id``) or random (``v4``, what they
    minted before), minted when the event happened.
    """
    rng = random.Random(seed)
    kinds, weights = list(MIX), list(MIX.values())
    day = dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC)
    uploads = max(1, -(-count // size))
    batches = []
    for number, first in enumerate(range(0, count, size)):
        uploaded = day + dt.timedelta(seconds=number * 86400 / uploads)
        window = 8 * 3600 if rng.random() < 0.05 else 15 * 60
        events = []
        for kind in rng.choices(kinds, weights, k=min(size, count - first)):
            occurred = uploaded - dt.timedelta(seconds=rng.uniform(0, window))
            event_id = (
                uuid7(rng, occurred)
                if ids == "v7"
                else uuid.UUID(int=rng.getrandbits(128), version=4)
            )
            events.append(
                UsageEvent(
                    id=event_id,
                    type=kind,
                    occurred_at=occurred,
                    attrs=random_attrs(rng, kind),
                )
            )
        events.sort(key=lambda event: event.occurred_at)  # an outbox uploads oldest first
        batch = EventBatch(events=events)
        batches.append((rng.choice(BRANCHES), batch, batch.model_dump_json().encode()))
    return batches


def stored_rows(engine: Engine, branch: str, batch: EventBatch, now: dt.datetime) -> list[Any]:
    """The batch as the driver values SQLAlchemy would send for it (the stored form)."""
    dialect = engine.dialect
    bind = {
        name: _TABLE.c[name].type.dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)
        for name in ("occurred_at", "received_at", "attrs")
    }
    received = bind["received_at"](now)
    return [
        (
            str(event.id),
            event.type.value,
            branch,
            bind["occurred_at"](event.occurred_at),
            received,
            bind["attrs"](dict(event.attrs)),
        )
        for event in batch.events
    ]


def empty_table(engine: Engine) -> None:
    """Back to an empty ``usage_event`` with fresh storage (as a new database would have)."""
    sqlite = is_sqlite(str(engine.url))
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM usage_event" if sqlite else "TRUNCATE usage_event"))
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(
            text("VACUUM" if sqlite else "VACUUM ANALYZE usage_event")
        )
        if sqlite:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def count_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(_TABLE)).scalar_one())


def expect_rows(engine: Engine, count: int, after: str) -> None:
    found = count_rows(engine)
    if found != count:
        raise AssertionError(f"after {after}: {found} rows in usage_event, expected {count}")


def baseline(engine: Engine, rows: Sequence[list[Any]]) -> Phase:
    """The driver's ``executemany`` of a plain INSERT, one transaction per batch."""
    raw = engine.raw_connection()  # the fleet's own connection settings (WAL, synchronous)
    try:
        driver: Any = raw.driver_connection
        sql = _SQLITE_PLAIN_INSERT if is_sqlite(str(engine.url)) else _POSTGRESQL_PLAIN_INSERT
        with Timer() as timer:
            for batch in rows:
                cursor = driver.cursor()
                cursor.executemany(sql, batch)
                cursor.close()
                driver.commit()
    finally:
        raw.close()
    return Phase("baseline", sum(map(len, rows)), timer.seconds, timer.cpu)


def product(
    name: str, engine: Engine, uploads: Sequence[Upload], *, parse: bool, new: bool
) -> Phase:
    """``store_events`` per batch in ``engine.begin()``, parsing the body first if ``parse``."""
    accepted = duplicates = 0
    with Timer() as timer:
        for branch, batch, body in uploads:
            if parse:
                batch = BODY.validate_python(json.loads(body), from_attributes=True)
            with engine.begin() as connection:
                result = store_events(connection, branch, batch, dt.datetime.now(dt.UTC))
            accepted += result.accepted
            duplicates += result.duplicates
    total = sum(len(batch.events) for _, batch, _ in uploads)
    expected = (total, 0) if new else (0, total)
    if (accepted, duplicates) != expected:
        raise AssertionError(f"{name}: accepted/duplicates {accepted}/{duplicates} != {expected}")
    return Phase(name, total, timer.seconds, timer.cpu)


def validation(uploads: Sequence[Upload]) -> Phase:
    """Parsing alone: ``json.loads`` and pydantic, as FastAPI does for the endpoint's body."""
    seconds = cpu = 0.0
    for _, batch, body in uploads:
        with Timer() as timer:
            parsed = BODY.validate_python(json.loads(body), from_attributes=True)
        seconds, cpu = seconds + timer.seconds, cpu + timer.cpu
        if parsed != batch:
            raise AssertionError("a body did not parse back to its batch")
    total = sum(len(batch.events) for _, batch, _ in uploads)
    return Phase("validate only", total, seconds, cpu)


def one_round(engine: Engine, uploads: Sequence[Upload], rows: Sequence[list[Any]]) -> list[Phase]:
    """Every phase once, each on an emptied table except the re-upload; counts checked."""
    events = sum(len(batch.events) for _, batch, _ in uploads)
    empty_table(engine)
    base = baseline(engine, rows)
    expect_rows(engine, events, "the baseline")
    empty_table(engine)
    store = product("store", engine, uploads, parse=False, new=True)
    expect_rows(engine, events, "store")
    again = product("re-upload (dups)", engine, uploads, parse=True, new=False)
    expect_rows(engine, events, "the re-upload")
    empty_table(engine)
    full = product("validate + store", engine, uploads, parse=True, new=True)
    expect_rows(engine, events, "validate + store")
    return [base, store, validation(uploads), full, again]


def run(url: str, events: int, batch_size: int, rounds: int, seed: int, ids: str) -> None:
    migrate(url)
    engine = create_db_engine(url)
    try:
        if count_rows(engine):
            raise SystemExit(f"usage_event in {url} is not empty: give a fresh database")
        uploads = make_batches(events, batch_size, seed, ids)
        now = dt.datetime.now(dt.UTC)
        rows = [stored_rows(engine, branch, batch, now) for branch, batch, _ in uploads]
        # A server holds one batch at a time, not all of them: keep the collector from
        # walking the benchmark's own data in every phase.
        gc.collect()
        gc.freeze()
        sqlite = f", SQLite {sqlite3.sqlite_version}" if is_sqlite(url) else ""
        print(
            f"{events:,} events ({ids} ids) in {len(uploads)} batches of {batch_size} on "
            f"{engine.dialect.name} ({engine.driver}){sqlite}, {rounds} rounds (median shown), "
            f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
        )
        results = [one_round(engine, uploads, rows) for _ in range(rounds)]
    finally:
        engine.dispose()

    median: dict[str, float] = {}
    for phases in zip(*results, strict=True):
        rates = sorted(phase.rate for phase in phases)
        name = phases[0].name
        median[name] = statistics.median(rates)
        cpu_us = statistics.median(1e6 * phase.cpu / phase.events for phase in phases)
        print(
            f"{name:<18} {median[name]:9,.0f} events/s  (range {rates[0]:,.0f}-{rates[-1]:,.0f})"
            f"   {1e6 / median[name]:5.1f} us/event wall, {cpu_us:5.1f} us/event CPU here"
        )
    base = median["baseline"]
    print(f"ratio store / baseline             {median['store'] / base:.2f}")
    print(f"ratio validate + store / baseline  {median['validate + store'] / base:.2f}")
    for name in ("store", "validate + store"):
        verdict = "met" if median[name] >= TARGET else "NOT met"
        print(f"target {TARGET:,} events/s, {name}: {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=500, help="events per upload (max 500)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--ids",
        choices=("v4", "v7"),
        default="v7",
        help="event ids: time-ordered as kiosks mint them (v7), or random as they used to (v4)",
    )
    parser.add_argument(
        "--database",
        help="URL of an empty database (postgresql+psycopg://...); default: a new SQLite file",
    )
    args = parser.parse_args()
    if not 1 <= args.batch <= MAX_EVENTS_PER_BATCH:
        parser.error(f"--batch must be 1..{MAX_EVENTS_PER_BATCH}, the protocol's limit")
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        run(
            args.database or f"sqlite:///{tmp}/fleet.db",
            args.events,
            args.batch,
            args.rounds,
            args.seed,
            args.ids,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
