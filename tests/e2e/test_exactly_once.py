"""Usage events reach the fleet exactly once: server down, upload cut, kiosk killed (kill -9).

Real processes over loopback HTTP: ``fleet serve``, ``kiosk run --headless`` and, between
them where needed, a proxy that cuts or holds the fleet's replies to event uploads.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from tests.e2e.conftest import ProxyThread
from tests.e2e.fleet_process import FleetProcess
from tests.e2e.kiosk_process import KioskProcess, wait_until

pytestmark = pytest.mark.slow

#: Events the kiosk makes by itself; the test's own events carry a ``seq`` attribute.
KIOSK_OWN_TYPES = {"shell_started", "config_applied", "network_changed"}


def assert_exactly_once(fleet: FleetProcess, kiosk: KioskProcess, generated: set[str]) -> None:
    rows = fleet.event_rows()
    ids = [event_id for event_id, _, _ in rows]
    doubled = [event_id for event_id, count in Counter(ids).items() if count > 1]
    assert doubled == []
    test_events = {event_id for event_id, _, attrs in rows if "seq" in attrs}
    assert len(test_events - generated) == 0, "the fleet holds events nobody generated"
    assert len(generated - test_events) == 0, f"{len(generated - test_events)} events lost"
    own = Counter(kind for _, kind, attrs in rows if "seq" not in attrs)
    assert set(own) <= KIOSK_OWN_TYPES
    assert own["shell_started"] == kiosk.starts
    assert kiosk.outbox_depth() == 0
    assert kiosk.quarantined() == 0


def enrol(kiosk: KioskProcess, server_url: str, fleet: FleetProcess) -> None:
    result = kiosk.enroll(server_url, fleet.enroll_code())
    assert result.returncode == 0, result.stderr


def test_nothing_is_lost_or_doubled_while_the_fleet_is_down(
    fleet: FleetProcess, kiosk: KioskProcess
) -> None:
    enrol(kiosk, fleet.url, fleet)
    kiosk.start()
    wait_until(lambda: len(fleet.event_rows()) >= 1, 60, "the kiosk's first upload")

    fleet.stop()
    generated = kiosk.add_events(700)  # visitors keep using the PC meanwhile
    # Many check-in and upload attempts fail against the closed port (back-off capped at 2 s).
    time.sleep(8)
    assert kiosk.process is not None
    assert kiosk.process.poll() is None, kiosk.log_text()
    assert kiosk.outbox_depth() >= 700

    fleet.start()
    wait_until(lambda: kiosk.outbox_depth() == 0, 60, "the outbox to drain")
    assert kiosk.stop() == 0
    assert_exactly_once(fleet, kiosk, generated)
    offline = [a for _, kind, a in fleet.event_rows() if kind == "network_changed"]
    assert {"online": False} in offline


def test_nothing_is_lost_or_doubled_when_uploads_are_cut(
    fleet: FleetProcess, kiosk: KioskProcess, proxy: ProxyThread
) -> None:
    enrol(kiosk, proxy.url, fleet)
    generated = kiosk.add_events(1200)
    # The fleet stores the first two batches it receives, but their replies never arrive.
    proxy.proxy.cut_replies = 2
    kiosk.start()
    wait_until(lambda: kiosk.outbox_depth() == 0, 90, "the outbox to drain")
    assert kiosk.stop() == 0
    assert proxy.proxy.replies_cut == 2
    assert proxy.proxy.events_requests >= 5  # 3 batches + 2 repeats
    assert_exactly_once(fleet, kiosk, generated)


def test_nothing_is_lost_or_doubled_when_the_kiosk_is_killed_mid_upload(
    fleet: FleetProcess, kiosk: KioskProcess, proxy: ProxyThread
) -> None:
    enrol(kiosk, proxy.url, fleet)
    generated = kiosk.add_events(1200)
    proxy.proxy.hold_replies = True
    kiosk.start()
    wait_until(proxy.proxy.held.is_set, 60, "the first upload to reach the fleet")
    # The fleet has stored the first batch; its reply is held back. Now: kill -9.
    kiosk.kill_hard()
    proxy.release()
    assert len(fleet.event_rows()) == 500
    assert kiosk.outbox_depth() >= 1200  # nothing was deleted without a 2xx

    kiosk.start()
    wait_until(lambda: kiosk.outbox_depth() == 0, 90, "the outbox to drain")
    assert kiosk.stop() == 0
    assert_exactly_once(fleet, kiosk, generated)
