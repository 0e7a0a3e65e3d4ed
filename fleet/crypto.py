"""Keyed hashes of personal identifiers and encryption at rest, from the fleet's data secret.

* :meth:`DataKeys.patron_key`: an HMAC-SHA256 of a card number or customer id. Stable, so
  the daily allowance and PIN throttling can count per person; keyed, so a copy of the
  database alone does not turn back into card numbers (which are short and guessable).
* :meth:`DataKeys.encrypt` / :meth:`DataKeys.decrypt`: Fernet (AES-128-CBC + HMAC) for the
  few values that must be read back: a running session's card number, demo issuer keys.

Both keys are derived from one secret with HKDF, each for its own purpose.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class DecryptionError(Exception):
    """A value encrypted with another secret, or damaged."""


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        secret.encode()
    )


class DataKeys:
    """Built once by the composition root from ``Settings.resolved_data_secret()``."""

    def __init__(self, secret: str) -> None:
        if len(secret) < 16:
            raise ValueError("the data secret must be at least 16 characters")
        self._hmac_key = _derive(secret, b"library-kiosk patron key v1")
        self._fernet = Fernet(
            base64.urlsafe_b64encode(_derive(secret, b"library-kiosk at rest v1"))
        )

    def patron_key(self, kind: str, value: str) -> str:
        """The keyed hash of an identifier; ``kind`` keeps a card number and a customer id
        with the same digits apart (``library``, ``customer``, ``guest``)."""
        message = f"{kind}:{value}".encode()
        return hmac.new(self._hmac_key, message, hashlib.sha256).hexdigest()

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as error:
            raise DecryptionError("cannot decrypt: another data secret, or damaged") from error
