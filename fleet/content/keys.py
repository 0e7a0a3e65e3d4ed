"""Content publisher keys the fleet and its kiosks trust: add, retire, list.

The fleet holds public keys only; publishers sign bundles offline (``content build --key``).
Rotation: add the new key, publish with it, then retire the old one. Retiring is final (a
leaked key must never come back); from then on neither the fleet nor the kiosks accept
anything it signed. Every change refreshes the kiosks' config (``DeviceConfig.content_keys``).
"""

from __future__ import annotations

import base64
import datetime as dt

from pydantic import ValidationError
from sqlmodel import Session, col, select

from content.manifest import ContentKey, key_id
from fleet.content.models import ContentSigningKey
from fleet.db import utcnow
from fleet.errors import ConflictError, FleetError, NotFoundError
from fleet.ops.audit import record_audit
from fleet.protocol.content import ContentKeyInfo

#: ``DeviceConfig.content_keys`` holds at most this many.
MAX_TRUSTED_KEYS = 20


def _keys_changed(session: Session) -> None:
    # Imported here: the branch service imports content_key_infos from this module.
    from fleet.branches.service import recompute_config_etags

    recompute_config_etags(session)


def list_keys(session: Session) -> list[ContentSigningKey]:
    """Every key the fleet has known, oldest first (retired ones included)."""
    query = select(ContentSigningKey).order_by(
        col(ContentSigningKey.added_at), col(ContentSigningKey.key_id)
    )
    return list(session.exec(query))


def trusted_keys(session: Session) -> dict[str, ContentKey]:
    """The keys manifests may be signed with now, by key id."""
    rows = session.exec(
        select(ContentSigningKey).where(col(ContentSigningKey.retired_at).is_(None))
    ).all()
    return {row.key_id: ContentKey(key_id=row.key_id, public_key=row.public_key) for row in rows}


def content_key_infos(session: Session) -> list[ContentKeyInfo]:
    """What kiosks are told to trust, sorted by key id (a stable config etag)."""
    return [
        ContentKeyInfo(key_id=key.key_id, public_key=key.public_key)
        for key in sorted(trusted_keys(session).values(), key=lambda key: key.key_id)
    ]


def add_key(
    session: Session, public: ContentKey | str, actor: str, *, now: dt.datetime | None = None
) -> tuple[ContentSigningKey, bool]:
    """Trust a publisher's public key (the ``KEY.pub`` JSON ``content build`` writes).

    Returns the key and whether it is new. Adding a trusted key again changes nothing; a
    retired one is refused.
    """
    now = now or utcnow()
    try:
        key = public if isinstance(public, ContentKey) else ContentKey.model_validate_json(public)
        raw = _raw_public(key.public_key)
    except (ValidationError, ValueError) as error:
        raise FleetError(
            "invalid_key",
            'A content public key is {"key_id": "<8 characters>", "public_key": "<43 '
            'base64url characters>"}, as `content build` writes it to KEY.pub.',
            422,
        ) from error
    if key_id(raw) != key.key_id:
        raise FleetError("invalid_key", "The key id does not belong to this public key.", 422)
    existing = session.get(ContentSigningKey, key.key_id)
    if existing is not None:
        if existing.retired_at is not None:
            raise ConflictError(
                "key_retired",
                f"Key {key.key_id} was retired; a retired key is never trusted again.",
            )
        return existing, False
    if len(trusted_keys(session)) >= MAX_TRUSTED_KEYS:
        raise ConflictError(
            "too_many_keys",
            f"Kiosks trust at most {MAX_TRUSTED_KEYS} content keys; retire an old one first.",
        )
    row = ContentSigningKey(
        key_id=key.key_id, public_key=key.public_key, added_at=now, added_by=actor[:100]
    )
    session.add(row)
    session.flush()
    record_audit(session, actor, "content_key.add", "content_key", key.key_id, now=now)
    _keys_changed(session)
    return row, True


def retire_key(
    session: Session, key: str, actor: str, *, now: dt.datetime | None = None
) -> ContentSigningKey:
    """Stop trusting ``key`` now (idempotent). Versions it signed can no longer be assigned."""
    now = now or utcnow()
    row = session.get(ContentSigningKey, key)
    if row is None:
        raise NotFoundError("content_key", key)
    if row.retired_at is not None:
        return row
    row.retired_at = now
    session.add(row)
    session.flush()
    record_audit(session, actor, "content_key.retire", "content_key", key, now=now)
    _keys_changed(session)
    return row


def _raw_public(text: str) -> bytes:
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if len(raw) != 32:
        raise ValueError("not a raw Ed25519 public key")
    return raw
