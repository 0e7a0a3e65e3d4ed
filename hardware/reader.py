"""The card-reader role: what a tap on the reader yields, and the protocol every reader meets."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from hardware.errors import NotIsoDepError
from hardware.health import PeripheralHealth

#: Sends one command APDU to the card and returns its response APDU (status word included).
#: Raises :class:`~hardware.errors.CardRemovedError` once the card has left the reader.
ApduExchange = Callable[[bytes, float], Awaitable[bytes]]


class CardKind(StrEnum):
    """What the presented card can do, as far as the kiosk cares."""

    #: Only an identifier (NFC Forum type 1/2/3 tags, MIFARE Classic, a plain library card tag).
    NFC_UID = "nfc_uid"
    #: ISO/IEC 14443-4 (NFC Forum type 4): APDUs can be exchanged, as a phone's card app needs.
    ISO_DEP = "iso_dep"


@dataclass(frozen=True, slots=True)
class CardRead:
    """One presentation of a card on the reader.

    ``uid`` identifies the chip (a phone usually sends a random one each tap); it is never a
    proof of anything, and it is left out of ``repr`` so it does not end up in logs.
    ``technology`` is the reader's name for the RF protocol (``"106A"``, ``"212F"``) if known.
    ``exchange`` is set for ISO-DEP cards and works until the card leaves the reader.
    """

    kind: CardKind
    uid: bytes = field(repr=False)
    technology: str | None = None
    exchange: ApduExchange | None = field(default=None, compare=False, repr=False)

    @property
    def uid_hex(self) -> str:
        return self.uid.hex().upper()

    async def transceive(self, apdu: bytes, timeout: float = 1.0) -> bytes:
        """Exchange one APDU with the card.

        Raises :class:`~hardware.errors.NotIsoDepError` for an identifier-only card and
        :class:`~hardware.errors.CardRemovedError` when the card has gone.
        """
        if self.exchange is None:
            raise NotIsoDepError("this card does not speak ISO-DEP")
        return await self.exchange(apdu, timeout)


class CardReader(Protocol):
    """An NFC/RFID reader. Adapters are named for the technology (``NfcpyReader``)."""

    async def start(self) -> None:
        """Open the device and start polling; an unplugged reader shows in health, not here."""
        ...

    async def stop(self) -> None:
        """Stop polling and release the device. Safe to call twice or without ``start``."""
        ...

    async def read(self, timeout: float) -> CardRead | None:
        """The next card presented within ``timeout`` seconds, or ``None``.

        Each presentation is returned once: a card left lying on the reader is not read again
        until it is taken away and presented anew. Raises
        :class:`~hardware.errors.CardReaderError` if the reader cannot read now.
        """
        ...

    def release(self, card: CardRead) -> None:
        """Done talking to ``card``: a phone is deselected, so its app sees the end at once
        instead of when it leaves the field; later exchanges with it raise
        :class:`~hardware.errors.CardRemovedError`."""
        ...

    async def health(self) -> PeripheralHealth: ...
