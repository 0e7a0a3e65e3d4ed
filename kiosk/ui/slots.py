"""A typed wrapper over qasync's ``asyncSlot`` (qasync ships no type hints)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, cast

from qasync import asyncSlot

P = ParamSpec("P")


def async_slot(
    *types: type,
) -> Callable[[Callable[P, Coroutine[Any, Any, None]]], Callable[P, object]]:
    """Turn a coroutine method into a Qt slot that runs it as a task on the qasync loop.

    The returned wrapper yields the task, so callers (and tests) can await it.
    """

    def decorate(fn: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, object]:
        return cast("Callable[P, object]", asyncSlot(*types)(fn))

    return decorate
