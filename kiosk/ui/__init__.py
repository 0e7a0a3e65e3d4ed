"""Kiosk user interface: PySide6 widgets and screens over kiosk.services."""
