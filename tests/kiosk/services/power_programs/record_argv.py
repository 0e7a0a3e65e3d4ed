"""Stands in for ``rtcwake`` and ``systemctl``: records its arguments, so no PC switches off.

Usage: ``record_argv.py LOG [--fail] PROGRAM ARGS...``: appends ``[PROGRAM, ARGS...]`` to LOG
as one JSON line; with ``--fail`` it then complains on stderr and exits 1.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    log, argv = sys.argv[1], sys.argv[2:]
    fail = argv[:1] == ["--fail"]
    if fail:
        argv = argv[1:]
    with open(log, "a", encoding="utf-8") as out:
        out.write(json.dumps(argv) + "\n")
    if fail:
        print(f"{argv[0]}: /dev/rtc0: unable to find device: No such file", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
