"""The SIP2 2.00 patron directory: the library system (ILS) answers who may log in."""

from fleet.patrons.sip2.config import Sip2Config, parse_directory_url
from fleet.patrons.sip2.directory import Sip2Directory

__all__ = ["Sip2Config", "Sip2Directory", "parse_directory_url"]
