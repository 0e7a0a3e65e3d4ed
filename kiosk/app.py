"""The kiosk's composition root: Qt application, qasync loop, hardware, services and window.

Proposed contract with ``kiosk/cli.py`` (``kiosk run``)::

    def run(
        state_dir: Path,
        fake_hardware: bool,
        screenshots_dir: Path | None = None,
        *,
        windowed: bool = False,
    ) -> int

It returns the process exit code. When the fleet asks for a restart, ``run`` stops the
services, closes the window and re-executes the process (``os.execv``) instead of returning.
"""
