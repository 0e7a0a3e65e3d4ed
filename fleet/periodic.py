"""One loop for the app's background jobs: do a round of work every so often until stopped.

Each job (retention, reminders, statistics rollups, content pruning) hands its round to
:func:`run_periodically`, which owns the rules they all share:

* ``stop`` ends the loop promptly: the wait between rounds returns as soon as it is set,
  and a round that is running is allowed to finish (it is never cancelled from here);
* a failing round never ends the loop: it is logged and the next round comes one period
  later;
* how a failure is logged is the job's explicit choice (``log_traceback``): the full trace, or
  only the exception's type name for jobs whose data is personal, since a database error's
  text can quote the row it was writing.

Work that blocks (a database transaction) goes to a worker thread in the job itself, e.g.
``lambda: asyncio.to_thread(self.run_once)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Literal, TypeVar

T = TypeVar("T")

#: When the first round runs: at once, or one period after the loop starts.
FirstRun = Literal["now", "after_period"]


async def run_periodically(
    stop: asyncio.Event,
    every: float,
    work: Callable[[], Awaitable[T]],
    *,
    name: str,
    log: logging.Logger,
    first_run: FirstRun,
    log_traceback: bool,
    on_result: Callable[[T], None] | None = None,
) -> None:
    """Await ``work()`` every ``every`` seconds until ``stop`` is set.

    ``name`` names the job in the failure message (``"<name> failed; trying again later"``),
    written to ``log`` (the job's own module logger). ``log_traceback=True`` logs a failure
    with its full trace (:meth:`logging.Logger.exception`); ``log_traceback=False`` logs
    only the exception's type name, at ERROR, never its message. ``on_result`` gets each
    successful round's result (to log a summary); an exception it raises counts as a failed
    round. Returns once ``stop`` is set; a round in progress then is finished first.
    """
    if first_run == "after_period":
        await _wait(stop, every)
    while not stop.is_set():
        try:
            result = await work()
            if on_result is not None:
                on_result(result)
        except Exception as error:
            if log_traceback:
                log.exception("%s failed; trying again later", name)
            else:
                # Only the kind: the message can carry personal data.
                log.error("%s failed (%s); trying again later", name, type(error).__name__)
        await _wait(stop, every)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    """Sleep ``seconds``, or less if ``stop`` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
