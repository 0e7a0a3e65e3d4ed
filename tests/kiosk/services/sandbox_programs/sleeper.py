"""A well-behaved app: writes a file in its home, says it is ready, runs until SIGTERM."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

name = sys.argv[1]
home = Path(os.environ["HOME"])
(home / f"{name}.txt").write_text(name)
(home / f".{name}.partial").write_text(str(os.getpid()))
(home / f".{name}.partial").rename(home / f"{name}.ready")
while True:
    time.sleep(1)
