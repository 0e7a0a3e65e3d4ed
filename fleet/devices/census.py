"""The device census for Prometheus: devices per branch and state, and their event outboxes.

Counted in the database at scrape time with one grouped query, so every worker reports the
same fleet-wide numbers and the check-in hot path does no extra work for them.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Connection, Engine, and_, case, func, select
from sqlalchemy.exc import SQLAlchemyError

from fleet.branches.models import Branch
from fleet.db import Clock
from fleet.devices.models import Device, DeviceStatus
from fleet.devices.service import DEFAULT_OFFLINE_FACTOR, online_clause
from fleet.protocol import DeviceState

log = logging.getLogger(__name__)

_DEVICE = Device.__table__  # type: ignore[attr-defined]
_BRANCH = Branch.__table__  # type: ignore[attr-defined]

OFFLINE = "offline"
#: An online device that never said what it is doing (not expected: state comes with last_seen).
UNKNOWN = "unknown"
_STATES = tuple(state.value for state in DeviceState)
#: Silent after saying it was switching itself off (a power schedule, IT's shutdown): not
#: counted as ``offline``, so an offline alert does not fire for PCs off on purpose.
_SWITCHED_OFF = DeviceState.SHUT_DOWN.value


@dataclass(frozen=True, slots=True)
class CensusRow:
    """Active devices of one branch that last reported one state (``None``: never checked in)."""

    branch_id: str
    state: str | None
    devices: int
    online: int
    outbox_sum: int
    outbox_max: int


def count_devices(
    connection: Connection, now: dt.datetime, offline_factor: float = DEFAULT_OFFLINE_FACTOR
) -> list[CensusRow]:
    """Active devices by branch and reported state; a branch without devices gives one
    all-zero row, so its series exist (an alert can tell "none online" from "no data")."""
    online = case((online_clause(now, offline_factor), 1), else_=0)
    devices = _BRANCH.outerjoin(
        _DEVICE,
        and_(_DEVICE.c.branch_id == _BRANCH.c.id, _DEVICE.c.status == DeviceStatus.ACTIVE.value),
    )
    query = (
        select(
            _BRANCH.c.id,
            _DEVICE.c.state,
            func.count(_DEVICE.c.id),
            func.coalesce(func.sum(online), 0),
            func.coalesce(func.sum(_DEVICE.c.outbox_depth), 0),
            func.coalesce(func.max(_DEVICE.c.outbox_depth), 0),
        )
        .select_from(devices)
        .group_by(_BRANCH.c.id, _DEVICE.c.state)
    )
    return [
        CensusRow(branch, state, int(total), int(up), int(outbox_sum), int(outbox_max))
        for branch, state, total, up, outbox_sum, outbox_max in connection.execute(query)
    ]


class DeviceCensus(Collector):
    """Yields ``fleet_devices``, ``fleet_device_outbox_events(_max)`` at each scrape.

    A database that does not answer costs only these families: the failure is logged and
    counted in ``fleet_device_census_errors_total``, and the rest of the scrape goes on.
    """

    def __init__(
        self, engine: Engine, clock: Clock, offline_factor: float = DEFAULT_OFFLINE_FACTOR
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._offline_factor = offline_factor
        self._errors = 0
        self._lock = threading.Lock()

    def describe(self) -> Iterator[Metric]:
        # Without this the registry would call collect() (a query) when registering.
        yield from _families([])
        yield self._error_family()

    def collect(self) -> Iterator[Metric]:
        try:
            with self._engine.connect() as connection:
                rows = count_devices(connection, self._clock(), self._offline_factor)
        except SQLAlchemyError as error:
            log.warning("device census for /metrics failed: %s", error.__class__.__name__)
            with self._lock:
                self._errors += 1
        else:
            yield from _families(rows)
        yield self._error_family()

    def _error_family(self) -> Metric:
        errors = CounterMetricFamily(
            "fleet_device_census_errors",
            "Scrapes whose device census query failed (fleet_devices and the outbox "
            "gauges are missing from those scrapes).",
        )
        errors.add_metric([], self._errors)
        return errors


def _families(rows: Sequence[CensusRow]) -> Iterator[Metric]:
    devices = GaugeMetricFamily(
        "fleet_devices",
        "Active devices by branch: online ones by their reported state, the rest as offline "
        "(or shut_down when they said they were switching off).",
        labels=["branch", "state"],
    )
    outbox = GaugeMetricFamily(
        "fleet_device_outbox_events",
        "Usage events waiting in the branch's kiosk outboxes, as last reported (offline too).",
        labels=["branch"],
    )
    outbox_max = GaugeMetricFamily(
        "fleet_device_outbox_events_max",
        "The longest kiosk outbox in the branch, as last reported.",
        labels=["branch"],
    )
    counts: dict[str, dict[str, int]] = {}
    outbox_sums: dict[str, int] = {}
    outbox_maxes: dict[str, int] = {}
    for row in rows:
        branch = counts.setdefault(row.branch_id, dict.fromkeys([*_STATES, OFFLINE], 0))
        if row.online:
            state = row.state if row.state in branch else UNKNOWN
            branch[state] = branch.get(state, 0) + row.online
        branch[_SWITCHED_OFF if row.state == _SWITCHED_OFF else OFFLINE] += row.devices - row.online
        outbox_sums[row.branch_id] = outbox_sums.get(row.branch_id, 0) + row.outbox_sum
        outbox_maxes[row.branch_id] = max(outbox_maxes.get(row.branch_id, 0), row.outbox_max)
    for branch_id, by_state in sorted(counts.items()):
        for state, count in by_state.items():
            devices.add_metric([branch_id, state], count)
        outbox.add_metric([branch_id], outbox_sums[branch_id])
        outbox_max.add_metric([branch_id], outbox_maxes[branch_id])
    yield devices
    yield outbox
    yield outbox_max
