"""Event ids are time-ordered UUIDs (version 7): unique, and growing with time."""

from __future__ import annotations

import datetime as dt

from fleet.protocol import new_event_id

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def test_event_ids_are_version_7_and_grow_with_time() -> None:
    ids = [new_event_id(START + dt.timedelta(milliseconds=step)) for step in range(2000)]
    assert all(event_id.version == 7 for event_id in ids)
    assert all(str(event_id)[19] in "89ab" for event_id in ids)  # the RFC 9562 variant
    assert ids == sorted(ids)
    # The first 48 bits are the milliseconds since 1970.
    assert ids[0].int >> 80 == int(START.timestamp() * 1000)


def test_ids_in_the_same_millisecond_differ() -> None:
    ids = {new_event_id(START) for _ in range(10_000)}
    assert len(ids) == 10_000
