"""The background jobs' shared loop: when rounds run, how failures are logged, how it stops."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import pytest

from fleet.periodic import FirstRun, run_periodically

pytestmark = pytest.mark.asyncio

LOGGER = "tests.fleet.periodic"
log = logging.getLogger(LOGGER)

#: Long enough that a test never sees a second period go by.
LONG = 60.0
#: How long a test waits for something that should happen at once.
PROMPTLY = 2.0


class Rounds:
    """A job's work: counts the rounds, raises for the ones listed, sets ``reached`` at N."""

    def __init__(self, *, fail: dict[int, Exception] | None = None, until: int = 1) -> None:
        self.count = 0
        self.fail = fail or {}
        self.until = until
        self.reached = asyncio.Event()

    async def __call__(self) -> int:
        self.count += 1
        if self.count >= self.until:
            self.reached.set()
        if self.count in self.fail:
            raise self.fail[self.count]
        return self.count


def start(
    stop: asyncio.Event,
    every: float,
    work: Rounds,
    *,
    first_run: FirstRun = "now",
    log_traceback: bool = True,
    on_result: Callable[[int], None] | None = None,
) -> asyncio.Task[None]:
    return asyncio.create_task(
        run_periodically(
            stop,
            every,
            work,
            name="test job",
            log=log,
            first_run=first_run,
            log_traceback=log_traceback,
            on_result=on_result,
        )
    )


async def test_now_runs_the_first_round_at_once_and_stop_ends_the_wait() -> None:
    stop = asyncio.Event()
    work = Rounds()
    task = start(stop, LONG, work, first_run="now")
    await asyncio.wait_for(work.reached.wait(), PROMPTLY)
    stop.set()
    await asyncio.wait_for(task, PROMPTLY)  # not a whole period later
    assert work.count == 1


async def test_after_period_waits_a_period_before_the_first_round() -> None:
    stop = asyncio.Event()
    work = Rounds()
    task = start(stop, LONG, work, first_run="after_period")
    await asyncio.sleep(0.05)
    assert work.count == 0
    stop.set()
    await asyncio.wait_for(task, PROMPTLY)
    assert work.count == 0  # stopped during the first wait: no round at all


async def test_after_period_then_runs_every_period() -> None:
    stop = asyncio.Event()
    work = Rounds(until=3)
    task = start(stop, 0.01, work, first_run="after_period")
    await asyncio.wait_for(work.reached.wait(), PROMPTLY)
    stop.set()
    await asyncio.wait_for(task, PROMPTLY)
    assert work.count == 3


async def test_a_stop_set_before_starting_runs_no_round() -> None:
    stop = asyncio.Event()
    stop.set()
    work = Rounds()
    await asyncio.wait_for(start(stop, LONG, work, first_run="now"), PROMPTLY)
    assert work.count == 0


async def test_a_failing_round_is_logged_with_its_trace_and_the_loop_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stop = asyncio.Event()
    work = Rounds(fail={1: RuntimeError("disk on fire")}, until=2)
    results: list[int] = []
    with caplog.at_level(logging.INFO, logger=LOGGER):
        task = start(stop, 0.01, work, log_traceback=True, on_result=results.append)
        await asyncio.wait_for(work.reached.wait(), PROMPTLY)
        stop.set()
        await asyncio.wait_for(task, PROMPTLY)
    assert results == [2]
    [record] = [r for r in caplog.records if r.name == LOGGER]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "test job failed; trying again later"
    assert record.exc_info is not None
    assert "disk on fire" in caplog.text  # the trace, message included


async def test_privacy_mode_logs_only_the_exception_type(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stop = asyncio.Event()
    work = Rounds(fail={1: ValueError("row: Aino Virtanen, 040 123 4567")}, until=2)
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        task = start(stop, 0.01, work, log_traceback=False)
        await asyncio.wait_for(work.reached.wait(), PROMPTLY)
        stop.set()
        await asyncio.wait_for(task, PROMPTLY)
    [record] = [r for r in caplog.records if r.name == LOGGER]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "test job failed (ValueError); trying again later"
    assert record.exc_info is None
    assert "Aino" not in caplog.text
    assert "040" not in caplog.text


async def test_an_error_in_on_result_counts_as_a_failed_round(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def report(result: int) -> None:
        if result == 1:
            raise KeyError("summary")

    stop = asyncio.Event()
    work = Rounds(until=2)
    with caplog.at_level(logging.INFO, logger=LOGGER):
        task = start(stop, 0.01, work, log_traceback=False, on_result=report)
        await asyncio.wait_for(work.reached.wait(), PROMPTLY)
        stop.set()
        await asyncio.wait_for(task, PROMPTLY)
    messages = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert messages == ["test job failed (KeyError); trying again later"]


async def test_a_round_under_way_when_stopped_finishes_and_no_other_follows() -> None:
    stop = asyncio.Event()
    entered = asyncio.Event()
    release = asyncio.Event()
    finished: list[int] = []

    async def slow() -> None:
        entered.set()
        await release.wait()
        finished.append(1)

    task = asyncio.create_task(
        run_periodically(
            stop, 0.01, slow, name="slow", log=log, first_run="now", log_traceback=True
        )
    )
    await asyncio.wait_for(entered.wait(), PROMPTLY)
    stop.set()
    release.set()
    await asyncio.wait_for(task, PROMPTLY)
    assert finished == [1]
