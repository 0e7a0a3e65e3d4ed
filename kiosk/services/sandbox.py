"""SessionSandbox: a visitor's private home, the apps they start, and the wipe that ends both.

How the kiosk uses it::

    sandbox = SessionSandbox(state_dir.path / "sessions")
    stale = sandbox.recover()              # sync, first thing at start: a crashed shell's session
    home = await sandbox.open(session_id, {"grant": grant_id})   # fresh 0700 home + tmp
    launched = await sandbox.launch(app)   # a LauncherApp from the policy, in its own session
    report = await sandbox.close()         # log-out, time up, idle, staff, closing time ...

Everything the visitor starts carries ``LIBRARY_KIOSK_SESSION=<session id>`` in its
environment; ``close()`` ends every process found by that marker, by the apps' process groups
and sessions, and by parentage, then removes the session's directories. A journal
(``<root>/session.json``, written durably before ``open()`` and ``launch()`` return) lets
``recover()`` do the same after the shell was killed. See docs/session-privacy.md.

``meta`` is stored in the journal until the wipe: keep it to ids and times, nothing personal.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from fleet.protocol import LauncherApp
from kiosk.services import sandbox_processes as processes
from kiosk.services.errors import KioskError
from kiosk.services.sandbox_files import TreeRemoval, remove_tree
from kiosk.services.sandbox_files import reason as _reason
from kiosk.services.state import write_atomically

log = logging.getLogger(__name__)

MARKER_VARIABLE = processes.MARKER_VARIABLE
JOURNAL_NAME = "session.json"
SESSION_DIR_PREFIX = "session-"
JOURNAL_VERSION = 1

#: Variables a launched app inherits from the shell when they are set: the search path,
#: language and time zone, and what a GUI app needs to reach the display. Everything else
#: (the shell's secrets among it) stays behind. More can be added with ``pass_env``.
PASSED_ENV = (
    "PATH",
    "LANG",
    "LANGUAGE",
    "TZ",
    "USER",
    "LOGNAME",
    "DISPLAY",
    "XAUTHORITY",
    "WAYLAND_DISPLAY",
    "XDG_SESSION_TYPE",
    "XDG_CURRENT_DESKTOP",
    "PULSE_SERVER",
)
PASSED_ENV_PREFIXES = ("LC_",)

#: How long SIGKILLed processes may take to disappear before they count as leftovers.
KILL_TIMEOUT = 2.0
#: How long a direct child may take to be reaped once it is dead.
REAP_TIMEOUT = 1.0

#: A journal is a few hundred bytes; anything far larger is not one.
MAX_JOURNAL_BYTES = 1 << 20

_SESSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")

SessionMeta = Mapping[str, str | int | bool]


class SandboxError(KioskError):
    """The sandbox refused or failed; ``reason`` is a stable slug (``command_not_found`` ...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LaunchedApp:
    app_id: str
    pid: int
    pgid: int


@dataclass(frozen=True)
class WipeReport:
    """What ``close()`` or ``recover()`` did. ``leftovers`` names no file: counts and pids only."""

    session_id: str
    processes_terminated: int
    processes_killed: int
    files_removed: int
    leftovers: tuple[str, ...]


@dataclass(frozen=True)
class StaleSession:
    """A session a crashed shell left behind, as ``recover()`` found and wiped it.

    With a damaged journal ``damaged`` is True, ``meta`` is empty, ``session_id`` comes from the
    directory found ("" if none) and ``started_at`` is the oldest modification time seen.
    """

    session_id: str
    meta: Mapping[str, str | int | bool]
    started_at: dt.datetime
    report: WipeReport
    damaged: bool = False


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class _Session:
    session_id: str
    meta: dict[str, str | int | bool]
    started_at: dt.datetime
    boot_id: str | None
    directory: Path
    groups: list[processes.ProcessGroup] = field(default_factory=list)
    apps: list[LaunchedApp] = field(default_factory=list)
    children: list[asyncio.subprocess.Process] = field(default_factory=list)

    @property
    def home(self) -> Path:
        return self.directory / "home"

    @property
    def tmp(self) -> Path:
        return self.directory / "tmp"

    @property
    def runtime(self) -> Path:
        return self.directory / "run"

    def journal(self) -> bytes:
        body = {
            "version": JOURNAL_VERSION,
            "session_id": self.session_id,
            "meta": self.meta,
            "started_at": self.started_at.isoformat(),
            "boot_id": self.boot_id,
            "apps": [
                {
                    "app_id": app.app_id,
                    "pid": app.pid,
                    "pgid": app.pgid,
                    "start_ticks": group.start_ticks,
                }
                for app, group in zip(self.apps, self.groups, strict=True)
            ],
        }
        return json.dumps(body).encode()


class SessionSandbox:
    """One visitor session at a time under ``root`` (created 0700; the kiosk passes
    ``<state dir>/sessions``). Only ``session-*`` entries and the journal there are its own.
    """

    def __init__(
        self,
        root: Path,
        *,
        grace_seconds: float = 3.0,
        clock: Callable[[], dt.datetime] = _utc_now,
        pass_env: Iterable[str] = (),
        use_procfs: bool | None = None,
    ) -> None:
        """``pass_env`` adds variables apps inherit (``DBUS_SESSION_BUS_ADDRESS`` if IT wants
        it); ``use_procfs=False`` finds processes by process group only, as on non-Linux systems.
        """
        self.root = root
        self.grace_seconds = grace_seconds
        self._clock = clock
        self._pass_env = (*PASSED_ENV, *pass_env)
        self._use_procfs = processes.procfs_available() if use_procfs is None else use_procfs
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(root, 0o700)
        self._session: _Session | None = None
        self._lock = asyncio.Lock()

    @property
    def journal_path(self) -> Path:
        return self.root / JOURNAL_NAME

    @property
    def session_id(self) -> str | None:
        return None if self._session is None else self._session.session_id

    @property
    def home(self) -> Path | None:
        return None if self._session is None else self._session.home

    @property
    def tmp(self) -> Path | None:
        return None if self._session is None else self._session.tmp

    @property
    def apps(self) -> tuple[LaunchedApp, ...]:
        return () if self._session is None else tuple(self._session.apps)

    # --- start of the shell -----------------------------------------------------------------

    def recover(self) -> StaleSession | None:
        """End and wipe what a crashed shell left; None when there was nothing. Blocking.

        Works from the journal when it reads; without one (or with a damaged one) every
        ``session-<id>`` directory under the root is a session: its processes are found by the
        marker and its files removed.
        """
        if self._session is not None:
            raise SandboxError("session_open")
        for leftover in self.root.glob(f".{JOURNAL_NAME}.*.tmp"):
            # A journal write interrupted by the crash; the real journal is intact.
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        journal_exists = self.journal_path.exists()
        journal = self._read_journal() if journal_exists else None
        directories = self._session_directories()
        if not journal_exists and not directories:
            return None

        session_ids = {name.removeprefix(SESSION_DIR_PREFIX) for name in directories}
        groups: tuple[processes.ProcessGroup, ...] = ()
        if journal is not None:
            session_ids.add(journal.session_id)
            # After a reboot the journal's pids name other processes, or none. (Without a
            # boot id, on other systems, the groups are all there is to go by.)
            if journal.boot_id == processes.boot_id():
                groups = tuple(journal.groups)
        ended = processes.end_processes(
            processes.Targets(frozenset(session_ids), groups),
            grace=self.grace_seconds,
            kill_timeout=KILL_TIMEOUT,
            use_procfs=self._use_procfs,
        )
        if journal is not None:
            session_id, meta, started_at = journal.session_id, journal.meta, journal.started_at
        else:
            session_id = (
                directories[0].removeprefix(SESSION_DIR_PREFIX) if len(directories) == 1 else ""
            )
            meta, started_at = {}, self._oldest_mtime(directories)
        removal = self._remove_directories(directories)
        try:
            self._clear_journal()
        except OSError as exc:
            removal.failures[f"journal: {_reason(exc)}"] += 1
        report = self._finish(session_id, ended, removal, directories)
        log.warning(
            "recovered a session left by a crashed shell%s: %d processes terminated, "
            "%d killed, %d files removed, %d leftovers",
            " (damaged journal)" if journal is None else "",
            report.processes_terminated,
            report.processes_killed,
            report.files_removed,
            len(report.leftovers),
        )
        return StaleSession(
            session_id=session_id,
            meta=MappingProxyType(dict(meta)),
            started_at=started_at,
            report=report,
            damaged=journal is None,
        )

    # --- a visitor session --------------------------------------------------------------------

    async def open(self, session_id: str, meta: SessionMeta) -> Path:
        """Create the session's fresh private home and tmp; the journal is on disk on return."""
        if not _SESSION_ID.match(session_id):
            raise SandboxError("invalid_session_id")
        clean_meta = _check_meta(meta)
        async with self._lock:
            if self._session is not None:
                raise SandboxError("session_already_open")
            if self.journal_path.exists():
                # A crashed shell's session that nobody recovered: its processes may still run.
                raise SandboxError("stale_session")
            session = _Session(
                session_id=session_id,
                meta=clean_meta,
                started_at=self._clock(),
                boot_id=processes.boot_id(),
                directory=self.root / f"{SESSION_DIR_PREFIX}{session_id}",
            )
            # Leftovers of a wipe that could not finish go first, so this home starts empty.
            swept = await asyncio.to_thread(self._remove_directories, self._session_directories())
            if swept.files_removed or swept.failures:
                log.warning(
                    "removed %d files left by an earlier session (%d entries could not go)",
                    swept.files_removed,
                    sum(swept.failures.values()),
                )
            # The journal comes first: a crash from here on leaves a record for recover().
            await asyncio.to_thread(write_atomically, self.journal_path, session.journal())
            try:
                await asyncio.to_thread(_make_directories, session)
            except OSError:
                await asyncio.to_thread(self._remove_directories, [session.directory.name])
                await asyncio.to_thread(self._clear_journal)
                raise SandboxError("session_directory_failed") from None
            self._session = session
        log.info("session %s opened", session_id)
        return session.home

    async def launch(self, app: LauncherApp) -> LaunchedApp:
        """Start ``app.command`` in its own session, in the visitor's home, with a clean
        environment; ``{home}`` and ``{tmp}`` in its arguments are replaced by the session's.
        """
        async with self._lock:
            session = self._session
            if session is None:
                raise SandboxError("no_session")
            argv = [
                arg.replace("{home}", str(session.home)).replace("{tmp}", str(session.tmp))
                for arg in app.command
            ]
            env = session_environment(
                os.environ,
                session_id=session.session_id,
                home=session.home,
                tmp=session.tmp,
                runtime=session.runtime,
                passed=self._pass_env,
            )
            try:
                child = await asyncio.create_subprocess_exec(
                    *argv,
                    cwd=session.home,
                    env=env,
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.DEVNULL,
                    start_new_session=True,
                )
            except FileNotFoundError:
                raise SandboxError("command_not_found") from None
            except PermissionError:
                raise SandboxError("command_not_executable") from None
            except OSError:
                raise SandboxError("command_failed") from None
            # start_new_session: the child is the leader of a new session and process group.
            launched = LaunchedApp(app_id=app.id, pid=child.pid, pgid=child.pid)
            session.children.append(child)
            session.apps.append(launched)
            session.groups.append(
                processes.ProcessGroup(child.pid, processes.start_ticks(child.pid))
            )
            # Between the start and this write only the marker finds the app after a crash.
            await asyncio.to_thread(write_atomically, self.journal_path, session.journal())
        log.info("app %s started in session %s", app.id, session.session_id)
        return launched

    async def close(self) -> WipeReport:
        """End every process of the session and remove its files; a no-op without a session.

        Returns within about ``grace_seconds + KILL_TIMEOUT`` plus the time to delete the files.
        """
        async with self._lock:
            session = self._session
            if session is None:
                return WipeReport("", 0, 0, 0, ())
            ended = await asyncio.to_thread(
                processes.end_processes,
                processes.Targets(frozenset({session.session_id}), tuple(session.groups)),
                grace=self.grace_seconds,
                kill_timeout=KILL_TIMEOUT,
                use_procfs=self._use_procfs,
            )
            for child in session.children:
                # Dead by now unless it is a leftover: reaping leaves no zombie behind.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(child.wait(), REAP_TIMEOUT)
            removal = await asyncio.to_thread(self._remove_directories, [session.directory.name])
            # Cleared even with leftovers: open() retries the files, and a journal left here
            # would block the next visitor (the next open() would refuse).
            try:
                await asyncio.to_thread(self._clear_journal)
            except OSError as exc:
                removal.failures[f"journal: {_reason(exc)}"] += 1
            report = self._finish(session.session_id, ended, removal, [session.directory.name])
            self._session = None
        log.info(
            "session %s wiped: %d processes terminated, %d killed, %d files removed, %d leftovers",
            report.session_id,
            report.processes_terminated,
            report.processes_killed,
            report.files_removed,
            len(report.leftovers),
        )
        return report

    # --- helpers ------------------------------------------------------------------------------

    def _finish(
        self,
        session_id: str,
        ended: processes.EndedProcesses,
        removal: TreeRemoval,
        directories: Iterable[str],
    ) -> WipeReport:
        leftovers = [f"process {pid} still running" for pid in ended.survivors]
        leftovers += removal.leftovers("session files")
        remaining = set(self._session_directories())
        leftovers += [
            f"session directory {name} not removed" for name in directories if name in remaining
        ]
        return WipeReport(
            session_id=session_id,
            processes_terminated=ended.terminated,
            processes_killed=ended.killed,
            files_removed=removal.files_removed,
            leftovers=tuple(leftovers),
        )

    def _session_directories(self) -> list[str]:
        try:
            names = os.listdir(self.root)
        except FileNotFoundError:
            return []
        return sorted(name for name in names if name.startswith(SESSION_DIR_PREFIX))

    def _remove_directories(self, names: Iterable[str]) -> TreeRemoval:
        total = TreeRemoval()
        names = list(names)
        if not names:
            return total
        try:
            root_fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            return total
        except OSError as exc:
            total.failures[_reason(exc)] += len(names)
            return total
        try:
            for name in names:
                removal = remove_tree(root_fd, name)
                total.files_removed += removal.files_removed
                total.failures.update(removal.failures)
        finally:
            os.close(root_fd)
        return total

    def _read_journal(self) -> _Journal | None:
        """The journal, or None when it is damaged (half-written, garbage, not ours)."""
        try:
            with self.journal_path.open("rb") as handle:
                data = handle.read(MAX_JOURNAL_BYTES + 1)
            if len(data) > MAX_JOURNAL_BYTES:
                return None
            return _Journal.parse(json.loads(data))
        except (OSError, ValueError, KeyError, TypeError, RecursionError, SandboxError):
            return None

    def _clear_journal(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.journal_path.unlink()
        try:
            dir_fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            return
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def _oldest_mtime(self, names: Iterable[str]) -> dt.datetime:
        times = []
        for path in [self.journal_path, *(self.root / name for name in names)]:
            with contextlib.suppress(OSError):
                times.append(path.lstat().st_mtime)
        if not times:
            return self._clock()
        return dt.datetime.fromtimestamp(min(times), dt.UTC)


@dataclass(frozen=True)
class _Journal:
    session_id: str
    meta: dict[str, str | int | bool]
    started_at: dt.datetime
    boot_id: str | None
    groups: list[processes.ProcessGroup]

    @classmethod
    def parse(cls, raw: Any) -> _Journal:
        if raw["version"] != JOURNAL_VERSION or not _SESSION_ID.match(raw["session_id"]):
            raise ValueError("not a session journal")
        started_at = dt.datetime.fromisoformat(raw["started_at"])
        boot = raw.get("boot_id")
        groups = [
            processes.ProcessGroup(
                pgid=_positive_int(app["pgid"]),
                start_ticks=None if app["start_ticks"] is None else int(app["start_ticks"]),
            )
            for app in raw["apps"]
        ]
        return cls(
            session_id=raw["session_id"],
            meta=_check_meta(raw["meta"]),
            started_at=started_at,
            boot_id=boot if isinstance(boot, str) else None,
            groups=groups,
        )


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 1:
        raise ValueError("not a process group id")
    return value


def _check_meta(meta: Any) -> dict[str, str | int | bool]:
    if not isinstance(meta, Mapping):
        raise SandboxError("invalid_meta")
    clean: dict[str, str | int | bool] = {}
    for key, value in meta.items():
        if not isinstance(key, str) or not isinstance(value, str | int | bool):
            raise SandboxError("invalid_meta")
        clean[key] = value
    return clean


def _make_directories(session: _Session) -> None:
    home = session.home
    for path in (
        session.directory,
        home,
        session.tmp,
        session.runtime,
        home / ".config",
        home / ".cache",
        home / ".local",
        home / ".local" / "share",
        home / ".local" / "state",
    ):
        path.mkdir(mode=0o700)
        # mkdir's mode is filtered by the umask; a private home must not depend on it.
        os.chmod(path, 0o700)


def session_environment(
    shell_env: Mapping[str, str],
    *,
    session_id: str,
    home: Path,
    tmp: Path,
    runtime: Path,
    passed: Iterable[str] = PASSED_ENV,
) -> dict[str, str]:
    """The environment of a launched app: a few of the shell's variables, the session's dirs.

    Display sockets are made reachable without the shell's runtime directory: a relative
    ``WAYLAND_DISPLAY`` becomes absolute, the PulseAudio socket is named in ``PULSE_SERVER``,
    an X cookie in the shell user's home is named in ``XAUTHORITY``. The shell's session bus
    is not passed (a keyring there would outlive the visitor) unless ``passed`` names it.
    """
    names = set(passed)
    env = {
        name: value
        for name, value in shell_env.items()
        if name in names or name.startswith(PASSED_ENV_PREFIXES)
    }
    env.setdefault("PATH", os.defpath)
    shell_runtime = shell_env.get("XDG_RUNTIME_DIR")
    wayland = env.get("WAYLAND_DISPLAY")
    if wayland and not wayland.startswith("/") and shell_runtime:
        env["WAYLAND_DISPLAY"] = str(Path(shell_runtime) / wayland)
    if "PULSE_SERVER" not in env and shell_runtime:
        pulse = Path(shell_runtime) / "pulse" / "native"
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(pulse.stat().st_mode):
                env["PULSE_SERVER"] = f"unix:{pulse}"
    if "DISPLAY" in env and "XAUTHORITY" not in env and "HOME" in shell_env:
        cookie = Path(shell_env["HOME"]) / ".Xauthority"
        if cookie.is_file():
            env["XAUTHORITY"] = str(cookie)
    env.update(
        {
            "HOME": str(home),
            "TMPDIR": str(tmp),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),
            "XDG_RUNTIME_DIR": str(runtime),
            MARKER_VARIABLE: session_id,
        }
    )
    return env
