"""The server-rendered web UI for IT and branch staff under ``/admin/``."""
