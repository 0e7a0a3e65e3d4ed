"""Digital customer cards: certificates, QR and NFC proofs, refusals, the phone's card app."""

from __future__ import annotations

import base64
import datetime as dt
import re
import struct
from collections.abc import Awaitable, Callable

import pytest
from pydantic import SecretStr, ValidationError

from fleet.protocol.cards import (
    CARD_AID,
    MAX_PROOF_CHARS,
    CardProofError,
    CardTrust,
    IssuerKey,
    MemoryReplayGuard,
    PhoneCardApplication,
    PhoneWallet,
    ReplayGuard,
    VerifiedCard,
    issue_card,
    new_issuer_key,
    parse_certificate,
    public_key_b64,
    qr_proof,
    read_nfc_proof,
    verify_proof,
)
from fleet.protocol.sessions import LoginRefusal
from hardware.fakes import FakeCard, FakeCardReader
from tests.support.clock import FakeClock

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
CUSTOMER = "HKI-7731-0042"
LIBRARY_CARD = "2100 4455 6677 8"
QR_TARGET = 450

Transceive = Callable[[bytes], Awaitable[bytes]]


# --- helpers --------------------------------------------------------------------------------


class Issuer:
    """An issuer key pair as the fleet (or the city's app) holds it."""

    def __init__(self) -> None:
        self.kid, self.private = new_issuer_key()

    def public(self, not_after: dt.datetime | None = None) -> IssuerKey:
        return IssuerKey(kid=self.kid, public_key=public_key_b64(self.private), not_after=not_after)

    def issue(
        self,
        *,
        kid: str | None = None,
        customer_id: str = CUSTOMER,
        library_card: str | None = LIBRARY_CARD,
        valid: dt.timedelta = dt.timedelta(days=365),
        now: dt.datetime = NOW,
    ) -> PhoneWallet:
        return issue_card(
            issuer_kid=kid or self.kid,
            issuer_private=self.private,
            customer_id=customer_id,
            library_card=library_card,
            expires_at=now + valid,
            now=now,
        )


def transceiver(app: PhoneCardApplication) -> Transceive:
    async def transceive(apdu: bytes) -> bytes:
        return app.handle(apdu)

    return transceive


async def nfc_proof(wallet: PhoneWallet, device_id: int, **options: int) -> str:
    app = PhoneCardApplication(wallet, **options)
    return await read_nfc_proof(transceiver(app), device_id, now=NOW)


def refusal(
    text: str,
    trust: CardTrust,
    *,
    now: dt.datetime = NOW,
    device_id: int = 7,
    max_age: dt.timedelta = dt.timedelta(seconds=60),
) -> LoginRefusal:
    """The code ``verify_proof`` refuses ``text`` with (the test fails if it accepts it)."""
    with pytest.raises(CardProofError) as refused:
        verify_proof(text, trust, now=now, device_id=device_id, max_age=max_age)
    return refused.value.code


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@pytest.fixture
def issuer() -> Issuer:
    return Issuer()


@pytest.fixture
def trust(issuer: Issuer) -> CardTrust:
    return CardTrust(issuers=[issuer.public()])


@pytest.fixture
def wallet(issuer: Issuer) -> PhoneWallet:
    return issuer.issue()


# --- keys and wallets -----------------------------------------------------------------------


def test_issuer_keys_and_the_aid_have_the_documented_shape() -> None:
    kid, private = new_issuer_key()
    assert len(private) == 32
    assert IssuerKey(kid=kid, public_key=public_key_b64(private)).kid == kid
    assert len(public_key_b64(private)) == 43
    assert new_issuer_key()[0] != kid
    assert re.fullmatch(r"[a-z2-7]{8}", kid)  # base32: never a leading "-" on a command line
    assert CARD_AID[0] == 0xF0
    assert 7 <= len(CARD_AID) <= 16


def test_a_wallet_round_trips_as_json_and_hides_its_secrets(wallet: PhoneWallet) -> None:
    private = wallet.phone_private_key.get_secret_value()
    for text in (repr(wallet), str(wallet)):
        assert private not in text
        assert CUSTOMER not in text
        assert "21004455" not in text
        assert wallet.certificate not in text
        assert wallet.card_id in text
    data = wallet.model_dump_json()
    assert private in data  # the file the phone keeps
    assert PhoneWallet.model_validate_json(data) == wallet
    assert wallet.library_card == "2100445566778"  # normalised like a typed card number
    assert len(wallet.card_id) <= 64
    cert = parse_certificate(wallet.certificate)
    assert (cert.card_id, cert.customer_id, cert.expires_at) == (
        wallet.card_id,
        CUSTOMER,
        NOW + dt.timedelta(days=365),
    )
    assert CUSTOMER not in repr(cert)


def test_a_wallet_whose_key_or_fields_do_not_match_its_certificate_is_refused(
    issuer: Issuer, wallet: PhoneWallet
) -> None:
    other = issuer.issue()
    with pytest.raises(ValidationError, match="does not belong"):
        PhoneWallet.model_validate(
            {**wallet.model_dump(), "phone_private_key": other.phone_private_key}
        )
    with pytest.raises(ValidationError, match="differ"):
        PhoneWallet.model_validate({**wallet.model_dump(), "customer_id": "someone-else"})
    with pytest.raises(ValidationError, match="damaged"):
        PhoneWallet.model_validate({**wallet.model_dump(), "certificate": "AQ"})
    with pytest.raises(ValidationError):
        PhoneWallet.model_validate(
            {**wallet.model_dump(), "phone_private_key": SecretStr("x" * 43)}
        )


def test_issue_card_refuses_what_the_format_cannot_carry(issuer: Issuer) -> None:
    with pytest.raises(ValueError, match="time zone"):
        issuer.issue(now=NOW.replace(tzinfo=None))
    with pytest.raises(ValueError, match="future"):
        issuer.issue(valid=dt.timedelta(0))
    with pytest.raises(ValueError, match="library card"):
        issuer.issue(library_card="21/00")
    with pytest.raises(ValueError, match="customer id"):
        issuer.issue(customer_id="Aino Virtanen")  # spaces: not an id
    with pytest.raises(ValueError, match="key id"):
        issuer.issue(kid="bad kid")
    assert issuer.issue(library_card=None).library_card is None


# --- round trips ----------------------------------------------------------------------------


def test_qr_round_trip(wallet: PhoneWallet, trust: CardTrust) -> None:
    text = qr_proof(wallet, NOW)
    card = verify_proof(text, trust, now=NOW + dt.timedelta(seconds=5), device_id=7)
    assert card.kind == "qr"
    assert (card.card_id, card.customer_id, card.library_card) == (
        wallet.card_id,
        CUSTOMER,
        "2100445566778",
    )
    assert card.card_expires_at == wallet.expires_at
    assert card.remember_until >= NOW + dt.timedelta(seconds=60)
    assert card.remember_until <= NOW + dt.timedelta(seconds=62)
    # The same proof always has the same id; another proof a moment later has another.
    assert verify_proof(text, trust, now=NOW, device_id=8).proof_id == card.proof_id
    assert verify_proof(qr_proof(wallet, NOW), trust, now=NOW, device_id=7).proof_id != (
        card.proof_id
    )
    # A wedge scanner may add a newline; it does not matter.
    assert verify_proof(text + "\r\n", trust, now=NOW, device_id=7).card_id == wallet.card_id


def test_the_qr_proof_stays_short_and_keyboard_safe(issuer: Issuer, trust: CardTrust) -> None:
    typical = qr_proof(issuer.issue(), NOW)
    longest = qr_proof(issuer.issue(customer_id="C" * 64, library_card="9" * 32), NOW)
    assert len(typical) < 340
    assert len(longest) < QR_TARGET
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
    assert set(longest) <= allowed
    assert typical.startswith("DCQ1.")
    assert verify_proof(longest, trust, now=NOW, device_id=1).customer_id == "C" * 64


@pytest.mark.asyncio
async def test_nfc_round_trip(wallet: PhoneWallet, trust: CardTrust) -> None:
    nonce = bytes(range(16))
    app = PhoneCardApplication(wallet)
    text = await read_nfc_proof(transceiver(app), 7, nonce=nonce, now=NOW)
    assert text.startswith("DCN1.")
    assert len(text) < QR_TARGET
    card = verify_proof(text, trust, now=NOW + dt.timedelta(seconds=1), device_id=7)
    assert (card.kind, card.card_id, card.customer_id) == ("nfc", wallet.card_id, CUSTOMER)
    assert card.remember_until <= NOW + dt.timedelta(seconds=62)
    # The proof carries the kiosk's own challenge: its nonce and device id.
    tail = unb64(text.split(".")[2])
    assert tail[4:20] == nonce
    assert struct.unpack(">I", tail[20:24]) == (7,)


@pytest.mark.asyncio
async def test_nfc_through_the_fake_reader_and_a_card_without_our_application(
    wallet: PhoneWallet, trust: CardTrust
) -> None:
    app = PhoneCardApplication(wallet)

    async def phone(apdu: bytes) -> bytes:
        return app.handle(apdu)

    reader = FakeCardReader()
    await reader.start()
    reader.present(FakeCard.iso_dep(phone))
    tap = await reader.read(timeout=1.0)
    assert tap is not None
    text = await read_nfc_proof(tap.transceive, 42, now=NOW)
    assert verify_proof(text, trust, now=NOW, device_id=42).customer_id == CUSTOMER
    # A bank card or a phone without the app: ISO-DEP, but SELECT answers 6A82.
    reader.present(FakeCard.iso_dep())
    other = await reader.read(timeout=1.0)
    assert other is not None
    with pytest.raises(CardProofError) as refused:
        await read_nfc_proof(other.transceive, 42, now=NOW)
    assert refused.value.code is LoginRefusal.PROOF_MALFORMED
    await reader.stop()


@pytest.mark.asyncio
async def test_a_uid_only_card_is_never_identity() -> None:
    async def no_application(apdu: bytes) -> bytes:
        return b"\x6a\x82"

    with pytest.raises(CardProofError) as refused:
        await read_nfc_proof(no_application, 7)
    assert refused.value.code is LoginRefusal.PROOF_MALFORMED
    assert "application" in refused.value.message


@pytest.mark.asyncio
async def test_read_nfc_proof_follows_61xx_chaining_in_small_pieces(
    wallet: PhoneWallet, trust: CardTrust
) -> None:
    app = PhoneCardApplication(wallet)
    sent: list[bytes] = []

    async def small_pieces(apdu: bytes) -> bytes:
        if apdu[:2] in (b"\x80\xca", b"\x00\xc0"):
            apdu = apdu[:4] + b"\x40"  # 64 bytes at a time, as a reader with a small buffer
        sent.append(apdu)
        return app.handle(apdu)

    text = await read_nfc_proof(small_pieces, 3, now=NOW)
    assert verify_proof(text, trust, now=NOW, device_id=3).card_id == wallet.card_id
    assert sum(apdu[:2] == b"\x00\xc0" for apdu in sent) >= 2


@pytest.mark.asyncio
async def test_read_nfc_proof_refuses_cards_that_answer_nonsense(wallet: PhoneWallet) -> None:
    app = PhoneCardApplication(wallet)

    def answering(rewrite: Callable[[bytes, bytes], bytes]) -> Transceive:
        async def transceive(apdu: bytes) -> bytes:
            return rewrite(apdu, app.handle(apdu))

        return transceive

    cases: list[Callable[[bytes, bytes], bytes]] = [
        lambda apdu, reply: b"",  # no status word
        lambda apdu, reply: b"\x69\x85" if apdu[1] == 0xCA else reply,  # no certificate
        lambda apdu, reply: b"\x01\x02\x90\x00" if apdu[1] == 0xCA else reply,  # garbage cert
        lambda apdu, reply: reply[:10] + b"\x90\x00" if apdu[1] == 0x88 else reply,  # short sig
        lambda apdu, reply: b"\x6a\x80" if apdu[1] == 0x88 else reply,  # refuses to sign
        lambda apdu, reply: b"\x00" * 64 + b"\x61\x40" if apdu[1] in (0xCA, 0xC0) else reply,
    ]
    for rewrite in cases:
        with pytest.raises(CardProofError) as refused:
            await read_nfc_proof(answering(rewrite), 7, now=NOW)
        assert refused.value.code is LoginRefusal.PROOF_MALFORMED
    with pytest.raises(ValueError, match="nonce"):
        await read_nfc_proof(answering(lambda apdu, reply: reply), 7, nonce=b"short")
    with pytest.raises(ValueError, match="device id"):
        await read_nfc_proof(answering(lambda apdu, reply: reply), -1)


# --- every refusal, with real forged input --------------------------------------------------


def test_a_card_signed_by_another_issuer_is_forged(issuer: Issuer, trust: CardTrust) -> None:
    impostor = Issuer()
    # The impostor claims the trusted issuer's key id but signs with its own key.
    forged = impostor.issue(kid=issuer.kid)
    assert refusal(qr_proof(forged, NOW), trust) is LoginRefusal.DIGITAL_CARD_FORGED


def test_an_unknown_issuer_key_is_forged(trust: CardTrust) -> None:
    stranger = Issuer().issue()
    assert refusal(qr_proof(stranger, NOW), trust) is LoginRefusal.DIGITAL_CARD_FORGED
    empty = CardTrust()
    assert refusal(qr_proof(stranger, NOW), empty) is LoginRefusal.DIGITAL_CARD_FORGED


def test_tampered_certificate_bytes_are_forged(wallet: PhoneWallet, trust: CardTrust) -> None:
    prefix, cert_text, tail = qr_proof(wallet, NOW).split(".")
    cert = bytearray(unb64(cert_text))
    position = cert.index(CUSTOMER.encode())
    cert[position] = ord("X")  # still a well-formed certificate: another customer
    tampered = f"{prefix}.{b64(bytes(cert))}.{tail}"
    assert refusal(tampered, trust) is LoginRefusal.DIGITAL_CARD_FORGED
    longer = bytearray(unb64(cert_text))
    longer[-70] ^= 0x01  # a bit of the phone's key
    assert (
        refusal(f"{prefix}.{b64(bytes(longer))}.{tail}", trust) is LoginRefusal.DIGITAL_CARD_FORGED
    )


def test_a_phone_signature_by_another_key_is_forged(issuer: Issuer, trust: CardTrust) -> None:
    mine, someone_elses = issuer.issue(), issuer.issue()
    _, _, tail = qr_proof(someone_elses, NOW).split(".")
    stolen_certificate = f"DCQ1.{mine.certificate}.{tail}"
    assert refusal(stolen_certificate, trust) is LoginRefusal.DIGITAL_CARD_FORGED
    prefix, cert, tail = qr_proof(mine, NOW).split(".")
    signature = bytearray(unb64(tail))
    signature[-1] ^= 0x80
    assert (
        refusal(f"{prefix}.{cert}.{b64(bytes(signature))}", trust)
        is LoginRefusal.DIGITAL_CARD_FORGED
    )


def test_a_retired_issuer_key_refuses_its_cards(issuer: Issuer, wallet: PhoneWallet) -> None:
    text = qr_proof(wallet, NOW)
    retired = CardTrust(issuers=[issuer.public(not_after=NOW - dt.timedelta(seconds=1))])
    assert refusal(text, retired) is LoginRefusal.DIGITAL_CARD_FORGED
    retiring = CardTrust(issuers=[issuer.public(not_after=NOW + dt.timedelta(days=1))])
    assert verify_proof(text, retiring, now=NOW, device_id=7).card_id == wallet.card_id


def test_an_expired_card(issuer: Issuer, trust: CardTrust) -> None:
    wallet = issuer.issue(valid=dt.timedelta(days=1))
    later = wallet.expires_at
    text = qr_proof(wallet, later)
    assert refusal(text, trust, now=later) is LoginRefusal.DIGITAL_CARD_EXPIRED
    # Expiry is judged before revocation (the check order is part of the contract).
    revoked = trust.model_copy(update={"revoked": [wallet.card_id]})
    assert refusal(text, revoked, now=later) is LoginRefusal.DIGITAL_CARD_EXPIRED


def test_a_revoked_card(wallet: PhoneWallet, trust: CardTrust) -> None:
    revoked = trust.model_copy(update={"revoked": ["another-card", wallet.card_id]})
    assert refusal(qr_proof(wallet, NOW), revoked) is LoginRefusal.DIGITAL_CARD_REVOKED


def test_qr_proofs_expire_and_cannot_come_from_the_future(
    wallet: PhoneWallet, trust: CardTrust
) -> None:
    old = qr_proof(wallet, NOW - dt.timedelta(seconds=61))
    assert refusal(old, trust) is LoginRefusal.PROOF_EXPIRED
    assert verify_proof(
        qr_proof(wallet, NOW - dt.timedelta(seconds=60)), trust, now=NOW, device_id=7
    )
    future = qr_proof(wallet, NOW + dt.timedelta(seconds=31))
    assert refusal(future, trust) is LoginRefusal.PROOF_EXPIRED
    assert verify_proof(
        qr_proof(wallet, NOW + dt.timedelta(seconds=30)), trust, now=NOW, device_id=7
    )
    shorter = qr_proof(wallet, NOW - dt.timedelta(seconds=20))
    assert refusal(shorter, trust, max_age=dt.timedelta(seconds=10)) is LoginRefusal.PROOF_EXPIRED
    # A session reported after an outage: the fleet checks the card, not the proof's age,
    # and must remember the proof for as long as it could be accepted that way.
    late = verify_proof(
        old, trust, now=NOW + dt.timedelta(hours=5), device_id=7, check_freshness=False
    )
    assert late.remember_until == wallet.expires_at


@pytest.mark.asyncio
async def test_an_nfc_proof_for_another_kiosk(wallet: PhoneWallet, trust: CardTrust) -> None:
    made_at_7 = await nfc_proof(wallet, 7)
    assert refusal(made_at_7, trust, device_id=8) is LoginRefusal.PROOF_OTHER_DEVICE
    # A phone that signs another device id than the one in the challenge.
    relayed = await nfc_proof(wallet, 7, sign_as_device=9)
    assert refusal(relayed, trust, device_id=7) is LoginRefusal.PROOF_OTHER_DEVICE
    assert verify_proof(relayed, trust, now=NOW, device_id=9).card_id == wallet.card_id
    # Editing the device id in the proof breaks the phone's signature.
    prefix, cert, tail = made_at_7.split(".")
    raw = bytearray(unb64(tail))
    raw[20:24] = struct.pack(">I", 8)
    assert (
        refusal(f"{prefix}.{cert}.{b64(bytes(raw))}", trust, device_id=8)
        is LoginRefusal.DIGITAL_CARD_FORGED
    )


@pytest.mark.asyncio
async def test_old_nfc_proofs_expire_too(wallet: PhoneWallet, trust: CardTrust) -> None:
    text = await nfc_proof(wallet, 7)
    assert refusal(text, trust, now=NOW + dt.timedelta(seconds=61)) is LoginRefusal.PROOF_EXPIRED


def test_malformed_proofs(wallet: PhoneWallet, trust: CardTrust) -> None:
    good = qr_proof(wallet, NOW)
    prefix, cert, tail = good.split(".")
    raw_cert = bytearray(unb64(cert))
    raw_cert[0] = 2  # a certificate version we do not know
    # 76 bytes end in a character carrying 2 bits; its 4 unused bits must be zero.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    assert len(unb64(tail)) % 3 == 1
    non_canonical_tail = tail[:-1] + alphabet[alphabet.index(tail[-1]) | 1]
    assert unb64(non_canonical_tail) == unb64(tail)
    texts = [
        "",
        "hello",
        good[: len(good) // 2],  # truncated
        good[:-3],  # a few characters short
        good + "AAAA",  # trailing bytes
        good.replace("DCQ1", "XYZ1"),  # another prefix
        good.replace("DCQ1", "DCQ2"),  # an unknown version
        f"DCN1.{cert}.{tail}",  # a QR proof under the NFC prefix
        f"{prefix}.{b64(bytes(raw_cert))}.{tail}",
        f"{prefix}.{cert}.{tail}.{tail}",  # one segment too many
        f"{prefix}.{cert}+.{tail}",  # not base64url
        f"{prefix}.{cert}.{non_canonical_tail}",  # unused bits set: another text, same bytes
        "DCQ1." + "A" * (MAX_PROOF_CHARS + 10),  # oversized
        "DCQ1.ÄÖ.ÅÅ",
    ]
    for text in texts:
        assert refusal(text, trust) is LoginRefusal.PROOF_MALFORMED, text


def test_errors_and_results_keep_personal_data_out_of_logs(
    wallet: PhoneWallet, trust: CardTrust
) -> None:
    card = verify_proof(qr_proof(wallet, NOW), trust, now=NOW, device_id=7)
    assert isinstance(card, VerifiedCard)
    assert CUSTOMER not in repr(card)
    assert "2100445566778" not in repr(card)
    assert card.card_id in repr(card)
    revoked = trust.model_copy(update={"revoked": [wallet.card_id]})
    with pytest.raises(CardProofError) as refused:
        verify_proof(qr_proof(wallet, NOW), revoked, now=NOW, device_id=7)
    assert CUSTOMER not in str(refused.value)
    assert wallet.card_id not in str(refused.value)
    with pytest.raises(ValueError, match="digital-card"):
        CardProofError(LoginRefusal.PIN_WRONG, "not ours")
    with pytest.raises(ValueError, match="time zone"):
        verify_proof(qr_proof(wallet, NOW), trust, now=NOW.replace(tzinfo=None), device_id=7)


# --- replays --------------------------------------------------------------------------------


def accept(
    text: str, trust: CardTrust, guard: ReplayGuard, now: dt.datetime, device_id: int = 7
) -> VerifiedCard:
    """The caller's contract: verify, then refuse a proof the guard has seen."""
    card = verify_proof(text, trust, now=now, device_id=device_id)
    if not guard.first_use(card.proof_id, card.remember_until):
        raise CardProofError(LoginRefusal.PROOF_REPLAYED, "the proof was already used")
    return card


@pytest.mark.asyncio
async def test_the_same_proof_twice_is_a_replay(wallet: PhoneWallet, trust: CardTrust) -> None:
    clock = FakeClock(NOW)
    guard = MemoryReplayGuard(clock)
    text = qr_proof(wallet, NOW)
    accept(text, trust, guard, NOW)
    with pytest.raises(CardProofError) as refused:
        accept(text, trust, guard, NOW + dt.timedelta(seconds=2))
    assert refused.value.code is LoginRefusal.PROOF_REPLAYED
    # A fresh proof of the same card is fine; so is a fresh NFC tap.
    accept(qr_proof(wallet, NOW), trust, guard, NOW)
    nfc = await nfc_proof(wallet, 7)
    accept(nfc, trust, guard, NOW)
    with pytest.raises(CardProofError):
        accept(nfc, trust, guard, NOW)
    assert len(guard) == 3
    # Once a proof would be refused as too old anyway, the guard may forget it.
    clock.advance(seconds=120)
    assert guard.first_use("another", NOW + dt.timedelta(seconds=200))
    assert len(guard) == 1
    assert refusal(text, trust, now=clock.now) is LoginRefusal.PROOF_EXPIRED


# --- the card application's APDUs -----------------------------------------------------------


def select(aid: bytes = CARD_AID, p2: int = 0x00) -> bytes:
    return bytes([0x00, 0xA4, 0x04, p2, len(aid)]) + aid + b"\x00"


def test_the_card_application_speaks_iso_7816(wallet: PhoneWallet) -> None:
    app = PhoneCardApplication(wallet, sign_as_device=None)
    challenge = bytes(24)
    # Nothing works before SELECT.
    assert app.handle(b"\x80\xca\x00\x00\x00") == b"\x69\x85"
    assert app.handle(b"\x00\x88\x00\x00\x18" + challenge + b"\x00") == b"\x69\x85"
    assert app.handle(b"\x00\xc0\x00\x00\x10") == b"\x69\x85"
    assert app.handle(select(b"\xa0\x00\x00\x00\x03\x10\x10")) == b"\x6a\x82"  # a bank card's
    assert app.handle(bytes([0x00, 0xA4, 0x00, 0x00, 0x02, 0x3F, 0x00])) == b"\x6a\x86"
    reply = app.handle(select())
    assert reply[-2:] == b"\x90\x00"
    assert CARD_AID in reply
    assert app.handle(select(p2=0x0C)) == b"\x90\x00"
    # Length, class, instruction and parameter errors.
    assert app.handle(b"\x00\xa4") == b"\x67\x00"
    assert app.handle(b"\x00\x88\x00\x00\x05" + bytes(5) + b"\x00") == b"\x67\x00"
    assert app.handle(b"\x00\x88\x00\x00\x18" + bytes(10)) == b"\x67\x00"  # Lc says more
    assert app.handle(b"\x00\x88\x00\x00\x00\x00\x18") == b"\x67\x00"  # extended length
    assert app.handle(b"\x00\x88\x01\x00\x18" + challenge) == b"\x6a\x86"
    assert app.handle(b"\x80\xca\x00\x01\x00") == b"\x6a\x86"
    assert app.handle(b"\x80\xca\x00\x00\x01\xff\x00") == b"\x67\x00"
    assert app.handle(b"\x00\xb0\x00\x00\x00") == b"\x6d\x00"
    assert app.handle(b"\x84\xca\x00\x00\x00") == b"\x6e\x00"
    # The certificate in 64-byte pieces: 61xx says how much is left.
    cert = unb64(wallet.certificate)
    first = app.handle(b"\x80\xca\x00\x00\x40")
    assert first[:-2] == cert[:64]
    assert first[-2] == 0x61
    assert first[-1] == len(cert) - 64
    collected = first[:-2]
    status = first[-2:]
    while status[0] == 0x61:
        reply = app.handle(bytes([0x00, 0xC0, 0x00, 0x00, min(status[1] or 256, 0x40)]))
        collected += reply[:-2]
        status = reply[-2:]
    assert status == b"\x90\x00"
    assert collected == cert
    # Any other command ends a pending chain.
    app.handle(b"\x80\xca\x00\x00\x40")
    app.handle(select())
    assert app.handle(b"\x00\xc0\x00\x00\x40") == b"\x69\x85"
    # The challenge's signature: device id + 64 bytes.
    signed = app.handle(b"\x00\x88\x00\x00\x18" + challenge + b"\x00")
    assert len(signed) == 4 + 64 + 2
    assert signed[-2:] == b"\x90\x00"
    # Selecting another application deselects ours.
    assert app.handle(select(b"\xf0\x01\x02\x03\x04\x05\x06")) == b"\x6a\x82"
    assert app.handle(b"\x80\xca\x00\x00\x00") == b"\x69\x85"
    assert "Secret" not in repr(app)
    with pytest.raises(ValueError, match="device id"):
        PhoneCardApplication(wallet, sign_as_device=2**32)
