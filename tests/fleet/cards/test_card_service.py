"""The fleet's issuer keys, rotation, revocations and demo cards, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from sqlmodel import select

from fleet.branches import service as branches
from fleet.cards import service as cards
from fleet.cards.models import CardIssuerKey, CardRevocation
from fleet.crypto import DataKeys
from fleet.devices import service as devices
from fleet.devices.models import Device
from fleet.errors import FleetError
from fleet.ops.audit import list_audit
from fleet.protocol import EnrollRequest, LoginRefusal
from fleet.protocol.cards import (
    CardProofError,
    IssuerKey,
    new_issuer_key,
    parse_certificate,
    public_key_b64,
    qr_proof,
    verify_proof,
)
from tests.support.fleetdb import FleetDb

KEYS = DataKeys("a test data secret, long enough")
DAY = dt.timedelta(days=1)


def now() -> dt.datetime:
    # Config etags are computed with the real clock, so these tests live in real time.
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def enrolled_device(fleet_db: FleetDb, branch_id: str = "oodi") -> int:
    code = fleet_db.enrollment_code(branch_id)
    with fleet_db.session() as session:
        request = EnrollRequest(
            code=code,
            hostname=f"{branch_id}-pc-1",
            machine_id=f"machine-{branch_id}-01",
            app_version="1.0",
        )
        return devices.enroll(session, request).device_id


def etag(fleet_db: FleetDb, device_id: int) -> str:
    with fleet_db.session() as session:
        device = session.get(Device, device_id)
        assert device is not None
        return device.config_etag


def test_the_first_key_is_created_once_and_kept_encrypted(fleet_db: FleetDb) -> None:
    with fleet_db.session() as session:
        key = cards.ensure_issuer_key(session, KEYS, "it")
    with fleet_db.session() as session:
        assert cards.ensure_issuer_key(session, KEYS, "it").kid == key.kid
        row = session.get(CardIssuerKey, key.kid)
        assert row is not None
        assert row.active
        assert row.not_after is None
        assert row.private_key is not None
        plain = KEYS.decrypt(row.private_key)
        assert public_key_b64(base64.urlsafe_b64decode(plain + "=")) == row.public_key
        assert plain not in row.model_dump_json()
        assert [entry.action for entry in list_audit(session, target_type="card_key")] == [
            "card_key.create"
        ]
        assert [k.kid for k in cards.list_issuer_keys(session)] == [key.kid]


def test_rotation_keeps_old_cards_until_not_after_and_signs_new_ones_with_the_new_key(
    fleet_db: FleetDb,
) -> None:
    fleet_db.create_branch()
    device_id = enrolled_device(fleet_db)
    start = now()
    with fleet_db.session() as session:
        old = cards.ensure_issuer_key(session, KEYS, "it")
        old_card = cards.issue_demo_card(
            session, KEYS, customer_id="C-1", library_card=None, valid_days=365, now=start
        )
    before = etag(fleet_db, device_id)
    with fleet_db.session() as session:
        new = cards.rotate_issuer_key(session, KEYS, "it", now=start)
        new_card = cards.issue_demo_card(
            session, KEYS, customer_id="C-2", library_card="21001", valid_days=30, now=start
        )
    assert etag(fleet_db, device_id) != before
    assert new.kid != old.kid
    with fleet_db.session() as session:
        keys = {key.kid: key for key in cards.list_issuer_keys(session)}
        trust = cards.card_trust(session, start)
        device = session.get(Device, device_id)
        assert device is not None
        config = branches.effective_config(session, device)
    assert keys[new.kid].active
    assert not keys[old.kid].active
    assert keys[old.kid].not_after == start + cards.MAX_CARD_VALIDITY
    assert config.card_trust == trust
    assert {issuer.kid for issuer in trust.issuers} == {old.kid, new.kid}
    # New cards are signed with the new key; cards signed before stay valid.
    assert parse_certificate(old_card.certificate).kid == old.kid
    assert parse_certificate(new_card.certificate).kid == new.kid
    for wallet in (old_card, new_card):
        card = verify_proof(qr_proof(wallet, start), trust, now=start, device_id=device_id)
        assert card.card_id == wallet.card_id


def test_a_short_grace_retires_the_old_key_and_its_cards(fleet_db: FleetDb) -> None:
    start = now()
    with fleet_db.session() as session:
        old = cards.ensure_issuer_key(session, KEYS, "it")
        wallet = cards.issue_demo_card(
            session, KEYS, customer_id="C-1", library_card=None, valid_days=365, now=start
        )
        cards.rotate_issuer_key(session, KEYS, "it", retire_old_after=DAY, now=start)
    with fleet_db.session() as session:
        trust_now = cards.card_trust(session, start)
        trust_later = cards.card_trust(session, start + 2 * DAY)
    assert verify_proof(qr_proof(wallet, start), trust_now, now=start, device_id=1)
    assert old.kid not in {issuer.kid for issuer in trust_later.issuers}
    later = start + 2 * DAY
    for trust in (trust_now, trust_later):  # a kiosk with yesterday's config refuses it too
        with pytest.raises(CardProofError) as refused:
            verify_proof(qr_proof(wallet, later), trust, now=later, device_id=1)
        assert refused.value.code is LoginRefusal.DIGITAL_CARD_FORGED
    with fleet_db.session() as session:
        retired = cards.retire_issuer_key(session, old.kid, "it", now=start)
        assert retired.not_after == start  # retiring now overrides the longer grace
        with pytest.raises(FleetError) as negative:
            cards.rotate_issuer_key(session, KEYS, "it", retire_old_after=-DAY)
    assert negative.value.code == "invalid_grace"


def test_revocation_reaches_the_device_config_and_expires(fleet_db: FleetDb) -> None:
    fleet_db.create_branch("oodi")
    fleet_db.create_branch("kallio")
    at_oodi, at_kallio = enrolled_device(fleet_db, "oodi"), enrolled_device(fleet_db, "kallio")
    start = now()
    with fleet_db.session() as session:
        cards.ensure_issuer_key(session, KEYS, "it")
        wallet = cards.issue_demo_card(
            session, KEYS, customer_id="C-1", library_card=None, valid_days=10, now=start
        )
    before = {device: etag(fleet_db, device) for device in (at_oodi, at_kallio)}
    with fleet_db.session() as session:
        revocation = cards.revoke_card(session, wallet.card_id, wallet.expires_at, "staff")
        assert revocation.revoked_by == "staff"
        cards.revoke_card(session, "zz-other-card", start + 5 * DAY, "staff")
    after = {device: etag(fleet_db, device) for device in (at_oodi, at_kallio)}
    assert all(after[device] != before[device] for device in after)  # every branch's kiosks
    with fleet_db.session() as session:
        device = session.get(Device, at_oodi)
        assert device is not None
        config = branches.effective_config(session, device)
        assert branches.config_etag(config) == after[at_oodi]
        trust = cards.card_trust(session, start)
    assert config.card_trust.revoked == sorted([wallet.card_id, "zz-other-card"])
    assert trust == config.card_trust
    with pytest.raises(CardProofError) as refused:
        verify_proof(qr_proof(wallet, start), trust, now=start, device_id=at_oodi)
    assert refused.value.code is LoginRefusal.DIGITAL_CARD_REVOKED

    # Revoking again changes nothing: no new audit entry, the same etag.
    with fleet_db.session() as session:
        cards.revoke_card(session, wallet.card_id, wallet.expires_at, "staff")
        entries = list_audit(session, target_type="card", action="card.revoke")
    assert len(entries) == 2
    assert etag(fleet_db, at_oodi) == after[at_oodi]

    # Once a card has expired its revocation drops out of the list, then out of the table.
    with fleet_db.session() as session:
        assert cards.card_trust(session, start + 6 * DAY).revoked == [wallet.card_id]
        assert cards.card_trust(session, start + 11 * DAY).revoked == []
        device = session.get(Device, at_oodi)
        assert device is not None
        later = branches.effective_config(session, device, now=start + 11 * DAY)
        assert later.card_trust.revoked == []
        assert cards.purge_expired_revocations(session, now=start + 6 * DAY) == 1
        left = session.exec(select(CardRevocation.card_id)).all()
    assert left == [wallet.card_id]

    with fleet_db.session() as session, pytest.raises(FleetError) as invalid:
        cards.revoke_card(session, "not a card id", start, "staff")
    assert invalid.value.code == "invalid_card_id"


def test_a_later_expiry_extends_a_revocation(fleet_db: FleetDb) -> None:
    start = now()
    with fleet_db.session() as session:
        cards.revoke_card(session, "lost-phone", start + DAY, "staff")
    with fleet_db.session() as session:
        cards.revoke_card(session, "lost-phone", start + 3 * DAY, "staff")
        cards.revoke_card(session, "lost-phone", start + 2 * DAY, "staff")
    with fleet_db.session() as session:
        row = session.get(CardRevocation, "lost-phone")
        assert row is not None
        assert row.card_expires_at == start + 3 * DAY
        assert cards.card_trust(session, start + 2 * DAY).revoked == ["lost-phone"]
        assert [r.card_id for r in cards.list_revocations(session, now=start)] == ["lost-phone"]


def test_a_public_only_key_verifies_but_cannot_issue(fleet_db: FleetDb) -> None:
    _, private = new_issuer_key()
    public = public_key_b64(private)
    start = now()
    with fleet_db.session() as session:
        with pytest.raises(FleetError) as none:
            cards.issue_demo_card(session, KEYS, customer_id="C-1", library_card=None, valid_days=1)
        assert none.value.code == "no_issuer_key"
        cards.import_issuer_public_key(session, "city-2026", public, "it")
        assert cards.import_issuer_public_key(session, "city-2026", public, "it").kid == (
            "city-2026"
        )
        with pytest.raises(FleetError) as clash:
            cards.import_issuer_public_key(
                session, "city-2026", public_key_b64(new_issuer_key()[1]), "it"
            )
        assert clash.value.status == 409
        with pytest.raises(FleetError) as invalid:
            cards.import_issuer_public_key(session, "city key", public, "it")
        assert invalid.value.code == "invalid_issuer_key"
        # A key marked active whose private half is elsewhere (the city's app signs).
        session.add(CardIssuerKey(kid="city-active", public_key=public, active=True))
        session.flush()
        with pytest.raises(FleetError) as public_only:
            cards.issue_demo_card(session, KEYS, customer_id="C-1", library_card=None, valid_days=1)
        assert public_only.value.code == "issuer_key_public_only"
        assert "city-active" in public_only.value.message
        trust = cards.card_trust(session, start)
    assert IssuerKey(kid="city-2026", public_key=public) in trust.issuers
    assert [issuer.kid for issuer in trust.issuers] == sorted(i.kid for i in trust.issuers)


def test_issuance_refuses_bad_input_and_another_data_secret(fleet_db: FleetDb) -> None:
    with fleet_db.session() as session:
        cards.ensure_issuer_key(session, KEYS, "it")
        for days in (0, cards.MAX_CARD_VALIDITY.days + 1):
            with pytest.raises(FleetError) as validity:
                cards.issue_demo_card(
                    session, KEYS, customer_id="C-1", library_card=None, valid_days=days
                )
            assert validity.value.code == "invalid_validity"
        with pytest.raises(FleetError) as bad:
            cards.issue_demo_card(
                session, KEYS, customer_id="has space", library_card=None, valid_days=1
            )
        assert bad.value.code == "invalid_card"
        with pytest.raises(FleetError) as unreadable:
            cards.issue_demo_card(
                session,
                DataKeys("another secret, also long"),
                customer_id="C-1",
                library_card=None,
                valid_days=1,
            )
        assert unreadable.value.code == "issuer_key_unreadable"
        wallet = cards.issue_demo_card(
            session, KEYS, customer_id="C-1", library_card=None, valid_days=1
        )
        issued = list_audit(session, target_type="card", action="card.issue")
    assert [entry.target_id for entry in issued] == [wallet.card_id]
    assert "C-1" not in str(issued[0].detail)


def test_kiosks_trust_at_most_sixteen_keys(fleet_db: FleetDb) -> None:
    with fleet_db.session() as session:
        cards.ensure_issuer_key(session, KEYS, "it")
        for number in range(15):
            public = public_key_b64(new_issuer_key()[1])
            cards.import_issuer_public_key(session, f"city-{number}", public, "it")
    with fleet_db.session() as session:
        with pytest.raises(FleetError) as full:
            cards.rotate_issuer_key(session, KEYS, "it")
        assert full.value.code == "too_many_issuer_keys"
        with pytest.raises(FleetError):
            cards.import_issuer_public_key(
                session, "one-too-many", public_key_b64(new_issuer_key()[1]), "it"
            )
        # Refused before anything changed: committing this session keeps the old state.
        assert len(cards.list_issuer_keys(session)) == 16
        # A rotation that retires the old key at once makes room for the new one...
        cards.rotate_issuer_key(session, KEYS, "it", retire_old_after=dt.timedelta(0))
        assert len(cards.card_trust(session, now() + DAY).issuers) == 16
    # ... and so does retiring a key first.
    with fleet_db.session() as session:
        cards.retire_issuer_key(session, "city-0", "it")
        cards.rotate_issuer_key(session, KEYS, "it")
        assert len(cards.card_trust(session, now() + DAY).issuers) == 16
