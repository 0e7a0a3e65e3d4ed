"""Signed content manifests: what a bundle version holds, by hash, under a publisher's key.

A built bundle is a folder::

    manifest.json            {"manifest": {...}, "signature": "<base64url Ed25519>"}
    blobs/<sha256>           every file of the bundle, named by the SHA-256 of its bytes

The signature covers the manifest's canonical JSON (sorted keys, no spaces, UTF-8), so any
change to a path, hash, version or expiry breaks it. Kiosks and the fleet verify it against
the publisher keys they trust (by key id, so keys can be rotated: sign with the new one,
trust both for a while, retire the old one). A kiosk refuses a manifest older than the one
installed (a roll-back attack) and an expired one, and checks every blob's hash before use.
Pure Python: no Qt, no fleet, no kiosk.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

FORMAT = 1
MANIFEST_NAME = "manifest.json"
BLOBS_DIR = "blobs"
SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: A bundle file's path: lowercase, relative, forward slashes (and no "." or ".." parts).
FILE_PATH = re.compile(r"^[a-z0-9][a-z0-9._/-]{0,199}$")
Sha256Hex = Annotated[str, Field(pattern=SHA256.pattern)]
KeyId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{8}$")]


class FileKind(StrEnum):
    BUNDLE = "bundle"
    GUIDE = "guide"
    SLIDE = "slide"
    ANNOUNCEMENT = "announcement"
    IMAGE = "image"


class ManifestError(ValueError):
    """A manifest or blob that must not be used; ``code`` says why (stable, for the fleet)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ManifestFile(_Strict):
    path: str = Field(pattern=FILE_PATH.pattern)
    sha256: Sha256Hex
    size: int = Field(ge=0, le=100 * 1024 * 1024)
    kind: FileKind

    @field_validator("path")
    @classmethod
    def _inside(cls, path: str) -> str:
        if not safe_path(path):
            raise ValueError("a path must stay inside the bundle")
        return path


def safe_path(path: str) -> bool:
    """A relative path that cannot leave the bundle folder."""
    parts = path.split("/")
    return bool(FILE_PATH.match(path)) and all(part not in ("", ".", "..") for part in parts)


class Manifest(_Strict):
    """One version of one bundle."""

    format: Literal[1] = 1
    bundle: str = Field(pattern=r"^[a-z][a-z0-9-]{0,39}$")
    #: Only ever grows: a kiosk refuses a lower version than the one it has.
    version: int = Field(ge=1, le=2**31)
    languages: tuple[str, ...] = Field(min_length=1, max_length=10)
    created_at: dt.datetime
    #: After this, kiosks refuse the manifest (publish a fresh one before it).
    expires_at: dt.datetime
    key_id: KeyId
    files: tuple[ManifestFile, ...] = Field(max_length=10_000)

    @field_validator("files")
    @classmethod
    def _unique_sorted(cls, files: tuple[ManifestFile, ...]) -> tuple[ManifestFile, ...]:
        paths = [item.path for item in files]
        if len(set(paths)) != len(paths):
            raise ValueError("a path is listed twice")
        return tuple(sorted(files, key=lambda item: item.path))

    @field_validator("created_at", "expires_at")
    @classmethod
    def _aware(cls, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            raise ValueError("times carry a time zone")
        return moment.astimezone(dt.UTC)

    def canonical(self) -> bytes:
        """The signed bytes."""
        return json.dumps(
            self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()

    @property
    def label(self) -> str:
        """What kiosks report as their content version: ``bundle@version``."""
        return f"{self.bundle}@{self.version}"

    @property
    def total_size(self) -> int:
        return sum(item.size for item in self.files)

    def blob_hashes(self) -> set[str]:
        return {item.sha256 for item in self.files}


class SignedManifest(_Strict):
    manifest: Manifest
    signature: str = Field(pattern=r"^[A-Za-z0-9_-]{86}$")

    @field_validator("signature")
    @classmethod
    def _canonical(cls, signature: str) -> str:
        # The last of 86 characters carries 4 unused bits: without this, 16 spellings of one
        # signature would verify, each giving the same manifest another manifest_id.
        if _b64(_unb64(signature)) != signature:
            raise ValueError("the signature is not in canonical base64url")
        return signature

    @property
    def manifest_id(self) -> str:
        """A short, stable id of exactly these signed bytes (the sync's ETag)."""
        digest = hashlib.sha256(self.manifest.canonical() + self.signature.encode()).hexdigest()
        return digest[:32]

    def to_json(self) -> bytes:
        return json.dumps(
            {"manifest": self.manifest.model_dump(mode="json"), "signature": self.signature},
            indent=2,
            ensure_ascii=False,
        ).encode()


class ContentKey(_Strict):
    """A publisher's public key as the fleet and kiosks trust it."""

    key_id: KeyId
    public_key: str = Field(pattern=r"^[A-Za-z0-9_-]{43}$")


# --- keys -----------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(public_key: bytes) -> str:
    """Eight characters naming a public key: lower-case base32 of its SHA-256's first 5 bytes.

    Only ``a-z`` and ``2-7``, so an id never starts with ``-`` (which a command line would
    take for an option) and reads aloud without case.
    """
    return base64.b32encode(hashlib.sha256(public_key).digest()[:5]).decode("ascii").lower()


def new_signing_key() -> tuple[ContentKey, bytes]:
    """A fresh publisher key: its public form, and the raw 32-byte private key."""
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes_raw()
    return public_of(raw), raw


def public_of(private_raw: bytes) -> ContentKey:
    public = Ed25519PrivateKey.from_private_bytes(private_raw).public_key().public_bytes_raw()
    return ContentKey(key_id=key_id(public), public_key=_b64(public))


def write_key_files(private_raw: bytes, private_path: Path, public_path: Path) -> ContentKey:
    """``KEY`` (private: keep it off the fleet and the kiosks) and ``KEY.pub``."""
    public = public_of(private_raw)
    text = json.dumps({"key_id": public.key_id, "private_key": _b64(private_raw)}) + "\n"
    # Created owner-only from the first byte (no moment where others could read it).
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)
    public_path.write_text(public.model_dump_json() + "\n")
    return public


def read_private_key(path: Path) -> bytes:
    try:
        data = json.loads(path.read_text())
        raw = _unb64(data["private_key"])
        if len(raw) != 32:
            raise ValueError
        return raw
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ManifestError("bad_key", f"{path}: not a content signing key") from error


def read_public_key(path: Path) -> ContentKey:
    try:
        return ContentKey.model_validate_json(path.read_text())
    except (OSError, ValidationError) as error:
        raise ManifestError("bad_key", f"{path}: not a content public key") from error


# --- signing and verifying ------------------------------------------------------------------


def sign(manifest: Manifest, private_raw: bytes) -> SignedManifest:
    public = public_of(private_raw)
    if public.key_id != manifest.key_id:
        raise ManifestError("bad_key", "the manifest names another key than the one signing it")
    signature = Ed25519PrivateKey.from_private_bytes(private_raw).sign(manifest.canonical())
    return SignedManifest(manifest=manifest, signature=_b64(signature))


def parse(data: bytes) -> SignedManifest:
    """A signed manifest from its JSON (not yet verified)."""
    try:
        return SignedManifest.model_validate_json(data)
    except ValidationError as error:
        raise ManifestError(
            "malformed", f"the manifest is not valid: {error.errors()[0]['msg']}"
        ) from error


def verify(signed: SignedManifest, trusted: Mapping[str, ContentKey], now: dt.datetime) -> Manifest:
    """The manifest, if a trusted key signed exactly it and it has not expired."""
    manifest = signed.manifest
    key = trusted.get(manifest.key_id)
    if key is None:
        raise ManifestError(
            "unknown_key",
            f"the manifest is signed with key {manifest.key_id}, which is not trusted",
        )
    try:
        public = Ed25519PublicKey.from_public_bytes(_unb64(key.public_key))
        public.verify(_unb64(signed.signature), manifest.canonical())
    except (InvalidSignature, ValueError) as error:
        raise ManifestError(
            "forged", "the manifest's signature does not match its contents"
        ) from error
    if now.tzinfo is None:
        raise ValueError("verify() needs an aware 'now'")
    if manifest.expires_at <= now:
        raise ManifestError("expired", f"the manifest expired at {manifest.expires_at.isoformat()}")
    return manifest


def check_not_older(installed: Manifest | None, offered: Manifest) -> None:
    """Refuse going back to an older version of the same bundle (a roll-back attack)."""
    if installed is None or installed.bundle != offered.bundle:
        return
    if offered.version < installed.version:
        raise ManifestError(
            "older_version",
            f"version {offered.version} is older than the installed {installed.version}",
        )


def check_blob(data: bytes, expected: ManifestFile) -> None:
    if len(data) != expected.size or hashlib.sha256(data).hexdigest() != expected.sha256:
        raise ManifestError("bad_blob", f"{expected.path}: the bytes do not match the manifest")


def load_built(folder: Path) -> SignedManifest:
    """The signed manifest of a built bundle folder."""
    path = folder / MANIFEST_NAME
    try:
        return parse(path.read_bytes())
    except OSError as error:
        raise ManifestError("missing", f"{path}: cannot be read") from error
