"""Removing a session's directory tree without following links or leaving the file system."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import uuid
from collections import Counter
from dataclasses import dataclass, field

#: Directories deeper than this are moved up to the top and removed from there, so a deeply
#: nested tree needs neither deep recursion nor one open descriptor per level.
MAX_DEPTH = 32

_DIR_FLAGS = (
    os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
)
_O_PATH: int | None = getattr(os, "O_PATH", None)


@dataclass
class TreeRemoval:
    """What a removal did. Failures are counted by reason, never named: the names are personal."""

    files_removed: int = 0
    failures: Counter[str] = field(default_factory=Counter)

    def leftovers(self, label: str) -> list[str]:
        return [
            f"{label}: {count} entries not removed ({why})"
            for why, count in sorted(self.failures.items())
        ]


def remove_tree(parent_fd: int, name: str) -> TreeRemoval:
    """Remove ``name`` in the directory ``parent_fd`` and everything below it.

    Symbolic links are removed, never followed; FIFOs and sockets are unlinked, never opened;
    read-only files and directories are made writable first (ours, so allowed); nothing
    mounted inside is entered. Counts non-directory entries removed. A missing tree is fine.
    """
    result = TreeRemoval()
    _Remover(result).remove(parent_fd, name)
    return result


def reason(exc: OSError) -> str:
    """An errno's short name (EACCES ...): says why, names nothing."""
    return errno.errorcode.get(exc.errno or 0, type(exc).__name__)


class _Remover:
    def __init__(self, result: TreeRemoval) -> None:
        self._result = result

    def remove(self, parent_fd: int, name: str) -> None:
        try:
            top = os.stat(name, dir_fd=parent_fd, follow_symlinks=False)
        except FileNotFoundError:
            return
        except OSError as exc:
            self._fail(reason(exc))
            return
        if not stat.S_ISDIR(top.st_mode):
            self._unlink(parent_fd, name)
            return
        try:
            top_fd = self._open_dir(parent_fd, name, top)
        except OSError as exc:
            self._fail(reason(exc))
            return
        try:
            pending = self._empty(top_fd, top.st_dev, top_fd, depth=0)
            while pending:
                hoisted = pending.pop()
                pending.extend(self._entry(top_fd, hoisted, top.st_dev, top_fd, depth=1))
        finally:
            os.close(top_fd)
        self._rmdir(parent_fd, name)

    def _empty(self, dir_fd: int, device: int, top_fd: int, depth: int) -> list[str]:
        """Remove everything in ``dir_fd``; returns the names of subtrees moved up to the top."""
        with contextlib.suppress(OSError):
            # Without write and search permission nothing inside could be removed.
            os.fchmod(dir_fd, 0o700)
        try:
            names = os.listdir(dir_fd)
        except OSError as exc:
            self._fail(reason(exc))
            return []
        pending: list[str] = []
        for name in names:
            pending.extend(self._entry(dir_fd, name, device, top_fd, depth + 1))
        return pending

    def _entry(self, dir_fd: int, name: str, device: int, top_fd: int, depth: int) -> list[str]:
        try:
            info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        except FileNotFoundError:
            return []
        except OSError as exc:
            self._fail(reason(exc))
            return []
        if not stat.S_ISDIR(info.st_mode):
            self._unlink(dir_fd, name)
            return []
        if info.st_dev != device:
            # Something is mounted here (FUSE, say): entering it could delete files elsewhere.
            self._fail("mount point")
            return []
        if depth >= MAX_DEPTH and dir_fd != top_fd:
            # A name nobody can have taken in advance.
            new_name = f".wipe-{uuid.uuid4().hex}"
            try:
                os.rename(name, new_name, src_dir_fd=dir_fd, dst_dir_fd=top_fd)
            except OSError as exc:
                self._fail(reason(exc))
                return []
            return [new_name]
        try:
            sub_fd = self._open_dir(dir_fd, name, info)
        except OSError as exc:
            self._fail(reason(exc))
            return []
        try:
            pending = self._empty(sub_fd, device, top_fd, depth)
        finally:
            os.close(sub_fd)
        self._rmdir(dir_fd, name)
        return pending

    def _open_dir(self, dir_fd: int, name: str, expected: os.stat_result) -> int:
        try:
            fd = os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
        except PermissionError:
            # A directory without read permission (mode 000): make it ours to list, then retry.
            self._chmod_dir(dir_fd, name)
            fd = os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (expected.st_dev, expected.st_ino):
            os.close(fd)
            raise OSError(errno.ESTALE, "directory replaced while removing")
        return fd

    @staticmethod
    def _chmod_dir(dir_fd: int, name: str) -> None:
        if _O_PATH is None:
            # No O_PATH: chmod by name (follows a link swapped in since the check; the
            # session's processes are gone by now, so nothing is left to swap it).
            os.chmod(name, 0o700, dir_fd=dir_fd)
            return
        # O_PATH|O_NOFOLLOW|O_DIRECTORY opens the directory itself, never a link's target.
        fd = os.open(name, _O_PATH | os.O_NOFOLLOW | os.O_DIRECTORY, dir_fd=dir_fd)
        try:
            os.chmod(f"/proc/self/fd/{fd}", 0o700)
        finally:
            os.close(fd)

    def _unlink(self, dir_fd: int, name: str) -> None:
        try:
            os.unlink(name, dir_fd=dir_fd)
        except FileNotFoundError:
            return
        except OSError as exc:
            self._fail(reason(exc))
            return
        self._result.files_removed += 1

    def _rmdir(self, dir_fd: int, name: str) -> None:
        try:
            os.rmdir(name, dir_fd=dir_fd)
        except FileNotFoundError:
            pass
        except OSError as exc:
            self._fail(reason(exc))

    def _fail(self, why: str) -> None:
        self._result.failures[why] += 1
