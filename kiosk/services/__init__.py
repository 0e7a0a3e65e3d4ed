"""Kiosk services: Qt-free async classes over hardware and the fleet wire contract."""
