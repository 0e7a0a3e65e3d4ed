"""The digital customer card: issuer trust, certificates, QR and NFC proofs, the phone's card app.

Pure code (pydantic + ``cryptography``) shared by the kiosk, the fleet and the phone
simulator. Decision record: ``docs/decisions/0008-digital-customer-card.md``.

**Certificate** (version 1): the issuer's Ed25519 signature binds a card to the public key
of a key pair the phone generated and keeps. Binary, every field length-prefixed::

    u8 version = 1
    u8 n, kid           ASCII [A-Za-z0-9_-], 1..64   issuer key id
    u8 n, card_id       ASCII [A-Za-z0-9_-], 1..64   what a revocation names
    u8 n, customer_id   printable ASCII, 1..64       the city's customer id
    u8 n, library_card  ASCII [0-9A-Z], 0..32        0: no library card
    u32 expires_at      Unix seconds, big-endian
    32 bytes            the phone's Ed25519 public key
    64 bytes            issuer signature over DOMAIN_CERT || all bytes above

It travels as base64url without padding (typically ~200 characters).

**Proofs** are ASCII text, ``PREFIX.CERT.PROOF`` (base64url segments, so a keyboard-wedge
scanner types them unchanged):

* QR, prefix ``DCQ1``: PROOF = u32 time (the phone's clock) || 8-byte nonce || signature over
  ``DOMAIN_QR || certificate || time || nonce``. About 320 characters.
* NFC, prefix ``DCN1``: PROOF = u32 time (the kiosk's clock) || 16-byte nonce || u32 device
  id || signature over ``DOMAIN_NFC || certificate || time || nonce || device id``. The
  kiosk chose time, nonce and device id (its challenge); the device id is the one the phone
  says it signed for, so a proof made for another kiosk is refused as such.

The proof's prefix carries the format version; an unknown prefix or certificate version is
``proof_malformed``. Every signature covers the exact bytes transmitted, behind a
per-purpose domain string, so no signature can be replayed as another kind.

**NFC card application** (ISO/IEC 7816-4 over ISO-DEP, short APDUs only):

* ``00 A4 04 00 Lc CARD_AID [Le]``: SELECT; answers ``6F .. 84 .. AID`` 9000 (``P2=0C``:
  no data). Any other AID: 6A82 and the application is deselected.
* ``80 CA 00 00 [Le]``: GET CERTIFICATE. The first up to 256 bytes, then ``61xx`` while more
  is waiting; the kiosk fetches the rest with ``00 C0 00 00 Le`` (GET RESPONSE).
* ``00 88 00 00 18 <challenge: u32 time || 16-byte nonce || u32 device id> [Le]``: INTERNAL
  AUTHENTICATE; answers ``u32 signed device id || 64-byte signature`` 9000.
* Errors: 6700 wrong length, 6A86 wrong P1-P2, 6D00 unknown instruction, 6E00 unknown class,
  6985 not selected (or nothing to GET RESPONSE).

**Replays**: :func:`verify_proof` is stateless. Its caller keeps ``VerifiedCard.proof_id``
until ``VerifiedCard.remember_until`` in a :class:`ReplayGuard` and refuses a second use
with ``proof_replayed``. Proofs carry a time and are refused after ``max_age``, so the memory
a guard needs is bounded (except with ``check_freshness=False``: then until card expiry).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import heapq
import os
import re
import secrets
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pydantic import Field, SecretStr, field_serializer, model_validator

from fleet.protocol.base import WireMessage
from fleet.protocol.sessions import LoginRefusal, normalise_card_number

#: A key id or card id: short, printable, safe in a URL and a log line.
_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


class IssuerKey(WireMessage):
    """A public Ed25519 key that signs card certificates.

    ``not_after``: certificates signed by this key are refused after this moment (set when
    a key is retired after a rotation, or compromised).
    """

    kid: str = Field(pattern=_ID_PATTERN)
    #: The raw 32-byte public key, base64url without padding.
    public_key: str = Field(pattern=r"^[A-Za-z0-9_-]{43}$")
    not_after: dt.datetime | None = None


class CardTrust(WireMessage):
    """What a kiosk needs to verify digital cards offline; part of its ``DeviceConfig``."""

    issuers: list[IssuerKey] = Field(default_factory=list, max_length=16)
    #: Ids of revoked cards (lost phones, cancelled cards) that have not yet expired.
    revoked: list[str] = Field(default_factory=list, max_length=100_000)


# --- format constants -------------------------------------------------------------------------

#: The card application's NFC id: proprietary (0xF0), "LIBCARD", application version 1.
CARD_AID = b"\xf0LIBCARD\x01"

CERT_VERSION = 1
QR_PREFIX = "DCQ1"
NFC_PREFIX = "DCN1"
DOMAIN_CERT = b"library-kiosk digital card certificate v1\x00"
DOMAIN_QR = b"library-kiosk digital card QR proof v1\x00"
DOMAIN_NFC = b"library-kiosk digital card NFC proof v1\x00"

#: Longer text is refused before anything is decoded (real proofs are ~330 characters).
MAX_PROOF_CHARS = 1024
MAX_CERT_BYTES = 400
QR_NONCE_BYTES = 8
NFC_NONCE_BYTES = 16
#: A proof's time may be this far ahead of the verifier's clock (phone clocks drift).
FUTURE_SKEW = dt.timedelta(seconds=30)
DEFAULT_MAX_AGE = dt.timedelta(seconds=60)

_KEY_BYTES = 32
_SIGNATURE_BYTES = 64
_CHALLENGE_BYTES = 4 + NFC_NONCE_BYTES + 4
_ID_RE = re.compile(_ID_PATTERN)
_CUSTOMER_RE = re.compile(r"^[\x21-\x7e]{1,64}$")
_LIBRARY_CARD_RE = re.compile(r"^[0-9A-Z]{1,32}$")
_B64_RE = re.compile(r"^[A-Za-z0-9_-]*$")
_U32_MAX = 2**32 - 1

# Status words and instructions of the card application.
SW_OK = b"\x90\x00"
SW_WRONG_LENGTH = b"\x67\x00"
SW_NOT_SELECTED = b"\x69\x85"
SW_FILE_NOT_FOUND = b"\x6a\x82"
SW_WRONG_P1P2 = b"\x6a\x86"
SW_INS_NOT_SUPPORTED = b"\x6d\x00"
SW_CLA_NOT_SUPPORTED = b"\x6e\x00"
_INS_SELECT = 0xA4
_INS_GET_CERTIFICATE = 0xCA
_INS_GET_RESPONSE = 0xC0
_INS_INTERNAL_AUTHENTICATE = 0x88
_MAX_CHAIN_ROUNDS = 8


# --- errors -----------------------------------------------------------------------------------

_PROOF_CODES = frozenset(
    {
        LoginRefusal.DIGITAL_CARD_FORGED,
        LoginRefusal.DIGITAL_CARD_EXPIRED,
        LoginRefusal.DIGITAL_CARD_REVOKED,
        LoginRefusal.PROOF_EXPIRED,
        LoginRefusal.PROOF_REPLAYED,
        LoginRefusal.PROOF_OTHER_DEVICE,
        LoginRefusal.PROOF_MALFORMED,
    }
)


class CardProofError(Exception):
    """A digital card or proof that must be refused: ``code`` says why, for the visitor.

    ``message`` is English for logs; it never contains the proof, ids or keys.
    """

    def __init__(self, code: LoginRefusal, message: str) -> None:
        if code not in _PROOF_CODES:
            raise ValueError(f"{code!r} is not a digital-card refusal")
        super().__init__(message)
        self.code = code
        self.message = message


def _malformed(message: str) -> CardProofError:
    return CardProofError(LoginRefusal.PROOF_MALFORMED, message)


def _forged(message: str) -> CardProofError:
    return CardProofError(LoginRefusal.DIGITAL_CARD_FORGED, message)


# --- encoding helpers -------------------------------------------------------------------------


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    """Strict base64url without padding: one text for one byte string, nothing else."""
    if not _B64_RE.fullmatch(text) or len(text) % 4 == 1:
        raise _malformed("not base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise _malformed("not base64url") from error
    if _b64encode(data) != text:
        raise _malformed("non-canonical base64url")
    return data


def _utc(moment: dt.datetime) -> dt.datetime:
    """An aware datetime in UTC; naive values (from hand-written JSON) are taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _require_aware(moment: dt.datetime, name: str) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{name} must carry a time zone")
    return moment.astimezone(dt.UTC)


def _unix(moment: dt.datetime) -> int:
    seconds = int(moment.timestamp())
    if not 0 <= seconds <= _U32_MAX:
        raise ValueError("time outside 1970..2106")
    return seconds


def _from_unix(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


class _Reader:
    """Reads a byte string front to back; any shortfall is a malformed input."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._position = 0

    def take(self, count: int) -> bytes:
        end = self._position + count
        if end > len(self._data):
            raise _malformed("truncated")
        chunk = self._data[self._position : end]
        self._position = end
        return chunk

    def u8(self) -> int:
        return self.take(1)[0]

    def u32(self) -> int:
        value: int = struct.unpack(">I", self.take(4))[0]
        return value

    def text(self, pattern: re.Pattern[str], *, optional: bool = False) -> str:
        raw = self.take(self.u8())
        if optional and not raw:
            return ""
        try:
            value = raw.decode("ascii")
        except UnicodeDecodeError as error:
            raise _malformed("a certificate field is not ASCII") from error
        if not pattern.fullmatch(value):
            raise _malformed("a certificate field has the wrong form")
        return value

    @property
    def position(self) -> int:
        return self._position

    def finish(self) -> None:
        if self._position != len(self._data):
            raise _malformed("trailing bytes")


# --- keys -------------------------------------------------------------------------------------


def _private(raw: bytes) -> Ed25519PrivateKey:
    if len(raw) != _KEY_BYTES:
        raise ValueError("an Ed25519 private key is 32 bytes")
    return Ed25519PrivateKey.from_private_bytes(raw)


def _public_raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_b64(private: bytes) -> str:
    """The public half of a raw Ed25519 private key: base64url, no padding, 43 characters."""
    return _b64encode(_public_raw(_private(private)))


def key_id(public_key: bytes) -> str:
    """A key id derived from the public key: lower-case base32 of its SHA-256's first 5 bytes.

    Eight characters ``a-z2-7``: never a leading ``-`` that a command line takes for an option.
    """
    return base64.b32encode(hashlib.sha256(public_key).digest()[:5]).decode("ascii").lower()


def new_issuer_key() -> tuple[str, bytes]:
    """A fresh issuer key: ``(kid, raw 32-byte private key)``; the kid names the public key."""
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes_raw()
    return key_id(_public_raw(key)), raw


def _issuer_key(issuer: IssuerKey) -> bytes:
    try:
        return _b64decode(issuer.public_key)
    except CardProofError:
        return b""  # a damaged trust entry verifies nothing


def _verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- certificates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CardCertificate:
    """A decoded certificate (signature not yet checked). ``raw`` is exactly what was sent."""

    kid: str
    card_id: str
    customer_id: str = field(repr=False)
    library_card: str | None = field(repr=False)
    expires_at: dt.datetime
    phone_key: bytes = field(repr=False)
    signature: bytes = field(repr=False)
    raw: bytes = field(repr=False)

    @property
    def signed_part(self) -> bytes:
        return self.raw[:-_SIGNATURE_BYTES]


def _certificate_body(
    kid: str,
    card_id: str,
    customer_id: str,
    library_card: str | None,
    expires_at: int,
    phone_key: bytes,
) -> bytes:
    body = bytearray([CERT_VERSION])
    for value in (kid, card_id, customer_id, library_card or ""):
        raw = value.encode("ascii")
        body.append(len(raw))
        body += raw
    body += struct.pack(">I", expires_at)
    body += phone_key
    return bytes(body)


def _decode_certificate(raw: bytes) -> CardCertificate:
    if len(raw) > MAX_CERT_BYTES:
        raise _malformed("the certificate is too long")
    reader = _Reader(raw)
    if reader.u8() != CERT_VERSION:
        raise _malformed("unknown certificate version")
    kid = reader.text(_ID_RE)
    card_id = reader.text(_ID_RE)
    customer_id = reader.text(_CUSTOMER_RE)
    library_card = reader.text(_LIBRARY_CARD_RE, optional=True) or None
    expires_at = _from_unix(reader.u32())
    phone_key = reader.take(_KEY_BYTES)
    signature = reader.take(_SIGNATURE_BYTES)
    reader.finish()
    return CardCertificate(
        kid=kid,
        card_id=card_id,
        customer_id=customer_id,
        library_card=library_card,
        expires_at=expires_at,
        phone_key=phone_key,
        signature=signature,
        raw=raw,
    )


def parse_certificate(certificate: str) -> CardCertificate:
    """Decode a certificate's text without checking it; ``CardProofError`` if malformed."""
    if len(certificate) > MAX_PROOF_CHARS:
        raise _malformed("the certificate is too long")
    return _decode_certificate(_b64decode(certificate))


# --- the phone's wallet -----------------------------------------------------------------------


class PhoneWallet(WireMessage):
    """What the phone keeps: its card certificate and private key (``fleet cards issue``).

    ``customer_id``, ``library_card``, ``card_id`` and ``expires_at`` repeat the certificate
    for people reading the file; they must match it. The private key, the customer id, the
    library card and the certificate stay out of ``repr``; only JSON output reveals the key.
    """

    version: Literal[1] = 1
    #: Base64url; it holds the customer id and library card, so it stays out of ``repr``.
    certificate: str = Field(
        min_length=1, max_length=MAX_PROOF_CHARS, pattern=r"^[A-Za-z0-9_-]+$", repr=False
    )
    phone_private_key: SecretStr = Field(min_length=43, max_length=43, repr=False)
    card_id: str = Field(pattern=_ID_PATTERN)
    customer_id: str = Field(max_length=64, repr=False)
    library_card: str | None = Field(default=None, max_length=32, repr=False)
    expires_at: dt.datetime

    @model_validator(mode="after")
    def _matches_certificate(self) -> PhoneWallet:
        try:
            cert = parse_certificate(self.certificate)
            private = _b64decode(self.phone_private_key.get_secret_value())
        except CardProofError as error:
            raise ValueError(f"the wallet is damaged: {error.message}") from None
        if len(private) != _KEY_BYTES or _public_raw(_private(private)) != cert.phone_key:
            raise ValueError("the private key does not belong to the certificate")
        if (cert.card_id, cert.customer_id, cert.library_card) != (
            self.card_id,
            self.customer_id,
            self.library_card,
        ) or cert.expires_at != _utc(self.expires_at):
            raise ValueError("the wallet's fields differ from its certificate")
        return self

    @field_serializer("phone_private_key", when_used="json")
    def _reveal_key_in_the_file(self, key: SecretStr) -> str:
        return key.get_secret_value()

    def private_key_bytes(self) -> bytes:
        return _b64decode(self.phone_private_key.get_secret_value())


def issue_card(
    *,
    issuer_kid: str,
    issuer_private: bytes,
    customer_id: str,
    library_card: str | None,
    expires_at: dt.datetime,
    now: dt.datetime,
) -> PhoneWallet:
    """Mint a card: a new phone key pair and a certificate for it signed by the issuer.

    ``expires_at`` is truncated to whole seconds. ``library_card`` is normalised (spaces and
    dashes dropped, upper case). Raises ``ValueError`` for fields the format cannot carry.
    """
    now = _require_aware(now, "now")
    expires_at = _require_aware(expires_at, "expires_at").replace(microsecond=0)
    if expires_at <= now:
        raise ValueError("expires_at must be in the future")
    if not _ID_RE.fullmatch(issuer_kid):
        raise ValueError("the issuer key id must be 1-64 characters [A-Za-z0-9_-]")
    if not _CUSTOMER_RE.fullmatch(customer_id):
        raise ValueError("the customer id must be 1-64 printable ASCII characters")
    card = normalise_card_number(library_card) if library_card else None
    if card is not None and not _LIBRARY_CARD_RE.fullmatch(card):
        raise ValueError("the library card number must be 1-32 letters and digits")
    issuer = _private(issuer_private)
    phone = Ed25519PrivateKey.generate()
    # A letter first: an id starting with '-' would read as an option on a command line.
    card_id = "c" + secrets.token_urlsafe(12)
    body = _certificate_body(
        issuer_kid, card_id, customer_id, card, _unix(expires_at), _public_raw(phone)
    )
    certificate = body + issuer.sign(DOMAIN_CERT + body)
    return PhoneWallet(
        certificate=_b64encode(certificate),
        phone_private_key=SecretStr(_b64encode(phone.private_bytes_raw())),
        card_id=card_id,
        customer_id=customer_id,
        library_card=card,
        expires_at=expires_at,
    )


def _qr_message(certificate: bytes, moment: int, nonce: bytes) -> bytes:
    return DOMAIN_QR + certificate + struct.pack(">I", moment) + nonce


def _nfc_message(certificate: bytes, challenge: bytes) -> bytes:
    return DOMAIN_NFC + certificate + challenge


def qr_proof(wallet: PhoneWallet, now: dt.datetime) -> str:
    """The text the phone shows as a QR code: valid for about a minute, once."""
    moment = _unix(_require_aware(now, "now"))
    nonce = os.urandom(QR_NONCE_BYTES)
    certificate = _b64decode(wallet.certificate)
    signature = _private(wallet.private_key_bytes()).sign(_qr_message(certificate, moment, nonce))
    tail = struct.pack(">I", moment) + nonce + signature
    return f"{QR_PREFIX}.{wallet.certificate}.{_b64encode(tail)}"


# --- the phone's NFC card application ---------------------------------------------------------


def _parse_apdu(apdu: bytes) -> tuple[int, int, int, int, bytes, int | None] | None:
    """``(cla, ins, p1, p2, data, le)`` of a short APDU, or ``None`` if its length is wrong."""
    if len(apdu) < 4:
        return None
    cla, ins, p1, p2 = apdu[:4]
    body = apdu[4:]
    if not body:
        return cla, ins, p1, p2, b"", None
    if len(body) == 1:
        return cla, ins, p1, p2, b"", body[0] or 256
    length = body[0]
    if length == 0:  # extended length: not supported
        return None
    data, rest = body[1 : 1 + length], body[1 + length :]
    if len(data) != length or len(rest) > 1:
        return None
    return cla, ins, p1, p2, data, (rest[0] or 256) if rest else None


class PhoneCardApplication:
    """The phone's card application as a pure APDU handler (see the module docstring).

    ``sign_as_device``: sign that device id instead of the one in the challenge, as a proof
    made at another kiosk would be (for tests of the kiosk's refusal).
    """

    def __init__(self, wallet: PhoneWallet, *, sign_as_device: int | None = None) -> None:
        if sign_as_device is not None and not 0 <= sign_as_device <= _U32_MAX:
            raise ValueError("a device id is 0..2**32-1")
        self._certificate = _b64decode(wallet.certificate)
        self._key = _private(wallet.private_key_bytes())
        self._sign_as_device = sign_as_device
        self._selected = False
        self._pending = b""

    def __repr__(self) -> str:
        return f"PhoneCardApplication(selected={self._selected})"

    def handle(self, apdu: bytes) -> bytes:
        """One command APDU in, one response APDU (data + status word) out."""
        pending, self._pending = self._pending, b""
        parsed = _parse_apdu(bytes(apdu))
        if parsed is None:
            return SW_WRONG_LENGTH
        cla, ins, p1, p2, data, le = parsed
        if cla not in (0x00, 0x80):
            return SW_CLA_NOT_SUPPORTED
        if (cla, ins) == (0x00, _INS_SELECT):
            return self._select(p1, p2, data)
        if (cla, ins) == (0x80, _INS_GET_CERTIFICATE):
            if not self._selected:
                return SW_NOT_SELECTED
            if (p1, p2) != (0, 0):
                return SW_WRONG_P1P2
            if data:
                return SW_WRONG_LENGTH
            return self._chunk(self._certificate, le)
        if (cla, ins) == (0x00, _INS_GET_RESPONSE):
            if not pending:
                return SW_NOT_SELECTED
            if (p1, p2) != (0, 0):
                return SW_WRONG_P1P2
            if data:
                return SW_WRONG_LENGTH
            return self._chunk(pending, le)
        if (cla, ins) == (0x00, _INS_INTERNAL_AUTHENTICATE):
            if not self._selected:
                return SW_NOT_SELECTED
            if (p1, p2) != (0, 0):
                return SW_WRONG_P1P2
            if len(data) != _CHALLENGE_BYTES:
                return SW_WRONG_LENGTH
            return self._authenticate(data)
        return SW_INS_NOT_SUPPORTED

    def _select(self, p1: int, p2: int, aid: bytes) -> bytes:
        if p1 != 0x04 or p2 not in (0x00, 0x0C):
            return SW_WRONG_P1P2
        if not aid:
            return SW_WRONG_LENGTH
        if aid != CARD_AID:
            self._selected = False
            return SW_FILE_NOT_FOUND
        self._selected = True
        if p2 == 0x0C:
            return SW_OK
        fci = bytes([0x84, len(CARD_AID)]) + CARD_AID
        return bytes([0x6F, len(fci)]) + fci + SW_OK

    def _chunk(self, data: bytes, le: int | None) -> bytes:
        size = min(le or 256, 256)
        head, rest = data[:size], data[size:]
        if not rest:
            return head + SW_OK
        self._pending = rest
        return head + bytes([0x61, len(rest) if len(rest) < 256 else 0])

    def _authenticate(self, challenge: bytes) -> bytes:
        if self._sign_as_device is not None:
            challenge = challenge[:-4] + struct.pack(">I", self._sign_as_device)
        signature = self._key.sign(_nfc_message(self._certificate, challenge))
        return challenge[-4:] + signature + SW_OK


def _split_response(response: bytes) -> tuple[bytes, int]:
    if len(response) < 2:
        raise _malformed("the card gave no status word")
    return response[:-2], int.from_bytes(response[-2:], "big")


async def read_nfc_proof(
    transceive: Callable[[bytes], Awaitable[bytes]],
    device_id: int,
    *,
    nonce: bytes | None = None,
    now: dt.datetime | None = None,
) -> str:
    """The kiosk's side of a tap: select the card application, read the certificate, send
    a challenge (the kiosk's time, a nonce, ``device_id``) and build the proof text.

    Raises ``CardProofError(proof_malformed)`` when the card does not carry our application
    (an identifier-only card, a bank card, a phone without the app) or answers nonsense.
    Transport errors (the card left the reader) propagate from ``transceive`` unchanged.
    """
    if not 0 <= device_id <= _U32_MAX:
        raise ValueError("a device id is 0..2**32-1")
    nonce = os.urandom(NFC_NONCE_BYTES) if nonce is None else nonce
    if len(nonce) != NFC_NONCE_BYTES:
        raise ValueError(f"the nonce is {NFC_NONCE_BYTES} bytes")
    moment = _unix(_require_aware(now, "now") if now is not None else dt.datetime.now(dt.UTC))

    select = bytes([0x00, _INS_SELECT, 0x04, 0x00, len(CARD_AID)]) + CARD_AID + b"\x00"
    _, status = _split_response(await transceive(select))
    if status != 0x9000:
        raise _malformed("the card has no digital customer card application")

    data, status = _split_response(await transceive(bytes([0x80, _INS_GET_CERTIFICATE, 0, 0, 0])))
    certificate = bytearray(data)
    for _ in range(_MAX_CHAIN_ROUNDS):
        if status >> 8 != 0x61:
            break
        more = bytes([0x00, _INS_GET_RESPONSE, 0, 0, status & 0xFF])
        data, status = _split_response(await transceive(more))
        certificate += data
        if len(certificate) > MAX_CERT_BYTES:
            raise _malformed("the certificate is too long")
    if status != 0x9000:
        raise _malformed("the card did not hand over its certificate")
    _decode_certificate(bytes(certificate))

    challenge = struct.pack(">I", moment) + nonce + struct.pack(">I", device_id)
    authenticate = bytes([0x00, _INS_INTERNAL_AUTHENTICATE, 0, 0, len(challenge)])
    data, status = _split_response(await transceive(authenticate + challenge + b"\x00"))
    if status != 0x9000 or len(data) != 4 + _SIGNATURE_BYTES:
        raise _malformed("the card did not sign the challenge")
    signed_device, signature = data[:4], data[4:]
    tail = challenge[:-4] + signed_device + signature
    return f"{NFC_PREFIX}.{_b64encode(bytes(certificate))}.{_b64encode(tail)}"


# --- verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifiedCard:
    """A proof that passed :func:`verify_proof`. Keep ``proof_id`` until ``remember_until``."""

    card_id: str
    customer_id: str = field(repr=False)
    library_card: str | None = field(repr=False)
    kind: Literal["qr", "nfc"]
    #: SHA-256 (hex) of the signed message: the same proof always has the same id.
    proof_id: str
    card_expires_at: dt.datetime
    remember_until: dt.datetime


@dataclass(frozen=True)
class _Proof:
    kind: Literal["qr", "nfc"]
    certificate: CardCertificate
    moment: int
    device_id: int | None
    signature: bytes
    message: bytes


def _decode_proof(text: str) -> _Proof:
    if len(text) > MAX_PROOF_CHARS:
        raise _malformed("the proof is too long")
    parts = text.strip().split(".")
    if len(parts) != 3:
        raise _malformed("not a digital card proof")
    prefix, cert_text, tail_text = parts
    if prefix not in (QR_PREFIX, NFC_PREFIX):
        raise _malformed("not a digital card proof, or an unknown version")
    certificate = _decode_certificate(_b64decode(cert_text))
    reader = _Reader(_b64decode(tail_text))
    moment = reader.u32()
    if prefix == QR_PREFIX:
        nonce = reader.take(QR_NONCE_BYTES)
        signature = reader.take(_SIGNATURE_BYTES)
        reader.finish()
        message = _qr_message(certificate.raw, moment, nonce)
        return _Proof("qr", certificate, moment, None, signature, message)
    nonce = reader.take(NFC_NONCE_BYTES)
    device_id = reader.u32()
    signature = reader.take(_SIGNATURE_BYTES)
    reader.finish()
    challenge = struct.pack(">I", moment) + nonce + struct.pack(">I", device_id)
    message = _nfc_message(certificate.raw, challenge)
    return _Proof("nfc", certificate, moment, device_id, signature, message)


def verify_proof(
    text: str,
    trust: CardTrust,
    *,
    now: dt.datetime,
    device_id: int,
    max_age: dt.timedelta = DEFAULT_MAX_AGE,
    check_freshness: bool = True,
) -> VerifiedCard:
    """Check a QR or NFC proof offline against ``trust``; raise ``CardProofError`` if bad.

    In order: form (``proof_malformed``), issuer key and signature, the key's ``not_after``
    (``digital_card_forged``), the card's expiry (``digital_card_expired``), revocation
    (``digital_card_revoked``), the phone's signature (``digital_card_forged``), the proof's
    age (``proof_expired``; skipped with ``check_freshness=False``), the device an NFC proof
    was made for (``proof_other_device``). Replays are the caller's to refuse (ReplayGuard).

    With ``check_freshness=False`` (a session reported after an outage) pass the time the
    proof was presented as ``now``, so expiry and revocation are judged as of then.
    """
    now = _require_aware(now, "now")
    if max_age <= dt.timedelta(0):
        raise ValueError("max_age must be positive")
    proof = _decode_proof(text)
    cert = proof.certificate

    issuers = [issuer for issuer in trust.issuers if issuer.kid == cert.kid]
    if not issuers:
        raise _forged("the card's issuer key is not trusted")
    message = DOMAIN_CERT + cert.signed_part
    issuer = next(
        (key for key in issuers if _verify(_issuer_key(key), cert.signature, message)), None
    )
    if issuer is None:
        raise _forged("the card's certificate signature is not valid")
    if issuer.not_after is not None and now >= _utc(issuer.not_after):
        raise _forged("the card's issuer key has been retired")
    if now >= cert.expires_at:
        raise CardProofError(LoginRefusal.DIGITAL_CARD_EXPIRED, "the card has expired")
    if cert.card_id in trust.revoked:
        raise CardProofError(LoginRefusal.DIGITAL_CARD_REVOKED, "the card has been revoked")
    if not _verify(cert.phone_key, proof.signature, proof.message):
        raise _forged("the phone's signature is not valid")

    moment = _from_unix(proof.moment)
    if check_freshness:
        if now - moment > max_age:
            raise CardProofError(LoginRefusal.PROOF_EXPIRED, "the proof is too old")
        if moment - now > FUTURE_SKEW:
            raise CardProofError(LoginRefusal.PROOF_EXPIRED, "the proof is dated in the future")
        remember_until = moment + max_age + dt.timedelta(seconds=1)
    else:
        remember_until = cert.expires_at
    if proof.kind == "nfc" and proof.device_id != device_id:
        raise CardProofError(
            LoginRefusal.PROOF_OTHER_DEVICE, "the proof was made for another kiosk"
        )
    return VerifiedCard(
        card_id=cert.card_id,
        customer_id=cert.customer_id,
        library_card=cert.library_card,
        kind=proof.kind,
        proof_id=hashlib.sha256(proof.message).hexdigest(),
        card_expires_at=cert.expires_at,
        remember_until=remember_until,
    )


# --- replay memory ----------------------------------------------------------------------------


class ReplayGuard(Protocol):
    """Remembers proofs already used. The verifier's caller asks before accepting one."""

    def first_use(self, proof_id: str, remember_until: dt.datetime) -> bool:
        """True the first time ``proof_id`` is seen (and remember it until
        ``remember_until``); False for a replay, to be refused with ``proof_replayed``."""
        ...


class MemoryReplayGuard:
    """A :class:`ReplayGuard` in a dict, for one process (one kiosk, tests).

    Entries are dropped once their ``remember_until`` has passed by ``clock``'s time.
    Several fleet workers need a shared guard (a database table) instead.
    """

    def __init__(self, clock: Callable[[], dt.datetime] | None = None) -> None:
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._until: dict[str, dt.datetime] = {}
        self._expiry: list[tuple[dt.datetime, str]] = []

    def __len__(self) -> int:
        return len(self._until)

    def first_use(self, proof_id: str, remember_until: dt.datetime) -> bool:
        self._forget_expired(self._clock())
        if proof_id in self._until:
            return False
        until = _require_aware(remember_until, "remember_until")
        self._until[proof_id] = until
        heapq.heappush(self._expiry, (until, proof_id))
        return True

    def _forget_expired(self, now: dt.datetime) -> None:
        while self._expiry and self._expiry[0][0] < now:
            _, proof_id = heapq.heappop(self._expiry)
            self._until.pop(proof_id, None)
