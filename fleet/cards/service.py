"""Digital-card issuer keys (create, rotate, retire, import), revocations and demo issuance.

Services take a session and never commit: the caller (a request or the CLI) does. Every
write that changes what kiosks trust recomputes every device's config etag, which nudges
the kiosks whose configuration changed once the session commits.

Rotation: the new key becomes the active (signing) key; the old one stays trusted for
verification until its ``not_after``, by default ``now + MAX_CARD_VALIDITY`` (the longest a
card it signed can still be valid), so no card already in a phone stops working. For a
leaked key, retire it now (``retire_old_after=timedelta(0)`` or :func:`retire_issuer_key`):
its cards stop working at once and their owners need new ones.
"""

from __future__ import annotations

import base64
import datetime as dt
import re

from pydantic import ValidationError
from sqlalchemy import ColumnElement
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, or_, select

from fleet.cards.models import CardIssuerKey, CardRevocation
from fleet.crypto import DataKeys, DecryptionError
from fleet.db import utcnow
from fleet.errors import ConflictError, FleetError, NotFoundError
from fleet.ops.audit import record_audit
from fleet.protocol.cards import (
    CardTrust,
    IssuerKey,
    PhoneWallet,
    issue_card,
    new_issuer_key,
    public_key_b64,
)

#: The longest validity of a card this fleet issues, and the default grace of a rotated-out
#: key. City-issued cards must not outlive it either (agree on it with the city's app).
MAX_CARD_VALIDITY = dt.timedelta(days=3 * 365)
#: ``CardTrust.issuers`` holds at most this many keys.
MAX_TRUSTED_KEYS = 16

_CARD_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_ACTIVE_FIRST = (col(CardIssuerKey.created_at).desc(), col(CardIssuerKey.kid))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _trust_changed(session: Session) -> list[int]:
    # Imported here: the branch service imports card_trust from this module to build configs.
    from fleet.branches.service import recompute_config_etags

    return recompute_config_etags(session)


def _trusted_filter(now: dt.datetime) -> ColumnElement[bool]:
    return or_(
        col(CardIssuerKey.not_after).is_(None),
        col(CardIssuerKey.not_after) > now,
    )


# --- issuer keys ------------------------------------------------------------------------------


def list_issuer_keys(session: Session) -> list[CardIssuerKey]:
    """Every key this fleet knows, oldest first (retired ones included)."""
    query = select(CardIssuerKey).order_by(col(CardIssuerKey.created_at), col(CardIssuerKey.kid))
    return list(session.exec(query))


def get_issuer_key(session: Session, kid: str) -> CardIssuerKey:
    key = session.get(CardIssuerKey, kid)
    if key is None:
        raise NotFoundError("issuer_key", kid)
    return key


def active_issuer_key(session: Session, *, for_update: bool = False) -> CardIssuerKey | None:
    """The key new cards are signed with, if any."""
    query = select(CardIssuerKey).where(col(CardIssuerKey.active).is_(True))
    if for_update:
        query = query.with_for_update()
    return session.exec(query.order_by(*_ACTIVE_FIRST)).first()


def _new_key(session: Session, keys: DataKeys, now: dt.datetime) -> CardIssuerKey:
    kid, private = new_issuer_key()
    while session.get(CardIssuerKey, kid) is not None:  # 48-bit ids: practically never
        kid, private = new_issuer_key()
    row = CardIssuerKey(
        kid=kid,
        public_key=public_key_b64(private),
        private_key=keys.encrypt(_b64(private)),
        created_at=now,
        active=True,
    )
    session.add(row)
    session.flush()
    return row


def _ensure_room(session: Session, now: dt.datetime, *, adding: int = 1, leaving: int = 0) -> None:
    """Refuse, before anything changes, a write that would leave kiosks too many keys."""
    trusted = session.exec(select(CardIssuerKey.kid).where(_trusted_filter(now))).all()
    if len(trusted) - leaving + adding > MAX_TRUSTED_KEYS:
        raise ConflictError(
            "too_many_issuer_keys",
            f"Kiosks can trust at most {MAX_TRUSTED_KEYS} issuer keys; retire an old one first "
            "(fleet cards retire-key KID).",
        )


def ensure_issuer_key(
    session: Session, keys: DataKeys, actor: str, *, now: dt.datetime | None = None
) -> CardIssuerKey:
    """The active issuer key; a new one (private half encrypted at rest) if there is none."""
    existing = active_issuer_key(session, for_update=True)
    if existing is not None:
        return existing
    now = now or utcnow()
    _ensure_room(session, now)
    key = _new_key(session, keys, now)
    record_audit(session, actor, "card_key.create", "card_key", key.kid, now=now)
    _trust_changed(session)
    return key


def rotate_issuer_key(
    session: Session,
    keys: DataKeys,
    actor: str,
    *,
    retire_old_after: dt.timedelta | None = None,
    now: dt.datetime | None = None,
) -> CardIssuerKey:
    """Make a new active key; the old one verifies (only) until ``now + retire_old_after``.

    ``retire_old_after`` defaults to :data:`MAX_CARD_VALIDITY`, so every card the old key
    signed stays usable until it expires. An earlier ``not_after`` is never extended.
    """
    now = now or utcnow()
    grace = MAX_CARD_VALIDITY if retire_old_after is None else retire_old_after
    if grace < dt.timedelta(0):
        raise FleetError("invalid_grace", "retire_old_after cannot be negative.", 422)
    retire_at = now + grace
    query = select(CardIssuerKey).where(col(CardIssuerKey.active).is_(True)).with_for_update()
    old = list(session.exec(query))
    _ensure_room(session, now, leaving=len(old) if retire_at <= now else 0)
    for key in old:
        key.active = False
        if key.not_after is None or key.not_after > retire_at:
            key.not_after = retire_at
        session.add(key)
    session.flush()
    new = _new_key(session, keys, now)
    record_audit(
        session,
        actor,
        "card_key.rotate",
        "card_key",
        new.kid,
        {"retired": [key.kid for key in old], "old_trusted_until": retire_at.isoformat()},
        now=now,
    )
    _trust_changed(session)
    return new


def retire_issuer_key(
    session: Session,
    kid: str,
    actor: str,
    *,
    at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> CardIssuerKey:
    """Stop trusting ``kid`` from ``at`` (default: now) and stop signing with it.

    For a leaked key: every card it signed is refused from then on.
    """
    now = now or utcnow()
    at = at or now
    if at.tzinfo is None:
        raise FleetError("invalid_time", "Give the retirement time with a time zone.", 422)
    key = get_issuer_key(session, kid)
    key.active = False
    if key.not_after is None or key.not_after > at:
        key.not_after = at
    session.add(key)
    session.flush()
    record_audit(
        session, actor, "card_key.retire", "card_key", kid, {"not_after": at.isoformat()}, now=now
    )
    _trust_changed(session)
    return key


def import_issuer_public_key(
    session: Session,
    kid: str,
    public_key: str,
    actor: str,
    *,
    not_after: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> CardIssuerKey:
    """Trust a key the city's app signs cards with; the fleet only verifies with it.

    Idempotent for the same kid and key; a different key under a known kid is refused.
    """
    now = now or utcnow()
    try:
        checked = IssuerKey(kid=kid, public_key=public_key, not_after=not_after)
    except ValidationError as error:
        raise FleetError(
            "invalid_issuer_key",
            "A key id is 1-64 characters [A-Za-z0-9_-]; a public key is 43 base64url "
            "characters (a raw Ed25519 key).",
            422,
        ) from error
    if not_after is not None and not_after.tzinfo is None:
        raise FleetError("invalid_time", "Give not_after with a time zone.", 422)
    if len(_unb64(checked.public_key)) != 32 or _b64(_unb64(checked.public_key)) != public_key:
        raise FleetError("invalid_issuer_key", "The public key is not 32 raw bytes.", 422)
    existing = session.get(CardIssuerKey, kid)
    if existing is not None:
        if existing.public_key != public_key:
            raise ConflictError("issuer_key_exists", f"Key id {kid!r} names another key.")
        return existing
    _ensure_room(session, now, adding=1 if not_after is None or not_after > now else 0)
    row = CardIssuerKey(
        kid=kid, public_key=public_key, private_key=None, created_at=now, not_after=not_after
    )
    session.add(row)
    session.flush()
    record_audit(
        session,
        actor,
        "card_key.import",
        "card_key",
        kid,
        {"not_after": not_after.isoformat() if not_after else None},
        now=now,
    )
    _trust_changed(session)
    return row


# --- revocations ------------------------------------------------------------------------------


def revoke_card(
    session: Session,
    card_id: str,
    card_expires_at: dt.datetime,
    actor: str,
    *,
    now: dt.datetime | None = None,
) -> CardRevocation:
    """Refuse ``card_id`` from now on (until ``card_expires_at``, after which it is moot).

    Idempotent and safe against concurrent callers: a second revocation keeps the first
    (extending its expiry if the new one is later) and writes no second audit entry.
    """
    now = now or utcnow()
    if not _CARD_ID.fullmatch(card_id):
        raise FleetError("invalid_card_id", "A card id is 1-64 characters [A-Za-z0-9_-].", 422)
    if card_expires_at.tzinfo is None:
        raise FleetError("invalid_time", "Give the card's expiry with a time zone.", 422)
    table = CardRevocation.__table__  # type: ignore[attr-defined]
    bind = session.get_bind()
    insert = postgresql.insert if bind.dialect.name == "postgresql" else sqlite.insert
    inserted = session.execute(
        insert(table)
        .values(
            card_id=card_id, revoked_at=now, revoked_by=actor[:100], card_expires_at=card_expires_at
        )
        .on_conflict_do_nothing(index_elements=["card_id"])
        .returning(table.c.card_id)
    ).first()
    row = session.get(CardRevocation, card_id, populate_existing=True)
    assert row is not None
    if inserted is not None:
        record_audit(
            session,
            actor,
            "card.revoke",
            "card",
            card_id,
            {"card_expires_at": card_expires_at.isoformat()},
            now=now,
        )
    elif row.card_expires_at < card_expires_at:
        row.card_expires_at = card_expires_at
        session.add(row)
        session.flush()
    else:
        return row
    _trust_changed(session)
    return row


def list_revocations(
    session: Session, *, now: dt.datetime | None = None, include_expired: bool = False
) -> list[CardRevocation]:
    """Revocations by card id (only those of cards not yet expired, unless asked)."""
    query = select(CardRevocation)
    if not include_expired:
        query = query.where(CardRevocation.card_expires_at > (now or utcnow()))
    return list(session.exec(query.order_by(col(CardRevocation.card_id))))


def purge_expired_revocations(session: Session, *, now: dt.datetime | None = None) -> int:
    """Delete revocations of expired cards; call it now and then (a daily job).

    Kiosk configs filter by time anyway; this keeps the table small and refreshes the
    devices' etags, which also picks up keys that passed their ``not_after``.
    """
    now = now or utcnow()
    rows = session.exec(select(CardRevocation).where(CardRevocation.card_expires_at <= now)).all()
    for row in rows:
        session.delete(row)
    session.flush()
    _trust_changed(session)
    return len(rows)


# --- what kiosks trust ------------------------------------------------------------------------


def card_trust(session: Session, now: dt.datetime) -> CardTrust:
    """Issuer keys still trusted at ``now`` and revocations of cards not yet expired.

    Sorted by kid and card id, so the same state always gives the same config etag.
    """
    keys = session.exec(
        select(CardIssuerKey).where(_trusted_filter(now)).order_by(*_ACTIVE_FIRST)
    ).all()
    # Writes keep to MAX_TRUSTED_KEYS; should the table hold more, the newest ones win.
    issuers = sorted(
        (
            IssuerKey(kid=key.kid, public_key=key.public_key, not_after=key.not_after)
            for key in keys[:MAX_TRUSTED_KEYS]
        ),
        key=lambda issuer: issuer.kid,
    )
    revoked = session.exec(
        select(CardRevocation.card_id)
        .where(CardRevocation.card_expires_at > now)
        .order_by(col(CardRevocation.card_id))
    ).all()
    return CardTrust(issuers=issuers, revoked=list(revoked))


# --- demo cards -------------------------------------------------------------------------------


def issue_demo_card(
    session: Session,
    keys: DataKeys,
    *,
    customer_id: str,
    library_card: str | None,
    valid_days: int,
    now: dt.datetime | None = None,
    actor: str = "cli",
) -> PhoneWallet:
    """A card signed by the active key, for the phone simulator (demos and tests).

    The audit entry names the card id and issuer key, not the customer.
    """
    now = now or utcnow()
    if not 1 <= valid_days <= MAX_CARD_VALIDITY.days:
        raise FleetError(
            "invalid_validity", f"A card is valid for 1 to {MAX_CARD_VALIDITY.days} days.", 422
        )
    key = active_issuer_key(session)
    if key is None:
        raise FleetError(
            "no_issuer_key", "There is no active issuer key: run `fleet cards rotate-key`.", 409
        )
    if key.private_key is None:
        raise FleetError(
            "issuer_key_public_only",
            f"The active issuer key {key.kid} is public only (the city's app holds its private "
            "half), so this fleet cannot sign cards with it. Run `fleet cards rotate-key` to "
            "make a local demo key.",
            409,
        )
    try:
        private = _unb64(keys.decrypt(key.private_key))
    except DecryptionError as error:
        raise FleetError(
            "issuer_key_unreadable",
            f"The issuer key {key.kid} was encrypted with another data secret "
            "(FLEET_DATA_SECRET); rotate the key or restore the secret.",
            409,
        ) from error
    try:
        wallet = issue_card(
            issuer_kid=key.kid,
            issuer_private=private,
            customer_id=customer_id,
            library_card=library_card,
            expires_at=now + dt.timedelta(days=valid_days),
            now=now,
        )
    except ValueError as error:
        raise FleetError("invalid_card", str(error), 422) from error
    record_audit(
        session,
        actor,
        "card.issue",
        "card",
        wallet.card_id,
        {"kid": key.kid, "card_expires_at": wallet.expires_at.isoformat()},
        now=now,
    )
    return wallet
