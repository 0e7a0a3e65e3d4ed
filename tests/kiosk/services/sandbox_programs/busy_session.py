"""A visitor's app that leaves every kind of trace: files, links, pipes, escaped children."""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import time
from pathlib import Path

DEPTH = 40  # deeper than the wipe keeps open at once (sandbox_files.MAX_DEPTH)


def wait_for(*paths: Path) -> None:
    while not all(path.exists() for path in paths):
        time.sleep(0.01)


def write_ready(path: Path, body: dict[str, int]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(body))
    tmp.rename(path)


def sleep_forever() -> None:
    while True:
        time.sleep(1)


def make_traces(home: Path, tmp: Path, outside_file: Path, outside_dir: Path) -> int:
    """Creates the files; returns how many non-directory entries it made."""
    (home / "notes.txt").write_text("my bank's phone number")
    config = home / ".config" / "browser"
    config.mkdir(parents=True)
    (config / "history.sqlite").write_bytes(b"visited pages")
    (tmp / "scratch.bin").write_bytes(os.urandom(4096))

    nested = home / "nested" / "deeper"
    nested.mkdir(parents=True)
    (nested / "readonly.txt").write_text("cannot write me")
    (nested / "readonly.txt").chmod(0o400)
    (nested / "link-to-outside").symlink_to(outside_file)
    (home / "nested" / "link-to-outside-dir").symlink_to(outside_dir, target_is_directory=True)
    (home / "nested" / "dangling").symlink_to(home / "nowhere")
    os.link(outside_file, home / "nested" / "hardlink-to-outside")
    nested.chmod(0o500)  # read-only directory: its entries cannot be unlinked as it is

    locked = home / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("behind a mode 000 directory")
    locked.chmod(0o000)

    os.mkfifo(tmp / "pipe")
    os.chdir(tmp)  # a relative socket path: the absolute one may exceed 108 bytes
    server = socket.socket(socket.AF_UNIX)
    server.bind("socket")
    server.close()
    os.chdir(home)

    deep = home
    for _ in range(DEPTH):
        deep = deep / "d"
        deep.mkdir()
    (deep / "bottom.txt").write_text("far down")
    # notes, history, scratch, readonly, 3 symlinks, hard link, inside, pipe, socket, bottom
    return 12


def main() -> None:
    outside_file, outside_dir = Path(sys.argv[1]), Path(sys.argv[2])
    home, tmp = Path(os.environ["HOME"]), Path(os.environ["TMPDIR"])
    created = make_traces(home, tmp, outside_file, outside_dir)

    pids = os.pipe()
    escaped = os.fork()
    if escaped == 0:
        os.setsid()  # leaves the app's process group and session
        stubborn = os.fork()
        if stubborn == 0:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)  # only SIGKILL ends this one
            write_ready(home / "ready-stubborn", {"pid": os.getpid()})
            sleep_forever()
        os.write(pids[1], f"{stubborn}\n".encode())
        write_ready(home / "ready-escaped", {"pid": os.getpid()})
        sleep_forever()
    stubborn_pid = int(os.read(pids[0], 64).decode())
    wait_for(home / "ready-escaped", home / "ready-stubborn")
    body = {
        "main": os.getpid(),
        "escaped": escaped,
        "stubborn": stubborn_pid,
        "files": created + 3,  # the three ready files
    }
    write_ready(home / "ready", body)
    sleep_forever()


if __name__ == "__main__":
    main()
