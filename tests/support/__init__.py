"""Shared test support: throw-away databases, a fake clock and a live fleet server."""
