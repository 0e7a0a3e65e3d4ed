"""Tables for digital-card issuer keys and revoked cards."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from fleet.db import UTCDateTime, utcnow


class CardIssuerKey(SQLModel, table=True):
    """An Ed25519 key that signs card certificates.

    In production the city's app issues cards and the fleet holds only public keys
    (``private_key`` None). For demos and tests ``fleet cards issue`` signs with a key whose
    private half is stored here, encrypted with the fleet's data secret.
    """

    __tablename__ = "card_issuer_key"

    kid: str = Field(primary_key=True, max_length=64)
    public_key: str = Field(max_length=64)  # raw 32 bytes, base64url
    private_key: str | None = Field(default=None, max_length=400)  # Fernet token, or None
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    #: The key new cards are signed with (at most one).
    active: bool = False
    #: Cards signed by this key are refused after this moment (a rotated-out or leaked key).
    not_after: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class CardRevocation(SQLModel, table=True):
    """A card that must no longer be accepted (a lost phone, a cancelled card)."""

    __tablename__ = "card_revocation"

    card_id: str = Field(primary_key=True, max_length=64)
    revoked_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_by: str = Field(max_length=100)
    #: The card's own expiry: after it the entry can be dropped from the list.
    card_expires_at: dt.datetime = Field(sa_type=UTCDateTime)


class CardProofUse(SQLModel, table=True):
    """A digital-card proof the fleet has accepted, remembered so it cannot be replayed
    at another kiosk (each kiosk also remembers the proofs it saw)."""

    __tablename__ = "card_proof_use"

    proof_id: str = Field(primary_key=True, max_length=64)
    remember_until: dt.datetime = Field(sa_type=UTCDateTime, index=True)
