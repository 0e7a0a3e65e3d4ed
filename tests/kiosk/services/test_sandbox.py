"""Session sandbox: real apps in a private home; every process and file gone after the session."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import os
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest

from fleet.protocol import LauncherApp, LocalizedText
from kiosk.services.sandbox import (
    MARKER_VARIABLE,
    SandboxError,
    SessionSandbox,
    WipeReport,
)

PROGRAMS = Path(__file__).parent / "sandbox_programs"
REPO = Path(__file__).parents[3]
#: Generous: a loaded two-core machine may take seconds to start Python.
DEADLINE = 30.0
GRACE = 0.5
NOBODY = 65534
SYSTEM_PYTHON = "/usr/bin/python3"

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/environ").exists(), reason="the checks read /proc (Linux)"
)


def app(app_id: str, *command: str) -> LauncherApp:
    name = LocalizedText(fi=app_id, sv=app_id, en=app_id)
    return LauncherApp(id=app_id, name=name, command=list(command))


def python_app(app_id: str, program: str, *args: str) -> LauncherApp:
    return app(app_id, sys.executable, str(PROGRAMS / program), *args)


def new_session_id() -> str:
    # Unique: the marker must not match another test's processes.
    return uuid.uuid4().hex


def kill_marked(session_id: str) -> None:
    """The safety net of a failing test: nothing it started may keep running after it."""
    for pid in marked_processes(session_id):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def session_id() -> Iterator[str]:
    new = new_session_id()
    yield new
    kill_marked(new)


def stat_fields(pid: int) -> list[bytes]:
    """/proc/<pid>/stat from field 3 (state) on; empty when the process is gone."""
    try:
        data = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return []
    return data.rpartition(b")")[2].split()


def _dead(pid: int) -> bool:
    fields = stat_fields(pid)
    # A zombie is dead; it waits only for its (new) parent to reap it.
    return not fields or fields[0] in (b"Z", b"X")


def marked_processes(session_id: str) -> list[int]:
    """Live processes whose environment carries the session's marker (read independently)."""
    needle = f"{MARKER_VARIABLE}={session_id}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in environ.split(b"\0") and not _dead(int(entry.name)):
            found.append(int(entry.name))
    return found


async def wait_for_file(path: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    while not await asyncio.to_thread(path.exists):
        assert time.monotonic() < deadline, "the app never became ready"
        await asyncio.sleep(0.02)


def wait_for_file_sync(path: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    while not path.exists():
        assert time.monotonic() < deadline, "the app never became ready"
        time.sleep(0.02)


def entries_under(path: Path) -> list[Path]:
    return [Path(dirpath) / name for dirpath, dirs, files in os.walk(path) for name in dirs + files]


@pytest.fixture
def outside(tmp_path: Path) -> tuple[Path, Path]:
    """A file and a directory outside the session that the visitor links to."""
    outside_dir = tmp_path / "outside-dir"
    outside_dir.mkdir()
    (outside_dir / "keep.txt").write_text("must survive")
    outside_file = tmp_path / "outside.txt"
    outside_file.write_text("must survive too")
    return outside_file, outside_dir


def assert_outside_intact(outside: tuple[Path, Path]) -> None:
    outside_file, outside_dir = outside
    assert outside_file.read_text() == "must survive too"
    assert (outside_dir / "keep.txt").read_text() == "must survive"


@pytest.mark.asyncio
async def test_close_ends_escaped_and_stubborn_processes_and_removes_every_file(
    tmp_path: Path, outside: tuple[Path, Path], caplog: pytest.LogCaptureFixture, session_id: str
) -> None:
    caplog.set_level(logging.DEBUG)
    sandbox = SessionSandbox(tmp_path / "sessions", grace_seconds=GRACE)
    home = await sandbox.open(session_id, {"grant": 1})
    launched = await sandbox.launch(
        python_app("busy", "busy_session.py", str(outside[0]), str(outside[1]))
    )
    assert launched.pgid == launched.pid
    await wait_for_file(home / "ready")
    ready = json.loads((home / "ready").read_text())
    assert ready["main"] == launched.pid
    # The escaped child left the app's process group and session for one of its own.
    escaped_stat = stat_fields(ready["escaped"])
    assert int(escaped_stat[2]) != launched.pgid
    assert int(escaped_stat[3]) == ready["escaped"]
    assert sorted(marked_processes(session_id)) == sorted(
        [ready["main"], ready["escaped"], ready["stubborn"]]
    )
    session_dir = home.parent

    started = time.monotonic()
    report = await sandbox.close()
    elapsed = time.monotonic() - started

    assert report == WipeReport(
        session_id=session_id,
        processes_terminated=2,
        processes_killed=1,
        files_removed=ready["files"],
        leftovers=(),
    )
    assert marked_processes(session_id) == []
    assert all(_dead(pid) for pid in (ready["main"], ready["escaped"], ready["stubborn"]))
    assert not session_dir.exists()
    assert list((tmp_path / "sessions").iterdir()) == []  # the journal is gone too
    assert_outside_intact(outside)
    assert sandbox.home is None
    assert elapsed < GRACE + 5
    # Log lines carry counts, never the visitor's file names or paths.
    for record in caplog.records:
        message = record.getMessage()
        assert str(home) not in message
        assert "notes" not in message


@pytest.mark.asyncio
async def test_close_ends_every_app_of_the_session(tmp_path: Path, session_id: str) -> None:
    sandbox = SessionSandbox(tmp_path / "sessions", grace_seconds=GRACE)
    home = await sandbox.open(session_id, {})
    first = await sandbox.launch(python_app("first", "sleeper.py", "first"))
    second = await sandbox.launch(python_app("second", "sleeper.py", "second"))
    assert sandbox.apps == (first, second)
    assert first.pgid != second.pgid
    await wait_for_file(home / "first.ready")
    await wait_for_file(home / "second.ready")
    assert sorted(marked_processes(session_id)) == sorted([first.pid, second.pid])

    report = await sandbox.close()

    assert (report.processes_terminated, report.processes_killed) == (2, 0)
    assert report.files_removed == 4
    assert report.leftovers == ()
    assert marked_processes(session_id) == []
    assert not home.exists()


@pytest.mark.asyncio
async def test_process_groups_alone_end_the_apps_where_there_is_no_proc(
    tmp_path: Path, session_id: str
) -> None:
    """What other POSIX systems get: process groups only (escaped processes stay out of reach)."""
    sandbox = SessionSandbox(tmp_path / "sessions", grace_seconds=GRACE, use_procfs=False)
    home = await sandbox.open(session_id, {})
    first = await sandbox.launch(python_app("first", "sleeper.py", "first"))
    second = await sandbox.launch(python_app("second", "sleeper.py", "second"))
    await wait_for_file(home / "first.ready")
    await wait_for_file(home / "second.ready")

    report = await sandbox.close()

    assert (report.processes_terminated, report.processes_killed) == (2, 0)
    assert report.leftovers == ()
    assert _dead(first.pid)
    assert _dead(second.pid)
    assert not home.exists()


@pytest.mark.asyncio
async def test_an_app_sees_only_its_session_and_none_of_the_shells_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, session_id: str
) -> None:
    monkeypatch.setenv("KIOSK_SECRET_TOKEN", "1.device-credential")
    monkeypatch.setenv("LANG", "fi_FI.UTF-8")
    monkeypatch.setenv("LC_TIME", "sv_FI.UTF-8")
    root = tmp_path / "sessions"
    sandbox = SessionSandbox(root, grace_seconds=GRACE)
    home = await sandbox.open(session_id, {})
    tmp = sandbox.tmp
    assert tmp is not None
    for path in (root, home.parent, home, tmp):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700

    await sandbox.launch(python_app("env", "env_dump.py", "{home}/env.json", "--tmp={tmp}"))
    await wait_for_file(home / "env.json")
    seen = json.loads((home / "env.json").read_text())
    env: dict[str, str] = seen["env"]

    assert "KIOSK_SECRET_TOKEN" not in env
    assert env["HOME"] == str(home)
    assert env["TMPDIR"] == str(tmp)
    assert env[MARKER_VARIABLE] == session_id
    for name in (
        "XDG_CONFIG_HOME",
        "XDG_CACHE_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
        "XDG_RUNTIME_DIR",
    ):
        assert Path(env[name]).is_relative_to(home.parent), name
        assert await asyncio.to_thread(os.path.isdir, env[name]), name
    assert env["LANG"] == "fi_FI.UTF-8"
    assert env["LC_TIME"] == "sv_FI.UTF-8"
    assert env["PATH"]
    # Nothing else of the shell's environment leaks through.
    allowed = {"PATH", "LANG", "LC_TIME", "LANGUAGE", "TZ", "USER", "LOGNAME", "DISPLAY"}
    allowed |= {"XAUTHORITY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "XDG_CURRENT_DESKTOP"}
    allowed |= {"PULSE_SERVER", "HOME", "TMPDIR", "XDG_RUNTIME_DIR", MARKER_VARIABLE}
    allowed |= {"XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"}
    assert set(env) - allowed <= {name for name in env if name.startswith("LC_")}
    assert seen["cwd"] == str(home)
    assert seen["argv"] == [str(home / "env.json"), f"--tmp={tmp}"]

    report = await sandbox.close()
    assert report.files_removed == 1
    assert report.leftovers == ()


@pytest.mark.asyncio
async def test_an_app_that_cannot_start_leaves_the_session_open(
    tmp_path: Path, session_id: str
) -> None:
    not_executable = tmp_path / "not-executable"
    not_executable.write_text("#!/bin/sh\n")
    sandbox = SessionSandbox(tmp_path / "sessions", grace_seconds=GRACE)
    home = await sandbox.open(session_id, {})

    with pytest.raises(SandboxError) as missing:
        await sandbox.launch(app("missing", str(tmp_path / "no-such-program")))
    assert missing.value.reason == "command_not_found"
    with pytest.raises(SandboxError) as denied:
        await sandbox.launch(app("denied", str(not_executable)))
    assert denied.value.reason == "command_not_executable"

    assert sandbox.home == home
    assert sandbox.apps == ()
    report = await sandbox.close()
    assert report.session_id == session_id
    assert report.leftovers == ()
    assert not home.exists()


@pytest.mark.asyncio
async def test_one_session_at_a_time_and_close_is_idempotent(tmp_path: Path) -> None:
    sandbox = SessionSandbox(tmp_path / "sessions", grace_seconds=GRACE)
    with pytest.raises(SandboxError) as no_session:
        await sandbox.launch(app("early", "true"))
    assert no_session.value.reason == "no_session"
    with pytest.raises(SandboxError) as invalid:
        await sandbox.open("../escape", {})
    assert invalid.value.reason == "invalid_session_id"

    first_id = new_session_id()
    first_home = await sandbox.open(first_id, {})
    (first_home / "left-by-first.txt").write_text("private")
    with pytest.raises(SandboxError) as twice:
        await sandbox.open(new_session_id(), {})
    assert twice.value.reason == "session_already_open"
    assert sandbox.home == first_home

    closed = await sandbox.close()
    assert closed.session_id == first_id
    assert closed.files_removed == 1
    assert await sandbox.close() == WipeReport("", 0, 0, 0, ())

    # The next visitor starts with an empty home.
    second_home = await sandbox.open(new_session_id(), {})
    assert second_home != first_home
    assert sorted(os.listdir(second_home)) == [".cache", ".config", ".local"]
    assert not any(path.is_file() for path in entries_under(second_home))
    await sandbox.close()


@pytest.mark.asyncio
async def test_close_and_launch_racing_leave_nothing_running(
    tmp_path: Path, session_id: str
) -> None:
    """Time running out while the visitor clicks an app: the app never outlives the session."""
    sandbox = SessionSandbox(tmp_path / "sessions", grace_seconds=GRACE)
    await sandbox.open(session_id, {})
    launch = asyncio.create_task(sandbox.launch(python_app("late", "sleeper.py", "late")))
    close = asyncio.create_task(sandbox.close())
    results = await asyncio.gather(launch, close, return_exceptions=True)
    assert isinstance(results[1], WipeReport)
    assert results[1].leftovers == ()
    assert marked_processes(session_id) == []


# --- a shell that crashes ---------------------------------------------------------------------


def read_line(stream: Any, timeout: float = DEADLINE) -> str:
    ready, _, _ = select.select([stream], [], [], timeout)
    assert ready, "the shell said nothing"
    line: str = stream.readline()
    assert line, "the shell exited"
    return line.strip()


@pytest.fixture
def crashed_shell(
    tmp_path: Path, outside: tuple[Path, Path]
) -> Iterator[tuple[Path, str, dict[str, Any]]]:
    """A separate shell process opened a session, started the busy app, then died of SIGKILL.

    Yields the sandbox root, the session id and what the app reported when ready.
    """
    root = tmp_path / "sessions"
    session_id = new_session_id()
    command = [
        sys.executable,
        str(PROGRAMS / "crashing_shell.py"),
        str(root),
        session_id,
        sys.executable,
        str(PROGRAMS / "busy_session.py"),
        str(outside[0]),
        str(outside[1]),
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    try:
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as shell:
            try:
                home = Path(read_line(shell.stdout))
                wait_for_file_sync(home / "ready")
            finally:
                shell.send_signal(signal.SIGKILL)
        ready = json.loads((home / "ready").read_text())
        assert sorted(marked_processes(session_id)) == sorted(
            [ready["main"], ready["escaped"], ready["stubborn"]]
        )
        yield root, session_id, ready
    finally:
        kill_marked(session_id)


def test_recover_ends_and_wipes_the_session_of_a_crashed_shell(
    crashed_shell: tuple[Path, str, dict[str, Any]], outside: tuple[Path, Path]
) -> None:
    root, session_id, ready = crashed_shell
    before = time.time()
    sandbox = SessionSandbox(root, grace_seconds=GRACE)

    stale = sandbox.recover()

    assert stale is not None
    assert not stale.damaged
    assert stale.session_id == session_id
    assert dict(stale.meta) == {"grant": 4711, "kind": "library_card", "guest": False}
    assert stale.started_at.timestamp() <= before
    assert stale.started_at.tzinfo is not None
    assert stale.report == WipeReport(
        session_id=session_id,
        processes_terminated=2,
        processes_killed=1,
        files_removed=ready["files"],
        leftovers=(),
    )
    assert marked_processes(session_id) == []
    assert list(root.iterdir()) == []
    assert_outside_intact(outside)
    assert sandbox.recover() is None


def test_recover_with_a_half_written_journal_still_wipes_the_session(
    crashed_shell: tuple[Path, str, dict[str, Any]], outside: tuple[Path, Path]
) -> None:
    root, session_id, ready = crashed_shell
    journal = root / "session.json"
    raw = journal.read_bytes()
    journal.write_bytes(raw[: len(raw) // 2])
    sandbox = SessionSandbox(root, grace_seconds=GRACE)

    stale = sandbox.recover()

    assert stale is not None
    assert stale.damaged
    assert stale.session_id == session_id  # from the session directory's name
    assert dict(stale.meta) == {}
    # Without the journal's process groups the marker still finds all three.
    assert stale.report.processes_terminated + stale.report.processes_killed == 3
    assert stale.report.files_removed == ready["files"]
    assert stale.report.leftovers == ()
    assert marked_processes(session_id) == []
    assert list(root.iterdir()) == []
    assert_outside_intact(outside)
    assert sandbox.recover() is None


GARBAGE_JOURNALS = {
    "binary": b"\x00\xff{not json",
    "empty": b"",
    "a list": b"[]",
    "deeply nested": b"[" * 200_000,
    "bad meta": json.dumps(
        {
            "version": 1,
            "session_id": "abc",
            "meta": {"name": ["not", "flat"]},
            "started_at": "2026-11-23T10:00:00+00:00",
            "boot_id": None,
            "apps": [],
        }
    ).encode(),
    "pid 1 as a group": json.dumps(
        {
            "version": 1,
            "session_id": "abc",
            "meta": {},
            "started_at": "2026-11-23T10:00:00+00:00",
            "boot_id": None,
            "apps": [{"app_id": "x", "pid": 1, "pgid": 1, "start_ticks": None}],
        }
    ).encode(),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("garbage", GARBAGE_JOURNALS.values(), ids=GARBAGE_JOURNALS.keys())
async def test_a_garbage_journal_blocks_nothing_after_recover(
    tmp_path: Path, garbage: bytes
) -> None:
    root = tmp_path / "sessions"
    root.mkdir()
    (root / "session.json").write_bytes(garbage)
    (root / ".session.json.0123.tmp").write_bytes(b'{"version": 1, "sess')
    sandbox = SessionSandbox(root, grace_seconds=GRACE)
    with pytest.raises(SandboxError) as refused:
        await sandbox.open(new_session_id(), {})
    assert refused.value.reason == "stale_session"

    stale = sandbox.recover()

    assert stale is not None
    assert stale.damaged
    assert stale.session_id == ""
    assert stale.report == WipeReport("", 0, 0, 0, ())
    assert list(root.iterdir()) == []
    assert sandbox.recover() is None
    home = await sandbox.open(new_session_id(), {})
    assert home.is_dir()
    await sandbox.close()


# --- without root's privileges ----------------------------------------------------------------


def run_as_nobody(scenario: Callable[[], Coroutine[Any, Any, dict[str, Any]]]) -> dict[str, Any]:
    """Runs ``scenario`` in a forked copy of this process that gave up root for ``nobody``.

    Forked rather than started: the test's interpreter lives where ``nobody`` may not read.
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        code = 1
        try:
            os.close(read_fd)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            try:
                body: dict[str, Any] = {"result": asyncio.run(scenario())}
                code = 0
            except BaseException:
                body = {"error": traceback.format_exc()}
            with os.fdopen(write_fd, "w") as pipe:
                json.dump(body, pipe)
        finally:
            os._exit(code)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        ready, _, _ = select.select([pipe], [], [], 120)
        assert ready, "the unprivileged scenario hung"
        raw = pipe.read()
    os.waitpid(pid, 0)
    reply = json.loads(raw)
    assert "error" not in reply, reply["error"]
    result: dict[str, Any] = reply["result"]
    return result


@pytest.mark.skipif(
    os.geteuid() != 0,
    reason="already unprivileged: the other tests cover read-only files and directories",
)
@pytest.mark.skipif(not Path(SYSTEM_PYTHON).exists(), reason=f"needs {SYSTEM_PYTHON}")
def test_an_unprivileged_shell_removes_read_only_files_and_directories() -> None:
    """Root ignores file modes; the kiosk runs as a normal user, so the wipe is tried as one."""
    base = Path(tempfile.mkdtemp(prefix="kiosk-sandbox-"))
    session_id = new_session_id()
    try:
        base.chmod(0o755)
        outside_dir = base / "outside-dir"
        outside_dir.mkdir()
        (outside_dir / "keep.txt").write_text("must survive")
        outside_file = base / "outside.txt"
        outside_file.write_text("must survive too")
        for path in (base, outside_dir, outside_dir / "keep.txt", outside_file):
            os.chown(path, NOBODY, NOBODY)
        root = base / "sessions"

        async def scenario() -> dict[str, Any]:
            sandbox = SessionSandbox(root, grace_seconds=GRACE)
            home = await sandbox.open(session_id, {})
            # The system's interpreter: nobody may run it (the stdlib is all the app needs).
            command = [SYSTEM_PYTHON, str(PROGRAMS / "busy_session.py")]
            await sandbox.launch(app("busy", *command, str(outside_file), str(outside_dir)))
            await wait_for_file(home / "ready")
            ready = json.loads((home / "ready").read_text())
            report = await sandbox.close()
            return {"ready": ready, "report": dataclasses.asdict(report)}

        result = run_as_nobody(scenario)

        assert result["report"] == {
            "session_id": session_id,
            "processes_terminated": 2,
            "processes_killed": 1,
            "files_removed": result["ready"]["files"],
            "leftovers": [],
        }
        assert list(root.iterdir()) == []
        assert_outside_intact((outside_file, outside_dir))
    finally:
        kill_marked(session_id)
        shutil.rmtree(base)
