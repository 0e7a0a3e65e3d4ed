"""Sending reminders: e-mail over SMTP, and SMS behind an interface (logged, for now).

Nothing here logs an address, a phone number or a message text: those carry personal data.
Failures surface as :class:`DeliveryError` naming only the kind of failure.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from fleet.errors import FleetError

log = logging.getLogger(__name__)


class DeliveryError(FleetError):
    """A reminder could not be handed over; ``code`` says what kind of failure it was."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"delivery_{kind}", f"The reminder could not be sent ({kind}).", 502)


@dataclass(frozen=True, repr=False)
class Email:
    booking_id: int
    to: str
    subject: str
    body: str

    def __repr__(self) -> str:
        return f"Email(booking_id={self.booking_id})"


@dataclass(frozen=True, repr=False)
class Sms:
    booking_id: int
    to: str
    text: str

    def __repr__(self) -> str:
        return f"Sms(booking_id={self.booking_id})"


class Notifier(Protocol):
    """Delivers e-mail reminders. Raises :class:`DeliveryError` when it cannot."""

    async def send(self, message: Email) -> None: ...


class SmsNotifier(Protocol):
    """Delivers text-message reminders. Raises :class:`DeliveryError` when it cannot."""

    async def send(self, message: Sms) -> None: ...


# --- SMTP ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmtpConfig:
    """Parsed ``FLEET_SMTP_URL``: ``smtp://USER:PASSWORD@HOST:PORT?starttls=1&from=ADDRESS``.

    ``smtps://`` is SMTP over TLS from the first byte (port 465 by default); ``smtp://``
    is plain, upgraded with STARTTLS when ``starttls=1`` (port 587 then, else 25). User and
    password are optional (no login without them); ``from`` is required.
    """

    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False
    implicit_tls: bool = False
    timeout: float = 30.0

    @classmethod
    def from_url(cls, url: str) -> SmtpConfig:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("FLEET_SMTP_URL must look like smtp://[user:pass@]host[:port]?from=")
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        sender = query.get("from", "")
        if "@" not in sender:
            raise ValueError("FLEET_SMTP_URL needs from=ADDRESS (the reminders' sender)")
        implicit_tls = parts.scheme == "smtps"
        starttls = query.get("starttls", "0").lower() in ("1", "true", "yes")
        default_port = 465 if implicit_tls else 587 if starttls else 25
        return cls(
            host=parts.hostname,
            port=parts.port or default_port,
            sender=sender,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            starttls=starttls,
            implicit_tls=implicit_tls,
            timeout=float(query.get("timeout", "30")),
        )


class SmtpEmailNotifier:
    """Sends e-mail with :mod:`smtplib` on a worker thread (one connection per message)."""

    def __init__(self, config: SmtpConfig) -> None:
        self._config = config

    async def send(self, message: Email) -> None:
        await asyncio.to_thread(self._send_now, self._compose(message))

    def _compose(self, message: Email) -> EmailMessage:
        composed = EmailMessage()
        composed["From"] = self._config.sender
        composed["To"] = message.to
        composed["Subject"] = message.subject
        composed["Date"] = email.utils.formatdate(localtime=False)
        domain = self._config.sender.rpartition("@")[2]
        composed["Message-ID"] = email.utils.make_msgid("reminder", domain=domain)
        composed.set_content(message.body)
        return composed

    def _send_now(self, message: EmailMessage) -> None:
        config = self._config
        context = ssl.create_default_context()
        try:
            smtp: smtplib.SMTP
            if config.implicit_tls:
                smtp = smtplib.SMTP_SSL(
                    config.host, config.port, timeout=config.timeout, context=context
                )
            else:
                smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
            with smtp:
                if config.starttls:
                    smtp.starttls(context=context)
                if config.username:
                    smtp.login(config.username, config.password or "")
                smtp.send_message(message)
        # The exceptions' texts can hold the recipient's address: keep only their kind, and
        # break the chain so that no traceback carries it into a log.
        except smtplib.SMTPRecipientsRefused:
            raise DeliveryError("recipient_refused") from None
        except smtplib.SMTPAuthenticationError:
            raise DeliveryError("login_failed") from None
        except smtplib.SMTPException:
            raise DeliveryError("smtp_error") from None
        except OSError:
            raise DeliveryError("unreachable") from None


def smtp_notifier(url: str) -> SmtpEmailNotifier | None:
    """The e-mail notifier for ``FLEET_SMTP_URL``; None (no e-mail) when it is empty."""
    return SmtpEmailNotifier(SmtpConfig.from_url(url)) if url.strip() else None


# --- SMS -----------------------------------------------------------------------------------------


class LoggingSmsNotifier:
    """Stands in for an SMS gateway: logs that a reminder would go, never to whom or what."""

    async def send(self, message: Sms) -> None:
        log.info("SMS reminder for booking %d (1 recipient)", message.booking_id)
