"""How long the whole PC has been idle: input to any program, not only to the kiosk's windows.

A visitor typing in the browser sends no keys to the kiosk shell, so the shell's own input
events cannot tell "idle" from "busy in another program". On X11 the XScreenSaver extension
knows the time since the last keyboard or mouse input anywhere on the display; this module
reads it through ctypes (``libX11`` + ``libXss``, Debian packages ``libx11-6 libxss1``), with
no toolkit involved. Without X11 (Wayland, offscreen) there is no such source and the session
falls back to the input the shell sees, which is documented in the operations guide.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from typing import Protocol

log = logging.getLogger(__name__)


class IdleSource(Protocol):
    def idle_seconds(self) -> float | None:
        """Seconds since the last input anywhere, or None when it cannot be told now."""
        ...

    def close(self) -> None: ...


class _ScreenSaverInfo(ctypes.Structure):
    _fields_ = (
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    )


class X11Idle:
    """Idle time of one X display through the XScreenSaver extension."""

    def __init__(self, display: str) -> None:
        x11_name = ctypes.util.find_library("X11")
        xss_name = ctypes.util.find_library("Xss")
        if x11_name is None or xss_name is None:
            raise OSError("libX11 or libXss is not installed")
        self._x11 = ctypes.CDLL(x11_name)
        self._xss = ctypes.CDLL(xss_name)
        self._x11.XOpenDisplay.restype = ctypes.c_void_p
        self._x11.XOpenDisplay.argtypes = (ctypes.c_char_p,)
        self._x11.XDefaultRootWindow.restype = ctypes.c_ulong
        self._x11.XDefaultRootWindow.argtypes = (ctypes.c_void_p,)
        self._x11.XCloseDisplay.argtypes = (ctypes.c_void_p,)
        self._x11.XFree.argtypes = (ctypes.c_void_p,)
        self._xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_ScreenSaverInfo)
        self._xss.XScreenSaverQueryInfo.argtypes = (
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_ScreenSaverInfo),
        )
        self._xss.XScreenSaverQueryExtension.argtypes = (
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        )
        self._display: int | None = self._x11.XOpenDisplay(display.encode())
        if not self._display:
            raise OSError(f"cannot open X display {display}")
        event, error = ctypes.c_int(), ctypes.c_int()
        if not self._xss.XScreenSaverQueryExtension(
            self._display, ctypes.byref(event), ctypes.byref(error)
        ):
            self.close()
            raise OSError(f"X display {display} has no XScreenSaver extension")
        self._root = self._x11.XDefaultRootWindow(self._display)
        self._info = self._xss.XScreenSaverAllocInfo()

    def idle_seconds(self) -> float | None:
        if not self._display:
            return None
        if not self._xss.XScreenSaverQueryInfo(self._display, self._root, self._info):
            return None
        return float(self._info.contents.idle) / 1000.0

    def close(self) -> None:
        if self._display:
            if getattr(self, "_info", None):
                self._x11.XFree(self._info)
                self._info = None
            self._x11.XCloseDisplay(self._display)
            self._display = None


def system_idle() -> IdleSource | None:
    """The PC's idle source, or None where there is none (no X11 display)."""
    display = os.environ.get("DISPLAY")
    if not display or os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        return None
    try:
        return X11Idle(display)
    except OSError as error:
        log.warning(
            "whole-PC idle time is not available (%s): only the shell's input counts", error
        )
        return None
