"""A kiosk shell that opens a session, starts an app and waits to be killed with SIGKILL.

Usage: crashing_shell.py ROOT SESSION_ID PROGRAM [ARGS...]; prints the home, then the pid.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from fleet.protocol import LauncherApp, LocalizedText
from kiosk.services.sandbox import SessionSandbox


async def main() -> None:
    root, session_id, command = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
    sandbox = SessionSandbox(root)
    home = await sandbox.open(session_id, {"grant": 4711, "kind": "library_card", "guest": False})
    app = LauncherApp(id="busy", name=LocalizedText(fi="x", sv="x", en="x"), command=command)
    launched = await sandbox.launch(app)
    print(home, flush=True)
    print(launched.pid, flush=True)
    await asyncio.Event().wait()


asyncio.run(main())
