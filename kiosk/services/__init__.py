"""Kiosk services: Qt-free async classes over hardware and the fleet wire contract.

``kiosk_shell.KioskShell`` is the entry point (the UI's ``ShellController``); it composes
``client`` (device API over httpx), ``nudges`` (WebSocket), ``state`` (credential, config
cache, machine id), ``store`` (local SQLite), ``outbox`` (usage events), ``commands``
(remote commands, at most once), ``hours`` and ``timing``. ``enrollment`` and ``headless``
serve ``kiosk enroll`` and ``kiosk run --headless``; ``messages`` holds their texts.
"""
