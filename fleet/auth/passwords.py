"""Password hashing with argon2id; hashes are upgraded transparently when parameters change."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256


class Passwords:
    """Hashes and verifies passwords; one instance per composition root (it is cheap)."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()
        # Verifying against this dummy keeps unknown usernames as slow as wrong passwords,
        # so response times do not reveal which accounts exist.
        self._dummy_hash = self._hasher.hash("not-a-real-password-just-timing")

    @classmethod
    def for_pins(cls) -> Passwords:
        """argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane) for PINs.

        A 4-digit PIN falls to an offline search whatever the hash costs; what protects it
        is the online throttling per card. The default parameters (64 MiB, 3 passes) would
        spend ~170 ms of the 200 ms a log-in may take on this hardware; these take ~25 ms
        and still make a stolen table far slower to read than plain hashes.
        """
        return cls(PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1))

    def hash(self, password: str) -> str:
        return str(self._hasher.hash(password))

    def verify(self, password_hash: str | None, password: str) -> bool:
        """True if ``password`` matches; ``password_hash=None`` burns the same time and fails."""
        try:
            return bool(self._hasher.verify(password_hash or self._dummy_hash, password)) and (
                password_hash is not None
            )
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return bool(self._hasher.check_needs_rehash(password_hash))


def password_problem(password: str) -> str | None:
    """A machine-readable reason ``password`` is unacceptable, or None if it is fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "password_too_short"
    if len(password) > MAX_PASSWORD_LENGTH:
        return "password_too_long"
    return None
