"""Finding and ending every process of a visitor's session, daemonised descendants included."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: The variable every launched app gets; /proc/<pid>/environ keeps it across fork and setsid.
MARKER_VARIABLE = "LIBRARY_KIOSK_SESSION"

_PROC = Path("/proc")
#: Between full /proc scans while waiting: liveness of known processes is polled more often.
_POLL_SECONDS = 0.05
_RESCAN_SECONDS = 0.25


@dataclass(frozen=True)
class ProcessGroup:
    """A launched app's process group (its own session too), as the journal records it."""

    pgid: int
    #: The leader's start time in clock ticks after boot (Linux); None when unknown.
    start_ticks: int | None


@dataclass(frozen=True)
class Targets:
    """What belongs to the sessions being ended."""

    session_ids: frozenset[str]
    groups: tuple[ProcessGroup, ...]


@dataclass(frozen=True)
class EndedProcesses:
    terminated: int
    killed: int
    #: Processes still alive after SIGKILL (pids, or process group ids without /proc).
    survivors: tuple[int, ...]


def procfs_available() -> bool:
    """True on Linux with /proc mounted: processes can be found one by one."""
    return sys.platform.startswith("linux") and (_PROC / "self" / "stat").exists()


def boot_id() -> str | None:
    """This boot's id (Linux): pids and start times from another boot mean nothing."""
    try:
        return (_PROC / "sys" / "kernel" / "random" / "boot_id").read_text().strip() or None
    except OSError:
        return None


def start_ticks(pid: int) -> int | None:
    """When ``pid`` started, in clock ticks after boot; None if it is gone or there is no /proc."""
    info = _read_stat(pid)
    return None if info is None else info.start


def end_processes(
    targets: Targets, *, grace: float, kill_timeout: float, use_procfs: bool
) -> EndedProcesses:
    """SIGTERM every process of the targets, wait up to ``grace``, SIGKILL the rest, verify.

    Blocking; returns within about ``grace + kill_timeout`` seconds whatever the processes do.
    """
    if use_procfs:
        return _ProcEnder(targets).run(grace, kill_timeout)
    return _end_groups(targets.groups, grace, kill_timeout)


# --- Linux: one process at a time, found in /proc ------------------------------------------------

#: A process identity that survives pid reuse: (pid, start ticks).
_Key = tuple[int, int]


@dataclass(frozen=True)
class _Stat:
    pid: int
    ppid: int
    pgrp: int
    session: int
    start: int
    dead: bool


def _read_stat(pid: int) -> _Stat | None:
    try:
        with open(_PROC / str(pid) / "stat", "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    # The command name (field 2) may contain spaces and parentheses: split after the last ")".
    fields = data.rpartition(b")")[2].split()
    try:
        return _Stat(
            pid=pid,
            ppid=int(fields[1]),
            pgrp=int(fields[2]),
            session=int(fields[3]),
            start=int(fields[19]),
            dead=fields[0] in (b"Z", b"X", b"x"),
        )
    except (IndexError, ValueError):
        return None


def _real_uid(pid: int) -> int | None:
    # /proc/<pid> itself is owned by root for non-dumpable processes; status tells the truth.
    try:
        with open(_PROC / str(pid) / "status", "rb") as handle:
            for line in handle:
                if line.startswith(b"Uid:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _environ(pid: int) -> bytes:
    try:
        with open(_PROC / str(pid) / "environ", "rb") as handle:
            return b"\0" + handle.read()
    except OSError:
        # Another user's process, a non-dumpable one, or gone: the other rules still apply.
        return b""


class _ProcEnder:
    """Identifies the session's processes by marker, process group/session and parentage."""

    def __init__(self, targets: Targets) -> None:
        self._needles = tuple(
            f"\0{MARKER_VARIABLE}={sid}\0".encode() for sid in sorted(targets.session_ids)
        )
        self._groups = {group.pgid: group for group in targets.groups}
        self._uid = os.getuid()
        self._own_pid = os.getpid()

    def run(self, grace: float, kill_timeout: float) -> EndedProcesses:
        seen: set[_Key] = set()
        killed: set[_Key] = set()

        def sweep(sig: signal.Signals) -> set[_Key]:
            found = self._scan()
            for key in found:
                if key not in seen or sig is signal.SIGKILL:
                    _signal(key, sig)
                if sig is signal.SIGKILL:
                    killed.add(key)
            seen.update(found)
            return found

        alive = sweep(signal.SIGTERM)
        deadline = time.monotonic() + grace
        next_scan = time.monotonic() + _RESCAN_SECONDS
        while alive and time.monotonic() < deadline:
            time.sleep(_POLL_SECONDS)
            if time.monotonic() >= next_scan:
                # New processes (a SIGTERM handler may start one) get their SIGTERM too.
                alive = sweep(signal.SIGTERM)
                next_scan = time.monotonic() + _RESCAN_SECONDS
            else:
                alive = {key for key in alive if _alive(key)}

        deadline = time.monotonic() + kill_timeout
        alive = sweep(signal.SIGKILL)
        while alive and time.monotonic() < deadline:
            time.sleep(_POLL_SECONDS)
            # A fork racing the first SIGKILL is found by the next scan and killed too.
            alive = sweep(signal.SIGKILL)
        survivors = {key for key in alive if _alive(key)}
        return EndedProcesses(
            terminated=len(seen - killed),
            killed=len(killed - survivors),
            survivors=tuple(sorted(pid for pid, _ in survivors)),
        )

    def _scan(self) -> set[_Key]:
        stats: dict[int, _Stat] = {}
        for name in os.listdir(_PROC):
            if name.isdigit():
                info = _read_stat(int(name))
                if info is not None and not info.dead:
                    stats[info.pid] = info

        marked = {pid for pid in stats if self._marked(pid)}
        # A process group (or session) id cannot be reused while any member lives, so a group
        # whose original leader is still there, or which holds a marked process, is all ours,
        # even members that replaced their environment.
        verified = set()
        for pgid, group in self._groups.items():
            leader = stats.get(pgid)
            if leader is not None and leader.start == group.start_ticks:
                verified.add(pgid)
        for pid in marked:
            verified |= {stats[pid].pgrp, stats[pid].session} & self._groups.keys()
        ours = marked | {pid for pid, info in stats.items() if {info.pgrp, info.session} & verified}
        children: dict[int, list[int]] = {}
        for info in stats.values():
            children.setdefault(info.ppid, []).append(info.pid)
        stack = list(ours)
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in ours:
                    ours.add(child)
                    stack.append(child)
        ours -= self._protected(stats)
        return {(pid, stats[pid].start) for pid in ours if _real_uid(pid) == self._uid}

    def _marked(self, pid: int) -> bool:
        if not self._needles:
            return False
        environ = _environ(pid)
        return any(needle in environ for needle in self._needles)

    def _protected(self, stats: dict[int, _Stat]) -> set[int]:
        """This process and its ancestors: never signalled, whatever their environment says."""
        protected = {0, 1}
        pid = self._own_pid
        while pid > 1 and pid not in protected:
            protected.add(pid)
            info = stats.get(pid) or _read_stat(pid)
            if info is None:
                break
            pid = info.ppid
        return protected


def _alive(key: _Key) -> bool:
    info = _read_stat(key[0])
    return info is not None and info.start == key[1] and not info.dead


def _signal(key: _Key, sig: signal.Signals) -> None:
    """Signal exactly the process ``key`` names, never a newcomer that reused its pid."""
    pid = key[0]
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    except (OSError, AttributeError):
        # No pidfd (old kernel): a pid reused in the last few milliseconds is the remaining risk.
        if _alive(key):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, sig)
        return
    try:
        # The pidfd pins the process it was opened for; check that it is the one we found.
        if _alive(key):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                signal.pidfd_send_signal(fd, sig)
    finally:
        os.close(fd)


# --- elsewhere: process groups only -----------------------------------------------------------


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        # The id now belongs to another user's group: not ours to end.
        return False
    return True


def _signal_groups(pgids: Iterable[int], sig: signal.Signals) -> None:
    for pgid in pgids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, sig)


def _wait_groups(pgids: set[int], timeout: float) -> set[int]:
    deadline = time.monotonic() + timeout
    alive = {pgid for pgid in pgids if _group_alive(pgid)}
    while alive and time.monotonic() < deadline:
        time.sleep(_POLL_SECONDS)
        alive = {pgid for pgid in alive if _group_alive(pgid)}
    return alive


def _end_groups(
    groups: Iterable[ProcessGroup], grace: float, kill_timeout: float
) -> EndedProcesses:
    """Without /proc, counts are of process groups, and escaped processes are out of reach."""
    alive = {group.pgid for group in groups if group.pgid > 1 and _group_alive(group.pgid)}
    alive.discard(os.getpgrp())
    _signal_groups(alive, signal.SIGTERM)
    stubborn = _wait_groups(alive, grace)
    _signal_groups(stubborn, signal.SIGKILL)
    survivors = _wait_groups(stubborn, kill_timeout)
    return EndedProcesses(
        terminated=len(alive) - len(stubborn),
        killed=len(stubborn) - len(survivors),
        survivors=tuple(sorted(survivors)),
    )
