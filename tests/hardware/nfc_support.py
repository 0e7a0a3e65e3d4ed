"""Helpers for NFC tests over nfcpy's UDP driver: free ports, and cards played on a thread."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")


def free_udp_port() -> int:
    """A free loopback UDP port that nfcpy can use.

    nfcpy's UDP driver turns the port into a service name and back (``int("discard")`` fails),
    so ports with a name in /etc/services are skipped.
    """
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if socket.getnameinfo(("127.0.0.1", port), socket.NI_NUMERICHOST)[1].isdigit():
            return port
    raise RuntimeError("no free UDP port without a service name")


class InThread(Generic[T]):
    """Runs a blocking call on a thread; ``result()`` joins it and returns or re-raises.

    Used as a context manager, it calls ``stop`` (if given) and joins on exit, so no test
    leaves a card thread behind.
    """

    def __init__(
        self, call: Callable[[], T], *, stop: Callable[[], None] | None = None, name: str = "card"
    ) -> None:
        self._call = call
        self._stop = stop
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:
        try:
            self._value = self._call()
        except BaseException as error:
            self._error = error

    def start(self) -> InThread[T]:
        self._thread.start()
        return self

    def result(self, timeout: float = 30.0) -> T:
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise TimeoutError("the card thread did not finish")
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]  # set when no error was raised

    def __enter__(self) -> InThread[T]:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._stop is not None:
            self._stop()
        self._thread.join(10.0)
