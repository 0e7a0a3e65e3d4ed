"""Scheduled shutdown and wake: the PC switches off after closing and on before opening.

The branch's profile may carry a :class:`fleet.protocol.PowerSchedule`. From it and the
branch's opening hours (holidays and other exceptions included), ``fleet.protocol.power``
computes when the PC switches off (the library closed N minutes ago) and when it wakes (M
minutes before the next opening, closed days skipped), in UTC, so a daylight-saving change in
the night neither adds nor loses an hour; :class:`PowerService` acts on it.

Before switching off, the PC's real-time clock is programmed to wake it; both actions are
commands from the kiosk's settings, run as argument lists without a shell:

* ``KIOSK_WAKE_COMMAND`` (default ``rtcwake -m no -u -t {epoch}``): ``{epoch}`` is the wake
  moment in Unix seconds, ``{iso}`` the same in ISO 8601 UTC.
* ``KIOSK_POWEROFF_COMMAND`` (default ``systemctl poweroff``).
* ``KIOSK_POWER=real|simulate``: ``simulate`` only logs what it would do. The default is
  ``simulate`` for demos and development (``--fake-hardware``, ``--windowed``,
  ``--headless``, screenshots, no display) and ``real`` otherwise.

A wake command that fails is logged and reported, and the PC still switches off: staff can
switch it on by hand (or the BIOS's own schedule does), whereas a PC left on all night is the
thing the schedule is there to prevent. Nothing personal is logged.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import shlex
import subprocess
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from fleet.protocol import DeviceConfig
from fleet.protocol import power as schedule
from fleet.protocol.sessions import EndReason
from kiosk.services.hours import branch_zone

log = logging.getLogger(__name__)

POWER_ENV = "KIOSK_POWER"
WAKE_ENV = "KIOSK_WAKE_COMMAND"
POWEROFF_ENV = "KIOSK_POWEROFF_COMMAND"
DEFAULT_WAKE_COMMAND = ("rtcwake", "-m", "no", "-u", "-t", "{epoch}")
DEFAULT_POWEROFF_COMMAND = ("systemctl", "poweroff")

#: A scheduled shutdown missed by more than this is skipped: the PC was off or the shell was
#: down then, and a PC someone switched on after hours was switched on on purpose.
MISSED_SHUTDOWN = dt.timedelta(minutes=5)
#: A wake alarm closer than this is not set: the PC might not be off yet when it rings.
MIN_WAKE_LEAD = dt.timedelta(minutes=2)
#: The longest a wake or power-off command may take.
COMMAND_TIMEOUT = 20.0


class PowerSettingsError(ValueError):
    """A power command in the environment cannot be used (empty, or not valid shell words)."""


@dataclass(frozen=True)
class PowerSettings:
    """How this PC switches off and sets its wake alarm. The default only simulates."""

    simulate: bool = True
    wake_command: tuple[str, ...] = DEFAULT_WAKE_COMMAND
    poweroff_command: tuple[str, ...] = DEFAULT_POWEROFF_COMMAND

    @classmethod
    def from_env(cls, *, simulate: bool, environ: Mapping[str, str] | None = None) -> PowerSettings:
        """The settings from ``KIOSK_POWER``, ``KIOSK_WAKE_COMMAND`` and
        ``KIOSK_POWEROFF_COMMAND``; ``simulate`` is the default of the first."""
        env = os.environ if environ is None else environ
        mode = env.get(POWER_ENV, "").strip().lower()
        if mode not in ("", "real", "simulate"):
            raise PowerSettingsError(f"{POWER_ENV} must be 'real' or 'simulate', not {mode!r}")
        return cls(
            simulate=simulate if not mode else mode == "simulate",
            wake_command=_command(env, WAKE_ENV, DEFAULT_WAKE_COMMAND),
            poweroff_command=_command(env, POWEROFF_ENV, DEFAULT_POWEROFF_COMMAND),
        )


def _command(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        words = tuple(shlex.split(raw))
    except ValueError as error:
        raise PowerSettingsError(f"{name} is not a valid command line: {error}") from None
    if not words:
        raise PowerSettingsError(f"{name} is empty")
    return words


# --- the schedule (fleet.protocol.power, for this PC's branch) -----------------------------------


def next_shutdown(config: DeviceConfig, after: dt.datetime) -> dt.datetime | None:
    """The first scheduled shutdown later than ``after``; None without a schedule."""
    power = config.policy.power
    return schedule.next_shutdown(config.opening_hours, branch_zone(config), power, after)


def shutdown_after_closing(config: DeviceConfig, closing: dt.datetime) -> dt.datetime | None:
    """When the PC switches off after the closing at ``closing``; None when it stays on."""
    power = config.policy.power
    return schedule.shutdown_after_closing(
        config.opening_hours, branch_zone(config), power, closing
    )


def next_wake(config: DeviceConfig, after: dt.datetime) -> dt.datetime | None:
    """The first scheduled wake later than ``after``, closed days skipped; None without one."""
    power = config.policy.power
    return schedule.next_wake(config.opening_hours, branch_zone(config), power, after)


# --- switching off ------------------------------------------------------------------------------


def utc_text(moment: dt.datetime) -> str:
    """``2026-11-24T05:40:00Z``: how a wake time is reported and passed to commands."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class PowerOutcome:
    """What happened when the PC was asked to switch off."""

    #: The power-off command succeeded (or was simulated): the PC is going down.
    powered_off: bool
    #: The wake alarm that was set; None when none was wanted or setting it failed.
    wake_at: dt.datetime | None = None
    wake_failed: bool = False
    simulated: bool = False

    @property
    def detail(self) -> str:
        """For the command's result: ``wake_at=2026-11-24T05:40:00Z``, ``no_wake``,
        ``wake_failed``, with ``poweroff_failed`` first when the PC did not switch off."""
        parts = [] if self.powered_off else ["poweroff_failed"]
        if self.wake_failed:
            parts.append("wake_failed")
        elif self.wake_at is not None:
            parts.append(f"wake_at={utc_text(self.wake_at)}")
        else:
            parts.append("no_wake")
        if self.simulated:
            parts.append("simulated")
        return " ".join(parts)


class PowerControl:
    """Runs the configured wake and power-off commands (or only logs them, simulating)."""

    def __init__(self, settings: PowerSettings, *, timeout: float = COMMAND_TIMEOUT) -> None:
        self.settings = settings
        self._timeout = timeout

    async def power_off(self, wake_at: dt.datetime | None) -> PowerOutcome:
        """Set the wake alarm for ``wake_at`` (if any), then switch off. A failed wake alarm
        does not stop the power-off (see the module docstring)."""
        if self.settings.simulate:
            if wake_at is not None:
                log.info("simulated: would set the wake alarm for %s", utc_text(wake_at))
            log.info("simulated: would power off now")
            return PowerOutcome(powered_off=True, wake_at=wake_at, simulated=True)
        wake_failed = False
        if wake_at is not None:
            wake_failed = not await self._run("wake", self.settings.wake_command, wake_at)
            if not wake_failed:
                log.info("wake alarm set for %s", utc_text(wake_at))
        powered_off = await self._run("power-off", self.settings.poweroff_command, wake_at)
        if powered_off:
            log.info("powering off")
        return PowerOutcome(
            powered_off=powered_off,
            wake_at=None if wake_failed else wake_at,
            wake_failed=wake_failed,
        )

    async def _run(self, what: str, template: tuple[str, ...], wake_at: dt.datetime | None) -> bool:
        epoch = str(int(wake_at.timestamp())) if wake_at is not None else ""
        iso = utc_text(wake_at) if wake_at is not None else ""
        argv = [part.replace("{epoch}", epoch).replace("{iso}", iso) for part in template]

        def call() -> subprocess.CompletedProcess[bytes]:
            return subprocess.run(  # noqa: S603 - IT's own command, an argument list, no shell
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=self._timeout,
                check=False,
            )

        try:
            result = await asyncio.to_thread(call)
        except (OSError, subprocess.SubprocessError) as error:
            log.error("the %s command could not run: %s", what, type(error).__name__)
            return False
        if result.returncode != 0:
            reason = result.stderr.decode(errors="replace").strip().splitlines()
            log.error(
                "the %s command failed (exit %d): %s",
                what,
                result.returncode,
                reason[0][:200] if reason else "no message",
            )
            return False
        return True


class PowerService:
    """Follows the power schedule and switches the PC off when it says so.

    ``prepare(reason)`` is the shell's: it ends a session still running (wiped, reported
    with ``reason``), stops new log-ins and tells the fleet, within a short time limit.
    """

    def __init__(
        self,
        control: PowerControl,
        *,
        config: Callable[[], DeviceConfig | None],
        clock: Callable[[], dt.datetime],
        prepare: Callable[[EndReason], Awaitable[None]],
    ) -> None:
        self.control = control
        self._config = config
        self._clock = clock
        self._prepare = prepare
        #: The scheduled shutdown last carried out (or simulated, or tried): never twice.
        self._done: dt.datetime | None = None
        self.busy = False

    def planned_shutdown(self) -> dt.datetime | None:
        """The next scheduled shutdown; one missed by less than ``MISSED_SHUTDOWN`` is due."""
        config = self._config()
        if config is None:
            return None
        after = self._clock() - MISSED_SHUTDOWN
        if self._done is not None and self._done >= after:
            after = self._done
        return next_shutdown(config, after)

    def shutdown_after_closing(self, closing: dt.datetime) -> dt.datetime | None:
        config = self._config()
        return shutdown_after_closing(config, closing) if config is not None else None

    async def tick(self) -> PowerOutcome | None:
        """Switch off if the scheduled moment has come; None when it has not."""
        moment = self.planned_shutdown()
        config = self._config()
        now = self._clock()
        if moment is None or config is None or moment > now or self.busy:
            return None
        self._done = moment
        log.info("scheduled shutdown: the library closed")
        return await self._power_off(EndReason.CLOSING, next_wake(config, now + MIN_WAKE_LEAD))

    async def shut_down_now(self, wake_at: dt.datetime | None) -> PowerOutcome:
        """IT's ``shutdown``: wake at ``wake_at``, else at the scheduled wake (if any)."""
        now = self._clock()
        if wake_at is not None and wake_at <= now + MIN_WAKE_LEAD:
            log.info("the requested wake time has passed; waking as scheduled instead")
            wake_at = None
        config = self._config()
        if wake_at is None and config is not None:
            wake_at = next_wake(config, now + MIN_WAKE_LEAD)
        return await self._power_off(EndReason.SHUTDOWN, wake_at)

    async def _power_off(self, reason: EndReason, wake_at: dt.datetime | None) -> PowerOutcome:
        self.busy = True
        try:
            await self._prepare(reason)
            return await self.control.power_off(wake_at)
        finally:
            self.busy = False
