"""KioskShell: the kiosk's services behind the UI's ShellController interface.

How the composition root (``kiosk/app.py``) uses it::

    from kiosk.services.kiosk_shell import KioskShell

    shell = KioskShell.open(state_dir, hardware)   # sync; opens SQLite, reads credential + config
    shell.add_listener(ui_adapter)                 # ShellListener: view_changed / message_received
                                                   #               / restart_requested
    stop = asyncio.Event()                         # set it from QApplication.aboutToQuit
    await shell.run(stop)                          # check-in, WebSocket, outbox and result loops;
                                                   # returns after stop is set and a final flush
    if shell.restart_pending: ...                  # the fleet sent "restart": re-execute the app
    shell.close()

* ``state_dir``: from ``kiosk.services.state.default_state_dir()`` unless ``--state-dir`` is given.
* ``hardware``: any object with ``reader`` and ``printer`` attributes whose ``async health()``
  returns a :class:`fleet.protocol.DeviceHealth` (see :class:`HardwareSet`); hardware's factory
  result fits. ``None`` reports both as absent.
* ``server_url``: overrides the server stored with the credential (rarely needed).
* ``shell.view`` is always the current :class:`~kiosk.services.shell.ShellView`; every change is
  pushed to listeners on the event-loop thread. ``await shell.set_language("sv")`` switches the
  language and records an anonymous ``language_changed`` event.
* ``shell.record_event(EventType.X, attrs)`` commits an anonymous usage event to the outbox.
* ``shell.content`` (:class:`~kiosk.services.content_sync.ContentSync`) follows the content
  manifest each check-in names, in the background and one sync at a time;
  ``shell.content.store`` has the installed version (``installed()``, ``path_of(file)``).
  Every check-in reports the installed manifest id and the last refusal; a large download
  shows as ``view.content_download`` (percent) in the status strip.
* ``view.info`` (idle only): the slides, opening hours and announcements to show now
  (:func:`kiosk.services.info_screen.info_at`) from the installed bundle (the shipped one
  until a bundle is installed) and the config; re-published when the config or the content
  changes, and by itself when the info changes (an announcement ends, the branch closes).
* ``shell.power`` (:class:`~kiosk.services.power.PowerService`) switches the PC off as the
  branch's power schedule says, and on IT's ``shutdown`` command (a visitor is warned and
  logged out after ``ShellTimings.shutdown_grace`` first). ``power``: how (the commands, or
  only simulating, which is the default); ``kiosk run`` reads it from the environment.

Without a credential the view's mode is NOT_REGISTERED; the shell watches the credential file, so
``kiosk enroll`` run while it is up brings it to IDLE without a restart. A 401 from the fleet
also switches to NOT_REGISTERED. A persisted lock (from a ``lock`` command) survives restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import random
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Protocol

from content.bundle import Bundle
from content.guides import GUIDE_ID, GuideSet, default_guides
from content.manifest import ContentKey
from fleet.protocol import (
    CheckInRequest,
    DeviceConfig,
    DeviceHealth,
    DeviceState,
    EventType,
    GuestPassSlip,
    HealthStatus,
    Nudge,
)
from fleet.protocol.content import ContentError
from fleet.protocol.hours import closes_at
from fleet.protocol.sessions import (
    EndReason,
    LoginMethod,
    PatronAccount,
    ReservationMade,
    ReservationOptions,
)
from fleet.protocol.support import BookingCreate, HelpTicket, SlotList, SupportTopic
from hardware import CardReader, CardReaderError, ReceiptPrinter, Scanner, ScannerError
from kiosk.services.bundles import BundleLoader
from kiosk.services.client import DeviceClient
from kiosk.services.commands import CommandExecutor
from kiosk.services.content_store import ContentStore
from kiosk.services.content_sync import (
    RESUME_DELAYS,
    ContentSync,
    SyncOutcome,
    trusted_keys,
)
from kiosk.services.errors import (
    FleetError,
    FleetUnreachableError,
    NotRegisteredError,
    StateError,
)
from kiosk.services.hours import branch_zone, hours_today
from kiosk.services.idle import IdleSource
from kiosk.services.info_screen import info_at
from kiosk.services.nudges import NudgeListener
from kiosk.services.outbox import EventAttrs, Outbox, utc_now
from kiosk.services.power import PowerControl, PowerOutcome, PowerService, PowerSettings
from kiosk.services.sandbox import SessionSandbox
from kiosk.services.shell import (
    LANGUAGES,
    GuideEvent,
    SessionView,
    ShellListener,
    ShellMode,
    ShellView,
)
from kiosk.services.slips import guest_pass_slip
from kiosk.services.state import Credential, StateDir, StoredConfig
from kiosk.services.store import LocalStore
from kiosk.services.support import BookedSlip, BookingDesk, HelpDesk, SlipPrinter
from kiosk.services.timing import Backoff, jittered, wait_event
from kiosk.services.visitor import VisitorService

log = logging.getLogger(__name__)

#: How long one peripheral may take to report its health before it counts as an error.
HEALTH_TIMEOUT = 2.0
#: How long the final flush at shutdown may take: quitting must never hang on the network.
FINAL_FLUSH_TIMEOUT = 3.0
#: Content downloads smaller than this finish too fast for a progress figure to help anyone.
PROGRESS_MIN_BYTES = 1_000_000
#: The shortest wait between two looks at the clock for the info screen.
MIN_CLOCK_WAIT = 0.05
#: How long telling the fleet may take before the PC switches off (state, results, events).
POWER_OFF_FLUSH_TIMEOUT = 5.0
#: How long after its power-off command the PC is expected to be gone; if it is still here
#: then, it goes back to work (log-ins, its real state at check-in).
POWER_OFF_HOLD = 120.0
#: After the shutdown grace, how much longer the session's own clock may take to end it.
GRACE_SLACK = 5.0


def app_version() -> str:
    try:
        return metadata.version("library-kiosk")
    except metadata.PackageNotFoundError:
        return "0.0.0"


class HealthReport(Protocol):
    """A peripheral's health as the hardware layer reports it (``PeripheralHealth`` fits)."""

    @property
    def status(self) -> str: ...

    @property
    def detail(self) -> str | None: ...


class HealthSource(Protocol):
    async def health(self) -> HealthReport: ...


class HardwareSet(Protocol):
    """The peripherals the shell uses; the hardware layer's ``HardwareSet`` fits."""

    @property
    def reader(self) -> CardReader: ...

    @property
    def printer(self) -> ReceiptPrinter: ...

    @property
    def scanner(self) -> Scanner: ...


@dataclass(frozen=True)
class ShellTimings:
    """Timings the fleet does not set. Tests shorten them; production keeps the defaults."""

    initial_backoff: float = 1.0
    max_backoff: float = 60.0
    upload_debounce: float = 1.0
    #: How often a kiosk without a valid credential looks for a new one.
    credential_poll: float = 2.0
    #: Check-in interval before the first config arrives.
    default_interval: float = 30.0
    #: How long to wait before reading again from a reader or scanner that failed.
    device_retry: float = 2.0
    #: After a failed content sync (network, disk, a bad blob): first and longest wait before
    #: the next one; long, so 500 PCs do not fetch a broken blob over and over.
    content_retry: float = 30.0
    content_retry_max: float = 900.0
    #: Waits before resuming a cut blob download within one sync.
    content_resume_delays: tuple[float, ...] = RESUME_DELAYS
    #: The longest wait before the view is computed again for the clock (today's hours roll
    #: over at midnight; announcements start and end); sooner when the info changes sooner.
    clock_period: float = 30.0
    #: Between IT's ``shutdown`` and the log-out of a visitor using the PC: their warning.
    shutdown_grace: float = 60.0


async def _health_of(source: HealthSource | None) -> DeviceHealth:
    if source is None:
        return DeviceHealth(status=HealthStatus.ABSENT)
    try:
        report = await asyncio.wait_for(source.health(), HEALTH_TIMEOUT)
        return DeviceHealth(status=HealthStatus(str(report.status)), detail=report.detail)
    except Exception:  # a broken driver must not stop check-ins; report it instead
        log.warning("peripheral health check failed", exc_info=True)
        return DeviceHealth(status=HealthStatus.ERROR, detail="health_failed")


class KioskShell:
    """Owns the kiosk's services and publishes a :class:`ShellView` (a ``ShellController``)."""

    def __init__(
        self,
        state: StateDir,
        store: LocalStore,
        hardware: HardwareSet | None = None,
        *,
        server_url: str | None = None,
        timings: ShellTimings | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        rng: random.Random | None = None,
        version: str | None = None,
        idle: IdleSource | None = None,
        power: PowerSettings | None = None,
    ) -> None:
        self._state = state
        self._store = store
        self._idle = idle
        self._hardware = hardware
        self._server_url = server_url
        self._timings = timings or ShellTimings()
        self._clock = clock
        self._rng = rng or random.Random()
        self._version = version or app_version()
        self.outbox = Outbox(store, clock)
        self.commands = CommandExecutor(store, self, clock)
        self._listeners: list[ShellListener] = []
        self.visitor = VisitorService(
            store,
            SessionSandbox(state.path / "sessions"),
            client=lambda: self._client,
            config=lambda: self._config.config if self._config else None,
            record_event=self.record_event,
            changed=self._publish,
            wiped=self._session_wiped,
            unreachable=lambda: self._set_online(False),
            clock=clock,
            language=lambda: self._language,
            idle=idle,
        )
        self._tasks: set[asyncio.Task[None]] = set()
        self._slips = SlipPrinter(
            hardware.printer if hardware is not None else None,
            self.record_event,
            # A print attempt may have changed the printer's health: tell the fleet soon.
            printed=self._checkin_soon,
        )
        config_of = lambda: self._config.config if self._config else None  # noqa: E731
        self.help = HelpDesk(lambda: self._client, config_of, self._slips, self._publish)
        self.bookings = BookingDesk(lambda: self._client, config_of, self._slips)
        self._guides: GuideSet | None = None
        self.content = ContentSync(
            ContentStore(state.path / "content"),
            lambda: self._client,
            clock,
            resume_delays=self._timings.content_resume_delays,
        )
        self._bundles = BundleLoader(self.content.store, state.path / "content-trees")
        self.power = PowerService(
            PowerControl(power or PowerSettings()),
            config=config_of,
            clock=clock,
            prepare=self._prepare_power_off,
        )
        #: Set from IT's ``shutdown`` or the schedule until the PC is gone (no log-ins);
        #: the monotonic time the power-off command succeeded, once it has.
        self._power_off_pending = False
        self._powered_off_at: float | None = None
        self._wipe_waiters: list[asyncio.Event] = []
        #: The bundle the info screen shows (None until the first load, in ``run``).
        self._bundle: Bundle | None = None
        #: What the last check-in reply said this PC should have.
        self._content_target: str | None = None
        self._content_forced = False
        self._content_percent: int | None = None

        self._credential: Credential | None = None
        self._credential_stamp: tuple[int, int, int] | None = None
        self._rejected_stamp: tuple[int, int, int] | None = None
        self._client: DeviceClient | None = None
        self._stale_clients: list[DeviceClient] = []
        self._config: StoredConfig | None = state.load_config()
        self._online: bool | None = None
        self._reader = DeviceHealth()
        self._printer = DeviceHealth()
        self._language = LANGUAGES[0]
        self.restart_pending = False
        self._restart_announced = False

        # Created lazily inside run(): asyncio objects belong to the loop that runs them.
        self._wake: asyncio.Event | None = None
        self._upload_wanted: asyncio.Event | None = None
        self._credential_changed: asyncio.Event | None = None
        self._content_wanted: asyncio.Event | None = None

        store.recover_interrupted_commands()
        store.forget_old_commands(clock())
        # Before anything else: a session a crashed shell left behind is ended and wiped, so
        # the next visitor gets a clean PC (and the fleet hears of it).
        self.visitor.recover()
        self._load_credential()
        self._view = self._compute_view()

    @classmethod
    def open(
        cls,
        state_dir: Path,
        hardware: HardwareSet | None = None,
        server_url: str | None = None,
        *,
        timings: ShellTimings | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        rng: random.Random | None = None,
        version: str | None = None,
        idle: IdleSource | None = None,
        power: PowerSettings | None = None,
    ) -> KioskShell:
        """Open the state directory (creating it) and its database; no network until ``run``.

        ``idle``: the PC's idle time (``kiosk.services.idle.system_idle()``), so typing in
        another program keeps a session alive; without it only the shell's input counts.
        ``power``: how to switch the PC off; without it, switching off is only simulated.
        """
        state = StateDir(state_dir)
        store = LocalStore(state.database_path)
        return cls(
            state,
            store,
            hardware,
            server_url=server_url,
            timings=timings,
            clock=clock,
            rng=rng,
            version=version,
            idle=idle,
            power=power,
        )

    def close(self) -> None:
        if self._idle is not None:
            self._idle.close()
        self._store.close()

    # --- ShellController ------------------------------------------------------------------------

    @property
    def view(self) -> ShellView:
        return self._view

    def add_listener(self, listener: ShellListener) -> None:
        self._listeners.append(listener)

    async def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        if language == self._language:
            return
        self._language = language
        self.record_event(EventType.LANGUAGE_CHANGED, {"language": language})
        self._publish()

    # --- visitors (ShellController) --------------------------------------------------------------

    async def scanned(self, text: str) -> None:
        if self._may_log_in():
            await self.visitor.scanned(text)

    def begin_login(self, method: LoginMethod, card_number: str) -> None:
        if self._may_log_in():
            self.visitor.begin_login(method, card_number)

    async def submit_pin(self, pin: str) -> None:
        if self._may_log_in():
            await self.visitor.submit_pin(pin)

    def cancel_login(self) -> None:
        self.visitor.cancel_login()

    def dismiss_notice(self) -> None:
        self.visitor.dismiss_notice()

    def visitor_active(self) -> None:
        self.visitor.visitor_active()

    async def extend_session(self) -> None:
        await self.visitor.extend()

    async def logout(self) -> None:
        await self.visitor.logout()

    async def launch_app(self, app_id: str) -> None:
        await self.visitor.launch_app(app_id)

    async def account(self) -> PatronAccount:
        return await self.visitor.account()

    async def reservation_options(self) -> ReservationOptions:
        return await self.visitor.reservation_options()

    async def reserve(self, starts_at: dt.datetime) -> ReservationMade:
        return await self.visitor.reserve(starts_at)

    # --- digital support (ShellController) -------------------------------------------------

    async def ask_for_help(self, topic: SupportTopic | None) -> HelpTicket:
        return await self.help.ask(topic, self._language)

    async def cancel_help(self) -> None:
        await self.help.cancel()

    async def print_help_ticket(self) -> str:
        return await self.help.print_ticket(self._language)

    async def support_slots(
        self, topic: SupportTopic, language: str, branch_id: str | None = None
    ) -> SlotList:
        return await self.bookings.slots(topic, language, branch_id)

    async def book_adviser(self, request: BookingCreate) -> BookedSlip:
        return await self.bookings.book(request, self._language)

    def guides(self) -> GuideSet:
        """The guides of the bundle in use: the installed one once content sync has put one
        in place (and it was opened), else the ones that ship with the kiosk."""
        if self._bundle is not None:
            return self._bundle.guides
        if self._guides is None:
            self._guides = default_guides()
        return self._guides

    def guide_event(self, kind: GuideEvent, guide_id: str, step: int | None = None) -> None:
        if not GUIDE_ID.fullmatch(guide_id):
            raise ValueError("not a guide id")
        attrs: EventAttrs = {"guide": guide_id.replace("-", "_")}
        if kind is GuideEvent.OPENED:
            self.record_event(EventType.GUIDE_OPENED, {**attrs, "language": self._language})
        elif kind is GuideEvent.STEP:
            self.record_event(EventType.GUIDE_STEP, {**attrs, "step": max(0, step or 0)})
        elif kind is GuideEvent.COMPLETED:
            self.record_event(EventType.GUIDE_COMPLETED, attrs)
        else:
            self.record_event(
                EventType.GUIDE_FEEDBACK, {**attrs, "helpful": kind is GuideEvent.HELPFUL}
            )

    def _may_log_in(self) -> bool:
        """Log-ins only on a registered, unlocked PC that knows its branch."""
        if self._view.mode not in (ShellMode.IDLE, ShellMode.LOGIN):
            return False
        if self._powering_off():
            self.visitor.switching_off()
            return False
        if self._config is None:
            # Enrolled, but the branch (hours, policy, card keys) has not arrived yet.
            self.visitor.not_ready()
            return False
        return True

    def _session_wiped(self) -> None:
        # The visitor has gone: an adviser must not walk over to an empty PC.
        if self.help.ticket is not None:
            self._spawn(self.help.cancel())
        for waiter in self._wipe_waiters:
            waiter.set()
        for listener in list(self._listeners):
            self._notify(listener.session_wiped)

    # --- events ---------------------------------------------------------------------------------

    def record_event(self, event_type: EventType, attrs: EventAttrs | None = None) -> None:
        """Commit an anonymous usage event to the outbox; it is uploaded in the background."""
        self.outbox.record(event_type, attrs)
        if self._upload_wanted is not None:
            self._upload_wanted.set()

    # --- CommandEffects (called by the executor after the result is stored) ------------------

    def locked(self, message: str | None) -> None:
        # A locked PC has no visitor: whoever was using it is logged out and wiped first.
        self._spawn(self.visitor.end(EndReason.REMOTE))
        self.visitor.cancel_login()
        self._publish()

    def end_session_requested(self) -> bool:
        if not self.visitor.active:
            return False
        self._spawn(self.visitor.end(EndReason.REMOTE))
        return True

    def unlocked(self) -> None:
        self._publish()

    def message_received(self, text: str) -> None:
        for listener in list(self._listeners):
            self._notify(listener.message_received, text)

    def restart_requested(self) -> None:
        # Announced after the results were sent (see _checkin_once), so the fleet sees the ack.
        self.restart_pending = True

    def sync_requested(self) -> None:
        self._checkin_soon()
        # Also when the assignment looks unchanged: IT may have fixed a refused bundle.
        self._content_forced = True
        if self._content_wanted is not None:
            self._content_wanted.set()

    def _checkin_soon(self) -> None:
        if self._wake is not None:
            self._wake.set()
        if self._upload_wanted is not None:
            self._upload_wanted.set()

    def guest_pass_slip_requested(self, command_id: int, slip: GuestPassSlip) -> None:
        self._spawn(self._print_guest_pass(command_id, slip))

    async def _print_guest_pass(self, command_id: int, slip: GuestPassSlip) -> None:
        """Print a pass staff created at the desk; the code and PIN are not kept anywhere."""
        config = self._config.config if self._config else None
        receipt = guest_pass_slip(
            slip.code,
            slip.pin,
            slip.valid_until,
            slip.minutes,
            config.branch_name.get(slip.language) if config else "",
            slip.language,
            tz=branch_zone(config) if config else None,
        )
        outcome = await self._slips.print(receipt, "guest_pass")
        # Stored before the check-in that print() has just woken can send it.
        self.commands.slip_printed(command_id, outcome)

    def shutdown_requested(self, command_id: int, wake_at: dt.datetime | None) -> None:
        """IT's ``shutdown``: a visitor is told at once and gets the grace to save their work,
        then is logged out (wiped, reported); then the PC switches off as for the schedule."""
        if self._power_off_pending:
            self.commands.shutdown_finished(command_id, True, "already_shutting_down")
            self._checkin_soon()
            return
        self._power_off_pending = True
        grace = self._timings.shutdown_grace
        gone = None
        if self.visitor.end_soon(grace, EndReason.SHUTDOWN, "pc_shutting_down"):
            log.info("shutdown: the visitor has %.0f s before the log-out", grace)
            gone = asyncio.Event()
            self._wipe_waiters.append(gone)
        self._spawn(self._remote_shutdown(command_id, wake_at, gone))

    async def _remote_shutdown(
        self, command_id: int, wake_at: dt.datetime | None, gone: asyncio.Event | None
    ) -> None:
        try:
            if gone is not None:
                # The session's own clock ends it (warned, like any time-up); prepare ends
                # it anyway if that clock does not run.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(gone.wait(), self._timings.shutdown_grace + GRACE_SLACK)
            outcome = await self.power.shut_down_now(wake_at)
        except Exception:
            log.exception("shutdown failed")
            outcome = PowerOutcome(powered_off=False)
        finally:
            self._wipe_waiters = [w for w in self._wipe_waiters if w is not gone]
        self.commands.shutdown_finished(command_id, outcome.powered_off, outcome.detail)
        self._after_power_off(outcome)

    async def _prepare_power_off(self, reason: EndReason) -> None:
        """No more log-ins; a session still running ends (wiped, reported); tell the fleet."""
        self._power_off_pending = True
        self.visitor.cancel_login()
        await self.visitor.end(reason)
        self._publish()
        client = self._client
        if client is None:
            return
        try:
            async with asyncio.timeout(POWER_OFF_FLUSH_TIMEOUT):
                # The fleet shows "switched off", not "offline"; commands in the reply wait
                # (the fleet hands them out again once the PC is back).
                await client.checkin(self._checkin_request(DeviceState.SHUT_DOWN))
                await self.commands.send_results(client)
                await self.visitor.flush_reports(client)
                await self.outbox.flush(client)
        except (FleetError, TimeoutError) as exc:
            # Nothing is lost: what was not sent stays on disk for the next start.
            log.info("could not tell the fleet before switching off: %s", type(exc).__name__)

    def _after_power_off(self, outcome: PowerOutcome) -> None:
        if outcome.powered_off and not outcome.simulated:
            # Going down: the session manager stops the shell in a moment.
            self._powered_off_at = time.monotonic()
        else:
            if not outcome.powered_off:
                log.error("the PC did not switch off; back to work")
            self._power_off_pending = False
            self._powered_off_at = None
        self._publish()
        self._checkin_soon()

    def _powering_off(self) -> bool:
        if not self._power_off_pending:
            return False
        since = self._powered_off_at
        if since is not None and time.monotonic() - since > POWER_OFF_HOLD:
            log.error("the PC was asked to switch off but is still running; back to work")
            self._power_off_pending = False
            self._powered_off_at = None
            return False
        return True

    async def _power_loop(self, stop: asyncio.Event) -> None:
        """Switch off when the power schedule says so (looked at every clock period)."""
        while not stop.is_set():
            try:
                # Not while IT's shutdown is under way (a visitor's minute of grace).
                outcome = None if self._powering_off() else await self.power.tick()
            except Exception:
                log.exception("scheduled shutdown failed")
                self._power_off_pending = False
            else:
                if outcome is not None:
                    self._after_power_off(outcome)
            wait = self._timings.clock_period
            planned = self.power.planned_shutdown()
            if planned is not None:
                until = (planned - self._clock()).total_seconds()
                wait = min(wait, max(until, MIN_CLOCK_WAIT))
            await wait_event(stop, wait)

    def _spawn(self, work: Coroutine[object, object, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- running ----------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Run check-ins, the nudge socket and the uploader until ``stop`` is set, then flush."""
        self._wake = asyncio.Event()
        self._upload_wanted = asyncio.Event()
        self._credential_changed = asyncio.Event()
        self._content_wanted = asyncio.Event()
        self.record_event(EventType.SHELL_STARTED)
        tasks = [
            asyncio.create_task(self._checkin_loop(stop), name="kiosk-checkin"),
            asyncio.create_task(self._upload_loop(stop), name="kiosk-upload"),
            asyncio.create_task(self._nudge_loop(stop), name="kiosk-nudges"),
            asyncio.create_task(self._clock_loop(stop), name="kiosk-clock"),
            asyncio.create_task(self.visitor.run(stop), name="kiosk-session-clock"),
            asyncio.create_task(self._report_loop(stop), name="kiosk-session-reports"),
            asyncio.create_task(self.help.run(stop), name="kiosk-help-ticket"),
            asyncio.create_task(self._content_loop(stop), name="kiosk-content-sync"),
            asyncio.create_task(self._power_loop(stop), name="kiosk-power-schedule"),
        ]
        if self._hardware is not None:
            tasks += [
                asyncio.create_task(self._reader_loop(stop), name="kiosk-card-reader"),
                asyncio.create_task(self._scanner_loop(stop), name="kiosk-scanner"),
            ]
        try:
            await stop.wait()
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            # Stopping the program (shutdown, restart) ends the visitor's session: wiped now,
            # reported in the final flush (or at the next start).
            await self.visitor.end(EndReason.SHUTDOWN)
            for pending in list(self._tasks):
                with contextlib.suppress(Exception):
                    await pending
            await self._final_flush()
            self._set_client(None)
            await self._close_stale_clients()

    async def checkin_now(self) -> None:
        """One check-in outside the loop (IT tools, tests). Raises FleetError on failure."""
        client = self._require_client()
        await self._checkin_once(client)

    async def flush_outbox(self) -> None:
        """Upload the outbox now. Raises FleetError on failure."""
        await self.outbox.flush(self._require_client())

    def _require_client(self) -> DeviceClient:
        self._refresh_credential()
        if self._client is None:
            raise NotRegisteredError("no_credential")
        return self._client

    async def _checkin_loop(self, stop: asyncio.Event) -> None:
        assert self._wake is not None
        backoff = Backoff(self._timings.initial_backoff, self._timings.max_backoff, self._rng)
        while not stop.is_set():
            self._wake.clear()
            self._refresh_credential()
            await self._close_stale_clients()
            client = self._client
            if client is None:
                delay = self._timings.credential_poll
            else:
                try:
                    await self._checkin_once(client)
                except NotRegisteredError as exc:
                    log.warning("fleet does not recognise this device (%s)", exc.code)
                    self._rejected_stamp = self._credential_stamp
                    self._set_client(None)
                    self._publish()
                    delay = self._timings.credential_poll
                except FleetUnreachableError as exc:
                    log.info("check-in failed: %s", exc)
                    self._set_online(False)
                    delay = backoff.next_delay()
                except FleetError as exc:
                    # The fleet answered but refused: reachable, so not "offline".
                    log.warning("check-in refused: %s", exc)
                    delay = backoff.next_delay()
                except Exception:
                    # A bug or a local fault (disk full) must not end check-ins for good.
                    log.exception("check-in failed unexpectedly")
                    delay = backoff.next_delay()
                else:
                    backoff.reset()
                    self._set_online(True)
                    delay = jittered(self._interval(), self._rng)
            await wait_event(self._wake, delay)

    async def _checkin_once(self, client: DeviceClient) -> None:
        self._reader, self._printer = await asyncio.gather(
            _health_of(self._hardware.reader if self._hardware else None),
            _health_of(self._hardware.printer if self._hardware else None),
        )
        locked, _ = self.commands.locked_message()
        if self._powered_off_at is not None and self._powering_off():
            state = DeviceState.SHUT_DOWN
        elif locked:
            state = DeviceState.LOCKED
        elif self.visitor.active:
            state = DeviceState.IN_SESSION
        else:
            state = DeviceState.IDLE
        response = await client.checkin(self._checkin_request(state))
        if response.config is not None and (
            self._config is None or self._config.etag != response.config_etag
        ):
            self._apply_config(StoredConfig(etag=response.config_etag, config=response.config))
        self._content_target = response.content_manifest_id
        if (
            self._content_wanted is not None
            and self._config is not None
            and self.content.wanted(self._content_target, self._trusted_keys())
        ):
            self._content_wanted.set()
        for command in response.commands:
            self.commands.execute(command)
        self._publish()
        try:
            await self.commands.send_results(client)
        finally:
            if self.restart_pending and not self._restart_announced:
                self._restart_announced = True
                for listener in list(self._listeners):
                    self._notify(listener.restart_requested)
        if self._upload_wanted is not None and self.outbox.depth:
            self._upload_wanted.set()
        if self.visitor.pending_reports():
            self.visitor.reports_wanted.set()

    def _checkin_request(self, state: DeviceState) -> CheckInRequest:
        installed = self.content.store.installed()
        return CheckInRequest(
            state=state,
            app_version=self._version,
            content_version=installed.manifest.label if installed else None,
            reader=self._reader,
            printer=self._printer,
            config_etag=self._config.etag if self._config else None,
            outbox_depth=self.outbox.depth,
            content_manifest_id=installed.manifest_id if installed else None,
            content_error=self.content.last_error,
        )

    def _apply_config(self, stored: StoredConfig) -> None:
        # Persist first: a kiosk that restarts offline boots with its branch, hours and policy.
        self._state.save_config(stored)
        self._config = stored
        self.record_event(EventType.CONFIG_APPLIED)
        log.info("applied config %s", stored.etag)

    def _interval(self) -> float:
        if self._config is None:
            return self._timings.default_interval
        return float(self._config.config.policy.checkin_interval_seconds)

    async def _upload_loop(self, stop: asyncio.Event) -> None:
        assert self._upload_wanted is not None
        backoff = Backoff(self._timings.initial_backoff, self._timings.max_backoff, self._rng)
        self._upload_wanted.set()  # whatever a previous run left behind goes first
        retry_in: float | None = None
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            if retry_in is None:
                if await wait_event(self._upload_wanted, self._interval()):
                    # Gather a burst of events into one request.
                    await wait_event(stop, self._timings.upload_debounce)
            else:
                # Backing off: only a successful check-in (the fleet is back) cuts it short.
                deadline = loop.time() + retry_in
                while not stop.is_set() and (remaining := deadline - loop.time()) > 0:
                    if await wait_event(self._upload_wanted, remaining) and self._online:
                        break
                    self._upload_wanted.clear()
            self._upload_wanted.clear()
            client = self._client
            if client is None or self.outbox.depth == 0:
                retry_in = None
                continue
            try:
                await self.outbox.flush(client)
            except NotRegisteredError:
                retry_in = None
                if self._wake is not None:
                    self._wake.set()  # the check-in loop handles the credential
            except FleetError as exc:
                log.info("event upload failed: %s", exc)
                if isinstance(exc, FleetUnreachableError):
                    self._set_online(False)
                retry_in = backoff.next_delay()
            except Exception:
                log.exception("event upload failed unexpectedly")
                retry_in = backoff.next_delay()
            else:
                backoff.reset()
                retry_in = None

    def _trusted_keys(self) -> dict[str, ContentKey]:
        return trusted_keys(self._config.config.content_keys) if self._config else {}

    async def _content_loop(self, stop: asyncio.Event) -> None:
        """Run content syncs one after another when a check-in or a ``sync`` command asks."""
        assert self._content_wanted is not None
        wanted = self._content_wanted
        backoff = Backoff(self._timings.content_retry, self._timings.content_retry_max, self._rng)
        # The info screen's bundle first; loaded here, where installs happen one at a time.
        await self._load_bundle()
        while not stop.is_set():
            if not await wait_event(wanted, self._interval()):
                continue
            wanted.clear()
            forced, self._content_forced = self._content_forced, False
            if self._config is None or self._client is None:
                continue  # the publisher keys come with the config
            trusted = self._trusted_keys()
            if forced:
                self.content.forget_refusal()
            elif not self.content.wanted(self._content_target, trusted):
                continue
            reported = (self.content.store.installed_id(), self.content.last_error)
            try:
                result = await self.content.sync(
                    self._content_target, trusted, self._content_progress
                )
            finally:
                self._content_percent = None
                self._publish()
            if result.outcome is SyncOutcome.INSTALLED:
                await self._load_bundle()
            if (self.content.store.installed_id(), self.content.last_error) != reported:
                self._checkin_soon()  # the fleet's roll-out view waits for this
            retry = result.outcome is SyncOutcome.FAILED or (
                result.outcome is SyncOutcome.REFUSED and result.error is ContentError.BAD_BLOB
            )
            if not retry:
                backoff.reset()
                continue
            # Check-ins keep asking meanwhile; only IT's ``sync`` command cuts the wait short.
            loop = asyncio.get_running_loop()
            deadline = loop.time() + backoff.next_delay()
            while not stop.is_set() and (remaining := deadline - loop.time()) > 0:
                if await wait_event(wanted, remaining) and self._content_forced:
                    break
                wanted.clear()
            wanted.set()

    async def _load_bundle(self) -> None:
        """Open the bundle in use (unpacking a new version) off the event loop, then show it."""
        try:
            bundle = await asyncio.to_thread(self._bundles.load)
        except Exception:  # a broken shipped bundle must not stop content syncs
            log.exception("no content bundle to show")
            return
        self._bundle = bundle
        self._publish()

    def _content_progress(self, done: int, total: int) -> None:
        if total < PROGRESS_MIN_BYTES:
            return
        percent = min(100, done * 100 // total)
        if percent != self._content_percent:
            self._content_percent = percent
            self._publish()

    async def _nudge_loop(self, stop: asyncio.Event) -> None:
        assert self._credential_changed is not None
        backoff = Backoff(self._timings.initial_backoff, self._timings.max_backoff, self._rng)
        while not stop.is_set():
            self._credential_changed.clear()
            credential = self._credential
            if credential is None or self._client is None:
                await wait_event(self._credential_changed, self._timings.credential_poll)
                continue
            listener = NudgeListener(
                self._server_url or credential.server_url,
                credential.token,
                self._nudged,
                backoff,
                on_rejected=lambda _status: self._nudged(None),
                on_lost=lambda: self._nudged(None),
            )
            listener_stop = asyncio.Event()
            task = asyncio.create_task(listener.run(listener_stop))
            stop_wait = asyncio.create_task(stop.wait())
            changed_wait = asyncio.create_task(self._credential_changed.wait())
            try:
                await asyncio.wait(
                    {task, stop_wait, changed_wait}, return_when=asyncio.FIRST_COMPLETED
                )
            finally:
                listener_stop.set()
                stop_wait.cancel()
                changed_wait.cancel()
                await asyncio.wait({task}, timeout=5)
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    def _nudged(self, nudge: Nudge | None) -> None:
        if nudge is not None and nudge.reason == "help":
            self.help.nudged()
            return
        if self._wake is not None:
            self._wake.set()

    async def _clock_loop(self, stop: asyncio.Event) -> None:
        # Re-publish now and then so "today's hours" roll over at the branch's midnight, and
        # when the info screen changes by itself (an announcement's end, closing time).
        while not await wait_event(stop, self._clock_wait()):
            self._publish()

    def _clock_wait(self) -> float:
        wait = self._timings.clock_period
        info = self._view.info
        if info is not None and info.valid_until is not None:
            until = (info.valid_until - self._clock()).total_seconds()
            wait = min(wait, max(until, MIN_CLOCK_WAIT))
        return wait

    async def _report_loop(self, stop: asyncio.Event) -> None:
        """Send session end and offline-session reports whenever some wait and we are online."""
        backoff = Backoff(self._timings.initial_backoff, self._timings.max_backoff, self._rng)
        wanted = self.visitor.reports_wanted
        wanted.set()  # whatever a previous run (or a crash) left behind goes first
        while not stop.is_set():
            await wait_event(wanted, self._interval())
            wanted.clear()
            client = self._client
            if client is None or not self.visitor.pending_reports():
                continue
            try:
                await self.visitor.flush_reports(client)
            except FleetError as exc:
                log.info("session report upload failed: %s", exc)
                if isinstance(exc, FleetUnreachableError):
                    self._set_online(False)
                await wait_event(stop, backoff.next_delay())
                wanted.set()
            except Exception:
                log.exception("session report upload failed unexpectedly")
                await wait_event(stop, backoff.next_delay())
            else:
                backoff.reset()

    async def _reader_loop(self, stop: asyncio.Event) -> None:
        """Cards on the NFC reader: a phone's digital card logs in (see VisitorService.tap)."""
        assert self._hardware is not None
        reader = self._hardware.reader
        while not stop.is_set():
            try:
                card = await reader.read(1.0)
            except CardReaderError:
                await wait_event(stop, self._timings.device_retry)
                continue
            except Exception:
                log.exception("card reader failed")
                await wait_event(stop, self._timings.device_retry)
                continue
            if card is None:
                continue
            try:
                if self._config is not None and self._may_log_in():
                    await self.visitor.tap(card, self._config.config.device_id)
            finally:
                reader.release(card)

    async def _scanner_loop(self, stop: asyncio.Event) -> None:
        """Scans from a serial scanner (a keyboard wedge's scans come through the UI)."""
        assert self._hardware is not None
        scanner = self._hardware.scanner
        while not stop.is_set():
            try:
                scan = await scanner.next_scan(1.0)
            except ScannerError:
                await wait_event(stop, self._timings.device_retry)
                continue
            except Exception:
                log.exception("scanner failed")
                await wait_event(stop, self._timings.device_retry)
                continue
            if scan is not None:
                await self.scanned(scan.text)

    async def _final_flush(self) -> None:
        client = self._client
        if client is None:
            return
        try:
            async with asyncio.timeout(FINAL_FLUSH_TIMEOUT):
                await self.commands.send_results(client)
                await self.visitor.flush_reports(client)
                await self.outbox.flush(client)
        except (FleetError, TimeoutError) as exc:
            # Nothing is lost: the outbox and results stay on disk for the next start.
            log.info("final flush incomplete: %s", type(exc).__name__)

    # --- credential -------------------------------------------------------------------------------

    def _load_credential(self) -> None:
        self._credential_stamp = self._state.credential_stamp()
        try:
            self._credential = self._state.load_credential()
        except StateError:
            # A damaged credential is the same as none: the screen says "contact IT", and
            # re-enrolling writes a good one.
            log.exception("credential unreadable")
            self._credential = None
        if self._credential is None:
            self._set_client(None)
        else:
            self._set_client(
                DeviceClient(
                    self._server_url or self._credential.server_url, self._credential.token
                )
            )

    def _refresh_credential(self) -> None:
        """Pick up a credential written by ``kiosk enroll`` while the shell runs."""
        stamp = self._state.credential_stamp()
        if stamp == self._credential_stamp:
            if stamp is not None and stamp == self._rejected_stamp:
                self._set_client(None)
            return
        log.info("credential changed; reloading")
        old_device = self._credential.device_id if self._credential else None
        self._load_credential()
        new_device = self._credential.device_id if self._credential else None
        if old_device != new_device:
            # Another device record: the old config belongs to it, not to us.
            self._config = self._state.load_config()
            if self._config is not None and self._config.config.device_id != new_device:
                self._config = None
        self._rejected_stamp = None
        if self._credential_changed is not None:
            self._credential_changed.set()
        self._publish()

    def _set_client(self, client: DeviceClient | None) -> None:
        old = self._client
        self._client = client
        if old is not None and old is not client:
            # Closing is async and this is not: the loops close it at their next await point.
            self._stale_clients.append(old)

    async def _close_stale_clients(self) -> None:
        while self._stale_clients:
            await self._stale_clients.pop().aclose()

    # --- view -------------------------------------------------------------------------------------

    def _set_online(self, online: bool) -> None:
        if online == self._online:
            return
        if self._online is not None:
            self.record_event(EventType.NETWORK_CHANGED, {"online": online})
        self._online = online
        self._publish()

    def _compute_view(self) -> ShellView:
        locked, lock_message = self.commands.locked_message()
        registered = self._credential is not None and self._client is not None
        session = self.visitor.session_view
        login = self.visitor.login_view
        if session is not None:
            # A running session stays on screen even if the credential is withdrawn meanwhile:
            # the visitor keeps their time; only a lock or end_session stops it.
            mode = ShellMode.SESSION
        elif not registered:
            mode = ShellMode.NOT_REGISTERED
        elif locked:
            mode = ShellMode.LOCKED
        elif login is not None:
            mode = ShellMode.LOGIN
        else:
            mode = ShellMode.IDLE
        config: DeviceConfig | None = self._config.config if self._config else None
        view = ShellView(
            mode=mode,
            language=self._language,
            lock_message=lock_message if locked else None,
            device_name=(
                config.device_name
                if config
                else (self._credential.device_name if self._credential else None)
            ),
            online=bool(self._online),
            reader=self._reader,
            printer=self._printer,
            login=login if mode is ShellMode.LOGIN else None,
            session=session,
            notice=self.visitor.notice if mode is ShellMode.IDLE else None,
            reserved_from=self.visitor.next_reservation(),
            help=self.help.ticket,
            content_download=self._content_percent,
        )
        if config is not None:
            today, hours = hours_today(config, self._clock())
            view = replace(view, branch_name=config.branch_name, hours_today=hours, today=today)
            if session is not None and session.closing_time is not None:
                view = replace(view, session=self._with_shutdown_time(session, config))
        if mode is ShellMode.IDLE:
            view = replace(view, info=info_at(self._clock(), config, self._bundle))
        return view

    def _with_shutdown_time(self, session: SessionView, config: DeviceConfig) -> SessionView:
        """The session, with the time this PC switches off after closing (for the warning)."""
        zone = branch_zone(config)
        closing = closes_at(config.opening_hours, zone, self._clock())
        moment = self.power.shutdown_after_closing(closing) if closing is not None else None
        if moment is None:
            return session
        return replace(session, shutdown_time=moment.astimezone(zone).time())

    def _publish(self) -> None:
        view = self._compute_view()
        if view == self._view:
            return
        self._view = view
        for listener in list(self._listeners):
            self._notify(listener.view_changed, view)

    @staticmethod
    def _notify(callback: Callable[..., None], *args: object) -> None:
        try:
            callback(*args)
        except Exception:  # one faulty listener must not stop the services
            log.exception("shell listener failed")
