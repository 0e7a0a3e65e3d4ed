"""The admin REST API under ``/api/admin/v1/`` for IT automation and scripts."""
