"""KioskShell: the kiosk's services behind the UI's ShellController interface.

How the composition root (``kiosk/app.py``) uses it::

    from kiosk.services.kiosk_shell import KioskShell

    shell = KioskShell.open(state_dir, hardware)   # sync; opens SQLite, reads credential + config
    shell.add_listener(ui_adapter)                 # ShellListener: view_changed / message_received
                                                   #               / restart_requested
    stop = asyncio.Event()                         # set it from QApplication.aboutToQuit
    await shell.run(stop)                          # check-in, WebSocket, outbox and result loops;
                                                   # returns after stop is set and a final flush
    if shell.restart_pending: ...                  # the fleet sent "restart": re-execute the app
    shell.close()

* ``state_dir``: from ``kiosk.services.state.default_state_dir()`` unless ``--state-dir`` is given.
* ``hardware``: any object with ``reader`` and ``printer`` attributes whose ``async health()``
  returns a :class:`fleet.protocol.DeviceHealth` (see :class:`HardwareSet`); hardware's factory
  result fits. ``None`` reports both as absent.
* ``server_url``: overrides the server stored with the credential (rarely needed).
* ``shell.view`` is always the current :class:`~kiosk.services.shell.ShellView`; every change is
  pushed to listeners on the event-loop thread. ``await shell.set_language("sv")`` switches the
  language and records an anonymous ``language_changed`` event.
* ``shell.record_event(EventType.X, attrs)`` commits an anonymous usage event to the outbox.

Without a credential the view's mode is NOT_REGISTERED; the shell watches the credential file, so
``kiosk enroll`` run while it is up brings it to IDLE without a restart. A 401 from the fleet
also switches to NOT_REGISTERED. A persisted lock (from a ``lock`` command) survives restarts.
"""

from __future__ import annotations
