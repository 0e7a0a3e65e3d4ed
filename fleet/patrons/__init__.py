"""Patrons: the directory that answers "may this card log in?" (local database or SIP2)."""
