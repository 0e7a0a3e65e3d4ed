"""SIP2 2.00 frames: building requests, checksums, and splitting replies into fields.

Pure functions and values, no I/O. A frame is ``<command id><fixed fields><ID value|...>``
followed, with error detection, by ``AY<sequence digit>AZ<checksum>`` and a CR.
Nothing here logs or puts a field value into an exception: values are card numbers,
PINs and names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

CR = b"\r"
DELIMITER = "|"

#: Fixed-length part of each reply we read (characters after the 2-character command id).
REPLY_FIXED_LENGTHS = {
    "94": 1,  # ok
    "98": 34,  # 6 flags, timeout period, retries allowed, date/time sync, protocol version
    "64": 59,  # patron status 14, language 3, transaction date 18, six counts of 4
    "18": 24,  # circulation status, security marker, fee type, transaction date
    "96": 0,  # the ACS asks us to send our last message again
}

#: 97 Request ACS Resend never carries a sequence number; its checksum is constant.
ACS_RESEND = b"97AZFEF5\r"

_TRAILER = re.compile(rb"(?:\|?AY(?P<seq>[0-9]))?\|?AZ(?P<checksum>[0-9A-Fa-f]{4})$")
#: Something that was meant to be a trailer but is not a valid one (a garbled digit).
_BROKEN_TRAILER = re.compile(rb"(?:^|\|)(?:AY.)?AZ[^|]{0,6}$")


class Sip2Error(Exception):
    """A SIP2 exchange failed. ``detail`` is the machine-readable reason the directory
    reports (``bad_checksum``, ``bad_reply``, ``timeout``, ...); ``reason`` is a short
    explanation for the log that never contains a field value."""

    def __init__(self, detail: str, reason: str, *, fail_fast: bool = False) -> None:
        super().__init__(reason)
        self.detail = detail
        self.reason = reason
        #: True when no attempt was made (the ACS failed moments ago): not worth a warning.
        self.fail_fast = fail_fast


def checksum(data: bytes) -> str:
    """The SIP2 checksum of ``data`` (everything up to and including ``AZ``): the two's
    complement of the 16-bit byte sum, as four upper-case hex digits."""
    return f"{-sum(data) & 0xFFFF:04X}"


def sip_datetime(moment: dt.datetime) -> str:
    """The 18-character SIP2 date ``YYYYMMDDZZZZHHMMSS`` with blanks for local time."""
    return moment.strftime("%Y%m%d") + "    " + moment.strftime("%H%M%S")


@dataclass(frozen=True)
class Request:
    """One message to the ACS. ``fields`` are sent in order; ``reply`` is the command id
    the answer must have. ``repr`` shows only the command: fields hold secrets."""

    command: str
    fixed: str
    fields: tuple[tuple[str, str], ...] = field(repr=False)
    reply: str

    def frame(self, sequence: int, encoding: str) -> bytes:
        """The whole frame with ``AY``/``AZ`` error detection and the CR."""
        body = self.command + self.fixed
        body += "".join(f"{field_id}{value}{DELIMITER}" for field_id, value in self.fields)
        prefix = body.encode(encoding) + f"AY{sequence}AZ".encode("ascii")
        return prefix + checksum(prefix).encode("ascii") + CR


def login(user: str, password: str, location: str) -> Request:
    """93 Login: plain-text user id and password (algorithm 0), location code CP."""
    return Request("93", "00", (("CN", user), ("CO", password), ("CP", location)), "94")


def sc_status(max_print_width: int = 80) -> Request:
    """99 SC Status: status OK, our print width, protocol 2.00."""
    return Request("99", f"0{max_print_width:03d}2.00", (), "98")


#: Positions in the 63 summary field (only one should be Y per request).
SUMMARY_POSITIONS = {
    "hold_items": 0,
    "overdue_items": 1,
    "charged_items": 2,
    "fine_items": 3,
    "recall_items": 4,
    "unavailable_holds": 5,
}


def patron_information(
    *,
    institution: str,
    card_number: str,
    terminal_password: str,
    pin: str | None,
    now: dt.datetime,
    summary: str | None = None,
    start_item: int = 1,
    end_item: int = 0,
) -> Request:
    """63 Patron Information. Without ``pin`` no AD is sent (the ACS checks nothing);
    ``summary`` names the one item list wanted (:data:`SUMMARY_POSITIONS`), with BP/BQ."""
    flags = [" "] * 10
    fields: list[tuple[str, str]] = [
        ("AO", institution),
        ("AA", card_number),
        ("AC", terminal_password),
    ]
    if pin is not None:
        fields.append(("AD", pin))
    if summary is not None:
        flags[SUMMARY_POSITIONS[summary]] = "Y"
        fields += [("BP", str(start_item)), ("BQ", str(end_item))]
    fixed = "000" + sip_datetime(now) + "".join(flags)
    return Request("63", fixed, tuple(fields), "64")


def item_information(
    *, institution: str, item_id: str, terminal_password: str, now: dt.datetime
) -> Request:
    """17 Item Information for one item identifier."""
    fields = (("AO", institution), ("AB", item_id), ("AC", terminal_password))
    return Request("17", sip_datetime(now), fields, "18")


@dataclass(frozen=True)
class Reply:
    """A parsed reply. ``fields`` keeps every occurrence of a field, in wire order, so
    repeated fields (AS, AT, AU, CD, AF...) are lists; unknown ids are kept as well."""

    command: str
    fixed: str
    fields: dict[str, list[str]] = field(repr=False)
    sequence: int | None = None
    checksummed: bool = False

    def first(self, field_id: str) -> str | None:
        """The first value of a field, or None when it is absent."""
        values = self.fields.get(field_id)
        return values[0] if values else None

    def all(self, field_id: str) -> list[str]:
        """Every value of a (repeatable) field, possibly none."""
        return list(self.fields.get(field_id, ()))


def verify_checksum(body: bytes) -> bool:
    """Whether a frame (without its CR) ends in ``AZxxxx`` that matches its bytes."""
    if len(body) < 6 or body[-6:-4] != b"AZ":
        return False
    try:
        value = int(body[-4:], 16)
    except ValueError:
        return False
    return (sum(body[:-4]) + value) & 0xFFFF == 0


def parse_reply(frame: bytes, encoding: str) -> Reply:
    """Split one frame (ending in CR) into a :class:`Reply`.

    A frame with an ``AZ`` trailer must have a matching checksum (``bad_checksum``);
    a frame without one is accepted (the ACS has error detection off). Field values are
    decoded leniently: a stray byte in a name must not fail a log-in.
    """
    body = frame.rstrip(b"\r\n").lstrip(b"\n")
    sequence: int | None = None
    checksummed = False
    trailer = _TRAILER.search(body)
    if trailer is not None:
        if not verify_checksum(body):
            raise Sip2Error("bad_checksum", "checksum does not match")
        checksummed = True
        if trailer.group("seq") is not None:
            sequence = int(trailer.group("seq"))
        body = body[: trailer.start()]
    elif _BROKEN_TRAILER.search(body):
        raise Sip2Error("bad_checksum", "malformed checksum trailer")

    text = body.decode(encoding, errors="replace")
    command = text[:2]
    if len(command) != 2 or not command.isdigit():
        raise Sip2Error("bad_reply", "no command id")
    width = REPLY_FIXED_LENGTHS.get(command)
    if width is None:
        raise Sip2Error("bad_reply", f"unexpected message {command}")
    if len(text) < 2 + width:
        raise Sip2Error("bad_reply", f"{command}: fixed fields truncated")
    fixed = text[2 : 2 + width]
    fields: dict[str, list[str]] = {}
    for piece in text[2 + width :].split(DELIMITER):
        if not piece:
            continue
        if len(piece) < 2:
            raise Sip2Error("bad_reply", f"{command}: truncated field id")
        fields.setdefault(piece[:2], []).append(piece[2:])
    return Reply(command, fixed, fields, sequence, checksummed)


def request_fields_ok(values: Sequence[str]) -> bool:
    """Whether these values can be sent: no delimiter, CR, LF or NUL in any of them."""
    return not any(ch in value for value in values for ch in "|\r\n\0")
