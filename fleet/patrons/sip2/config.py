"""The SIP2 directory's settings, parsed from ``FLEET_PATRON_DIRECTORY=sip2://...``.

``sip2://USER:PASSWORD@HOST:PORT?location=CODE`` is the DESIGN.md contract; every other
query parameter is optional (see :func:`parse_directory_url` and ``docs/sip2.md``).
"""

from __future__ import annotations

import codecs
import math
import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

#: Characters that would end a SIP2 field or frame if they appeared in a value we send.
_FRAME_BREAKERS = frozenset("|\r\n\0")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_FIELD_ID = re.compile(r"^[A-Z][A-Z]$")
_ASCII_PROBE = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ|\r"
#: Query keys shown in error messages look like this; anything else may be a mangled
#: password (an unencoded '?' in it starts the query early), so it is not echoed.
_PLAIN_KEY = re.compile(r"^[a-z_]{1,32}$")


@dataclass(frozen=True, repr=False)
class Sip2Config:
    """Where the library system's SIP2 service is and how to talk to it.

    ``institution`` None means "use the institution id the ACS reports in its 98 status".
    ``user`` empty means the ACS needs no 93 Login (rare; the contract URL always has one).
    """

    host: str
    port: int
    location: str
    user: str = ""
    password: str = ""
    institution: str | None = None
    #: Sent as AC (terminal password) in 63 and 17; most ACSs ignore it.
    terminal_password: str = ""
    tls: bool = False
    tls_verify: bool = True
    #: PEM file of the CA (or the self-signed certificate) that signs the ACS's certificate.
    tls_ca: str | None = None
    #: Seconds for one directory call: waiting for a connection, connecting, one exchange.
    timeout: float = 5.0
    pool_size: int = 4
    encoding: str = "cp850"
    #: Loans + holds looked up with 17 Item Information per ``account()`` call.
    account_items: int = 50
    #: Seconds for a whole ``account()`` call; item details missing by then are left out.
    account_timeout: float = 15.0
    #: After a failed connect or login, calls fail fast for this many seconds (0: never).
    retry_after: float = 1.0
    #: Extension fields of the 64 reply (Evergreen, Koha and EnvisionWare use PB and PA).
    birth_date_field: str = "PB"
    expiry_field: str = "PA"

    def __repr__(self) -> str:
        return (
            f"Sip2Config(url={self.redacted_url()!r}, institution={self.institution!r}, "
            f"timeout={self.timeout}, pool_size={self.pool_size}, encoding={self.encoding!r})"
        )

    __str__ = __repr__

    def redacted_url(self) -> str:
        """The URL without secrets, for logs and the staff UI."""
        who = f"{self.user}:***@" if self.user else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        tls = "&tls=1" if self.tls else ""
        return f"sip2://{who}{host}:{self.port}?location={self.location}{tls}"


def _flag(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"sip2 URL: {name} must be 1 or 0")


def _number(name: str, value: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"sip2 URL: {name} must be a number of seconds") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"sip2 URL: {name} must be between {low:g} and {high:g}")
    return number


def _integer(name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"sip2 URL: {name} must be a whole number") from None
    if not low <= number <= high:
        raise ValueError(f"sip2 URL: {name} must be between {low} and {high}")
    return number


def _shown(key: str) -> str:
    return repr(key) if _PLAIN_KEY.match(key) else "(not shown)"


def _sendable(name: str, value: str) -> str:
    """A value that goes into a SIP2 field must not break the frame."""
    if any(ch in _FRAME_BREAKERS for ch in value):
        raise ValueError(f"sip2 URL: {name} must not contain '|', CR, LF or NUL")
    return value


def _encoding(value: str) -> str:
    try:
        name = codecs.lookup(value).name
    except LookupError:
        raise ValueError("sip2 URL: encoding is not a known character encoding") from None
    # Framing (command ids, field ids, '|', CR, checksums) is ASCII on the wire.
    try:
        ascii_compatible = _ASCII_PROBE.encode(name) == _ASCII_PROBE.encode("ascii")
    except UnicodeError:
        ascii_compatible = False
    if not ascii_compatible:
        raise ValueError("sip2 URL: encoding must be ASCII-compatible (cp850, utf-8, latin-1)")
    return name


def parse_directory_url(url: str) -> Sip2Config:
    """Parse ``sip2://USER:PASSWORD@HOST:PORT?location=CODE[&tls=1][&...]``.

    User and password are percent-decoded (write ``%40`` for ``@``, ``%23`` for ``#``).
    Optional parameters: ``institution``, ``terminal_password``, ``tls``, ``tls_verify``,
    ``tls_ca`` (a PEM path), ``timeout`` (seconds, default 5), ``pool`` (default 4),
    ``encoding`` (default cp850, the SIP2 code page; utf-8 for most modern ILSs),
    ``account_items`` (default 50), ``account_timeout`` (default 15), ``retry_after``
    (default 1), ``birth_date_field`` (PB), ``expiry_field`` (PA).

    Raises ValueError naming what is wrong; the message never contains the password
    (nor any part of the URL that could hold it).
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise ValueError("sip2 URL: not a valid URL") from None
    if parts.scheme.lower() != "sip2":
        raise ValueError("sip2 URL: must start with sip2://")
    if parts.path not in ("", "/"):
        raise ValueError("sip2 URL: must have no path after HOST:PORT")
    if parts.fragment:
        raise ValueError("sip2 URL: has a '#' fragment (percent-encode '#' as %23)")
    host = parts.hostname
    if not host:
        raise ValueError("sip2 URL: host is missing")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("sip2 URL: port must be a number from 1 to 65535") from None
    if port is None or port == 0:
        raise ValueError("sip2 URL: port is missing (sip2://USER:PASSWORD@HOST:PORT)")

    user = _sendable("user", unquote(parts.username or ""))
    password = _sendable("password", unquote(parts.password or ""))
    if password and not user:
        raise ValueError("sip2 URL: a password needs a user")

    params: dict[str, str] = {}
    try:
        pairs = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    except ValueError:
        raise ValueError("sip2 URL: the query string is malformed") from None
    for key, value in pairs:
        if key in params:
            raise ValueError(f"sip2 URL: parameter {_shown(key)} is given twice")
        params[key] = value

    location = _sendable("location", params.pop("location", "").strip())
    if not location:
        raise ValueError("sip2 URL: location is missing (?location=CODE)")
    options: dict[str, Any] = {}
    for key, value in params.items():
        if key == "institution":
            options["institution"] = _sendable(key, value.strip()) or None
        elif key == "terminal_password":
            options["terminal_password"] = _sendable(key, value)
        elif key == "tls":
            options["tls"] = _flag(key, value)
        elif key == "tls_verify":
            options["tls_verify"] = _flag(key, value)
        elif key == "tls_ca":
            options["tls_ca"] = value or None
        elif key == "timeout":
            options["timeout"] = _number(key, value, 0.05, 120)
        elif key == "pool":
            options["pool_size"] = _integer(key, value, 1, 64)
        elif key == "encoding":
            options["encoding"] = _encoding(value)
        elif key == "account_items":
            options["account_items"] = _integer(key, value, 0, 500)
        elif key == "account_timeout":
            options["account_timeout"] = _number(key, value, 0.1, 600)
        elif key == "retry_after":
            options["retry_after"] = _number(key, value, 0, 600)
        elif key in ("birth_date_field", "expiry_field"):
            if not _FIELD_ID.match(value):
                raise ValueError(f"sip2 URL: {key} must be two upper-case letters")
            options[key] = value
        else:
            raise ValueError(f"sip2 URL: unknown parameter {_shown(key)}")
    if (options.get("tls_ca") or options.get("tls_verify") is False) and not options.get("tls"):
        raise ValueError("sip2 URL: tls_ca and tls_verify need tls=1")

    config = Sip2Config(host=host, port=port, location=location, user=user, password=password)
    return replace(config, **options)
