"""Records what a launched app sees: environment, working directory, arguments."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

target = Path(sys.argv[1])
body = {"env": dict(os.environ), "cwd": os.getcwd(), "argv": sys.argv[1:]}
partial = target.with_name(target.name + ".partial")
partial.write_text(json.dumps(body))
partial.rename(target)
