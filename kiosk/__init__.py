"""Kiosk shell for library customer PCs."""
