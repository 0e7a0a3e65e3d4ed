"""Whole-PC idle time from a real X server (Xvfb), with real input injected by xdotool."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.services.idle import X11Idle, system_idle

XVFB = shutil.which("Xvfb")
XDOTOOL = shutil.which("xdotool")


@pytest.fixture
def display(tmp_path: Path) -> Iterator[str]:
    """A private Xvfb display (``-displayfd`` picks a free number)."""
    if XVFB is None or XDOTOOL is None:
        message = "Xvfb and xdotool are needed: apt-get install xvfb xdotool libxss1"
        if os.environ.get("KIOSK_TEST_REQUIRE_XVFB") == "1":
            pytest.fail(message)
        pytest.skip(message)
    read, write = os.pipe()
    server = subprocess.Popen(
        [XVFB, "-displayfd", str(write), "-screen", "0", "640x480x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        assert number, "Xvfb did not report its display"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_idle_time_grows_and_input_anywhere_resets_it(display: str) -> None:
    idle = X11Idle(display)
    try:
        time.sleep(0.6)
        before = idle.idle_seconds()
        assert before is not None
        assert before >= 0.5
        assert XDOTOOL is not None
        subprocess.run(
            [XDOTOOL, "mousemove", "100", "120"],
            env={**os.environ, "DISPLAY": display},
            check=True,
            timeout=10,
        )
        after = idle.idle_seconds()
        assert after is not None
        assert after < before
    finally:
        idle.close()
    assert idle.idle_seconds() is None  # closed: no answer, no crash


def test_no_display_means_no_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    assert system_idle() is None
    with pytest.raises(OSError, match="cannot open X display"):
        X11Idle(":987")
