"""Printed slips in the visitor's language: a booking confirmation, a queue ticket, a guest pass.

Each function returns a :class:`~hardware.Receipt`; the printer wraps it to its paper (32
columns on 58 mm, 42 on 80 mm), so nothing here depends on the paper width. Large text takes
two columns a letter, so large lines hold at most 16 characters: numbers and codes only.

A slip is in one language, the visitor's: plain language, few lines, little paper. What staff
need from it (the time, the booking code and its QR code, the ticket number) reads the same in
every language, so no second-language lines are added. All texts are in :data:`TEXTS`, in
Finnish, Swedish and English, so they are reviewed together.

Dates and times are written as people in Finland write them, the same way as the kiosk's
screens (``kiosk/ui/formatting.py``), in plain Python because this module must not need Qt:
``ti 8.12. klo 14.00`` / ``tis 8.12 kl. 14.00`` / ``Tue 8 Dec at 14:00``.
"""

from __future__ import annotations

import datetime as dt

from fleet.protocol import LocalizedText
from fleet.protocol.support import TOPIC_NAMES, BookingConfirmation, HelpTicket
from hardware import Align, Receipt, ReceiptLine, TextSize

TEXTS: dict[str, LocalizedText] = {
    # booking confirmation
    "booking_title": LocalizedText(
        fi="Aikasi digitukeen",
        sv="Din tid för digitalt stöd",
        en="Your digital support appointment",
    ),
    "when": LocalizedText(fi="Aika: {value}", sv="Tid: {value}", en="When: {value}"),
    "where": LocalizedText(fi="Paikka: {value}", sv="Plats: {value}", en="Where: {value}"),
    "adviser": LocalizedText(
        fi="Neuvoja: {value}", sv="Handledare: {value}", en="Adviser: {value}"
    ),
    "topic": LocalizedText(fi="Aihe: {value}", sv="Ämne: {value}", en="Topic: {value}"),
    "booking_code": LocalizedText(fi="Varauskoodi", sv="Bokningskod", en="Booking code"),
    "bring_slip": LocalizedText(
        fi="Ota tämä lappu mukaan, kun tulet.",
        sv="Ta med den här lappen när du kommer.",
        en="Bring this slip with you.",
    ),
    "cancel_or_change": LocalizedText(
        fi="Voit perua tai siirtää ajan varauskoodilla kirjaston asiakaskoneella tai "
        "kysymällä henkilökunnalta.",
        sv="Du kan avboka eller flytta tiden med bokningskoden på bibliotekets kunddator "
        "eller genom att fråga personalen.",
        en="To cancel or change the time, use the booking code at a library computer "
        "or ask the staff.",
    ),
    # queue ticket
    "queue_title": LocalizedText(fi="Jonotusnumerosi", sv="Ditt könummer", en="Your queue number"),
    "adviser_comes": LocalizedText(
        fi="Neuvoja tulee tämän tietokoneen luo.",
        sv="En handledare kommer till den här datorn.",
        en="An adviser will come to this computer.",
    ),
    "go_to_desk": LocalizedText(
        fi="Odota neuvontapisteen luona. Sinut kutsutaan tällä numerolla.",
        sv="Vänta vid informationsdisken. Du blir uppropad med det här numret.",
        en="Wait at the help desk. You will be called by this number.",
    ),
    "you_are_next": LocalizedText(
        fi="Olet seuraavana vuorossa.", sv="Du är näst på tur.", en="You are next."
    ),
    "ahead_of_you": LocalizedText(
        fi="Ennen sinua jonossa: {count}", sv="Före dig i kön: {count}", en="Ahead of you: {count}"
    ),
    "estimated_wait": LocalizedText(
        fi="Arvioitu odotus: noin {minutes} min",
        sv="Beräknad väntetid: cirka {minutes} min",
        en="Estimated wait: about {minutes} min",
    ),
    "ticket_taken": LocalizedText(
        fi="Numero otettu {value}", sv="Numret taget {value}", en="Taken {value}"
    ),
    # guest pass
    "guest_title": LocalizedText(
        fi="Vierastunnus asiakaskoneille",
        sv="Gästpass till kunddatorerna",
        en="Guest pass for the library computers",
    ),
    "guest_code": LocalizedText(fi="Tunnus", sv="Kod", en="Code"),
    "guest_pin": LocalizedText(fi="PIN-koodi", sv="PIN-kod", en="PIN"),
    "guest_minutes": LocalizedText(
        fi="Käyttöaikaa: {minutes} min",
        sv="Tid att använda: {minutes} min",
        en="Time to use: {minutes} min",
    ),
    "guest_valid_until": LocalizedText(
        fi="Voimassa {value} asti", sv="Giltig till {value}", en="Valid until {value}"
    ),
    "guest_how": LocalizedText(
        fi="Kirjaudu asiakaskoneelle valitsemalla Vierastunnus ja kirjoittamalla tunnus ja "
        "PIN-koodi.",
        sv="Logga in på en kunddator: välj Gästpass och skriv in koden och PIN-koden.",
        en="To log in at a library computer, choose Guest pass and type the code and PIN.",
    ),
    "guest_keep_pin": LocalizedText(
        fi="Älä näytä PIN-koodia muille.",
        sv="Visa inte PIN-koden för andra.",
        en="Do not show the PIN to others.",
    ),
}

_WEEKDAYS = {
    "fi": ("ma", "ti", "ke", "to", "pe", "la", "su"),
    "sv": ("mån", "tis", "ons", "tors", "fre", "lör", "sön"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def text(key: str, language: str, **values: object) -> str:
    """The slip text ``key`` in ``language`` (Finnish for a language not offered)."""
    template = TEXTS[key].get(language)
    return template.format(**values) if values else template


def format_slip_time(moment: dt.datetime, language: str, tz: dt.tzinfo | None = None) -> str:
    """A day and time for a slip: ``ti 8.12. klo 14.00``, ``tis 8.12 kl. 14.00``,
    ``Tue 8 Dec at 14:00``. An aware ``moment`` is shown in ``tz`` (default: this PC's zone);
    a naive one is taken as local already."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    language = language if language in _WEEKDAYS else "fi"
    weekday = _WEEKDAYS[language][moment.weekday()]
    if language == "en":
        month = _MONTHS_EN[moment.month - 1]
        return f"{weekday} {moment.day} {month} at {moment.hour}:{moment.minute:02d}"
    if language == "sv":
        return f"{weekday} {moment.day}.{moment.month} kl. {moment.hour}.{moment.minute:02d}"
    return f"{weekday} {moment.day}.{moment.month}. klo {moment.hour}.{moment.minute:02d}"


def _heading(branch: str, title: str) -> list[ReceiptLine]:
    return [
        ReceiptLine(branch, bold=True, align=Align.CENTER),
        ReceiptLine(title, align=Align.CENTER),
        ReceiptLine(""),
    ]


#: Large letters take two columns: 16 of them fill 58 mm paper.
_LARGE_MAX = 16


def _large(value: str) -> ReceiptLine:
    """A number or code in large type; one too long for a 58 mm line in large type is printed
    bold at normal size instead, so it is never broken in two."""
    size = TextSize.LARGE if len(value) <= _LARGE_MAX else TextSize.NORMAL
    return ReceiptLine(value, bold=True, size=size, align=Align.CENTER)


def booking_slip(
    confirmation: BookingConfirmation,
    language: str,
    *,
    address: str | None = None,
    tz: dt.tzinfo | None = None,
) -> Receipt:
    """The slip a visitor takes home after booking an adviser: when, where, with whom, about
    what, and the booking code, in large type and as a QR code that carries just the code."""
    lines = _heading(confirmation.branch_name.get(language), text("booking_title", language))
    when = format_slip_time(confirmation.starts_at, language, tz)
    lines.append(ReceiptLine(text("when", language, value=when), bold=True))
    if confirmation.place:
        lines.append(ReceiptLine(text("where", language, value=confirmation.place)))
    if confirmation.adviser_name:
        lines.append(ReceiptLine(text("adviser", language, value=confirmation.adviser_name)))
    topic = TOPIC_NAMES[confirmation.topic].get(language)
    lines.append(ReceiptLine(text("topic", language, value=topic)))
    lines.append(ReceiptLine(""))
    lines.append(ReceiptLine(text("booking_code", language), align=Align.CENTER))
    lines.append(_large(confirmation.code))
    footer = [
        ReceiptLine(text("bring_slip", language)),
        ReceiptLine(text("cancel_or_change", language)),
    ]
    if address:
        footer.append(ReceiptLine(""))
        footer.append(ReceiptLine(address, align=Align.CENTER))
    return Receipt(lines=tuple(lines), qr=confirmation.code, footer=tuple(footer))


def queue_ticket(
    ticket: HelpTicket,
    branch_name: str,
    language: str,
    *,
    at_desk: bool = False,
    tz: dt.tzinfo | None = None,
) -> Receipt:
    """A walk-in help ticket: the number in large type, where the help comes (to this computer,
    or ``at_desk``: the visitor goes to the help desk), the queue ahead and the time taken."""
    lines = _heading(branch_name, text("queue_title", language))
    lines.append(_large(str(ticket.number)))
    lines.append(ReceiptLine(""))
    lines.append(ReceiptLine(text("go_to_desk" if at_desk else "adviser_comes", language)))
    if ticket.topic is not None:
        topic = TOPIC_NAMES[ticket.topic].get(language)
        lines.append(ReceiptLine(text("topic", language, value=topic)))
    if ticket.position == 0:
        lines.append(ReceiptLine(text("you_are_next", language)))
    else:
        lines.append(ReceiptLine(text("ahead_of_you", language, count=ticket.position)))
    if ticket.estimated_wait_minutes is not None and ticket.position > 0:
        minutes = ticket.estimated_wait_minutes
        lines.append(ReceiptLine(text("estimated_wait", language, minutes=minutes)))
    taken = format_slip_time(ticket.created_at, language, tz)
    footer = (ReceiptLine(text("ticket_taken", language, value=taken)),)
    return Receipt(lines=tuple(lines), footer=footer)


def guest_pass_slip(
    code: str,
    pin: str,
    valid_until: dt.datetime,
    minutes: int,
    branch_name: str,
    language: str,
    *,
    tz: dt.tzinfo | None = None,
) -> Receipt:
    """A guest pass for a visitor without a library card: code and PIN in large type, how many
    minutes it holds and until when, and how to log in with it."""
    digits = "".join(code.split())
    # 12345678 -> "1234 5678": easier to read and type, as the staff pages show it.
    shown = f"{digits[:4]} {digits[4:]}" if len(digits) == 8 else digits
    lines = _heading(branch_name, text("guest_title", language))
    lines += [
        ReceiptLine(text("guest_code", language), align=Align.CENTER),
        _large(shown),
        ReceiptLine(text("guest_pin", language), align=Align.CENTER),
        _large(pin),
        ReceiptLine(""),
        ReceiptLine(text("guest_minutes", language, minutes=minutes)),
        ReceiptLine(
            text("guest_valid_until", language, value=format_slip_time(valid_until, language, tz))
        ),
    ]
    footer = (
        ReceiptLine(text("guest_how", language)),
        ReceiptLine(text("guest_keep_pin", language)),
    )
    return Receipt(lines=tuple(lines), footer=footer)
