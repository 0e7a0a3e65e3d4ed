"""Branches, their opening hours, configuration profiles and each device's effective config."""
