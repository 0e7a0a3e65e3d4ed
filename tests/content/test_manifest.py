"""Signed manifests: round trip, forgery, untrusted and retired keys, expiry, roll-back, blobs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import string
from pathlib import Path

import pytest

from content.manifest import (
    ContentKey,
    FileKind,
    Manifest,
    ManifestError,
    ManifestFile,
    SignedManifest,
    check_blob,
    check_not_older,
    key_id,
    new_signing_key,
    parse,
    read_private_key,
    read_public_key,
    sign,
    verify,
    write_key_files,
)

NOW = dt.datetime(2026, 5, 4, 12, 0, tzinfo=dt.UTC)
GUIDE = b"---\nid: x\n---\n## Step\n"
IMAGE = b"<svg xmlns='http://www.w3.org/2000/svg'/>"


def manifest_for(key: ContentKey, *, version: int = 1, bundle: str = "helsinki") -> Manifest:
    return Manifest(
        bundle=bundle,
        version=version,
        languages=("fi", "sv", "en"),
        created_at=NOW - dt.timedelta(days=1),
        expires_at=NOW + dt.timedelta(days=89),
        key_id=key.key_id,
        files=(
            ManifestFile(
                path="images/x.svg",
                sha256=hashlib.sha256(IMAGE).hexdigest(),
                size=len(IMAGE),
                kind=FileKind.IMAGE,
            ),
            ManifestFile(
                path="guides/email.fi.md",
                sha256=hashlib.sha256(GUIDE).hexdigest(),
                size=len(GUIDE),
                kind=FileKind.GUIDE,
            ),
        ),
    )


@pytest.fixture(scope="module")
def signer() -> tuple[ContentKey, bytes]:
    return new_signing_key()


def trust(*keys: ContentKey) -> dict[str, ContentKey]:
    return {key.key_id: key for key in keys}


def code_of(error: pytest.ExceptionInfo[ManifestError]) -> str:
    return error.value.code


def test_a_signed_manifest_survives_its_json_and_verifies(signer: tuple[ContentKey, bytes]) -> None:
    public, private = signer
    signed = sign(manifest_for(public), private)
    again = parse(signed.to_json())
    assert again == signed
    assert again.manifest_id == signed.manifest_id
    assert verify(again, trust(public), NOW) == signed.manifest
    # the files are listed in path order whatever order they were given in
    assert [f.path for f in signed.manifest.files] == ["guides/email.fi.md", "images/x.svg"]
    assert signed.manifest.label == "helsinki@1"
    assert signed.manifest.total_size == len(GUIDE) + len(IMAGE)


@pytest.mark.parametrize(
    "change",
    [
        {"version": 2},
        {"bundle": "espoo"},
        {"languages": ("fi", "sv")},
        {"expires_at": NOW + dt.timedelta(days=900)},
        {"created_at": NOW},
    ],
    ids=lambda change: next(iter(change)),
)
def test_a_changed_field_breaks_the_signature(
    signer: tuple[ContentKey, bytes], change: dict[str, object]
) -> None:
    public, private = signer
    signed = sign(manifest_for(public), private)
    tampered = SignedManifest(
        manifest=signed.manifest.model_copy(update=change), signature=signed.signature
    )
    with pytest.raises(ManifestError) as caught:
        verify(parse(tampered.to_json()), trust(public), NOW)
    assert code_of(caught) == "forged"


def test_a_swapped_blob_hash_or_size_breaks_the_signature(signer: tuple[ContentKey, bytes]) -> None:
    public, private = signer
    signed = sign(manifest_for(public), private)
    first = signed.manifest.files[0]
    for change in ({"sha256": "0" * 64}, {"size": first.size + 1}, {"kind": FileKind.SLIDE}):
        files = (first.model_copy(update=change), *signed.manifest.files[1:])
        manifest = signed.manifest.model_copy(update={"files": files})
        with pytest.raises(ManifestError) as caught:
            verify(
                SignedManifest(manifest=manifest, signature=signed.signature), trust(public), NOW
            )
        assert code_of(caught) == "forged", change


def test_every_single_character_flip_is_refused(signer: tuple[ContentKey, bytes]) -> None:
    """Flip each letter or digit of manifest.json (manifest and signature) to another one:
    the result is either not a manifest at all or fails verification; never accepted."""
    public, private = signer
    text = sign(manifest_for(public), private).to_json().decode()
    start = text.index('"manifest"')
    codes: dict[str, int] = {}
    for index in range(start, len(text)):
        char = text[index]
        if char.isdigit():
            other = "1" if char != "1" else "2"
        elif char in string.ascii_letters:
            other = "b" if char != "b" else "c"
        else:
            continue
        flipped = (text[:index] + other + text[index + 1 :]).encode()
        try:
            verify(parse(flipped), trust(public), NOW)
        except ManifestError as error:
            codes[error.code] = codes.get(error.code, 0) + 1
        else:
            raise AssertionError(f"a flip at {index} ({text[index - 20 : index + 20]!r}) passed")
    assert set(codes) <= {"forged", "malformed", "unknown_key", "expired"}
    assert codes["forged"] > 100  # the hashes, sizes, version, times and signature


def test_one_signature_has_one_spelling(signer: tuple[ContentKey, bytes]) -> None:
    """The 86th base64url character has 4 unused bits: other spellings must not verify (each
    would give the same manifest another manifest_id)."""
    public, private = signer
    signed = sign(manifest_for(public), private)
    alphabet = string.ascii_letters + string.digits + "-_"
    for char in alphabet.replace(signed.signature[-1], ""):
        respelled = signed.model_dump() | {"signature": signed.signature[:-1] + char}
        with pytest.raises(ManifestError) as caught:
            verify(parse(json.dumps(respelled, default=str).encode()), trust(public), NOW)
        assert code_of(caught) in ("malformed", "forged")


def test_an_unknown_key_is_refused(signer: tuple[ContentKey, bytes]) -> None:
    public, private = signer
    other, _ = new_signing_key()
    with pytest.raises(ManifestError) as caught:
        verify(sign(manifest_for(public), private), trust(other), NOW)
    assert code_of(caught) == "unknown_key"
    assert public.key_id in str(caught.value)


def test_a_key_that_lies_about_its_id_is_forged(signer: tuple[ContentKey, bytes]) -> None:
    """A trusted key id mapped to another public key cannot verify the real key's signature."""
    public, private = signer
    impostor, _ = new_signing_key()
    trusted = {public.key_id: ContentKey(key_id=public.key_id, public_key=impostor.public_key)}
    with pytest.raises(ManifestError) as caught:
        verify(sign(manifest_for(public), private), trusted, NOW)
    assert code_of(caught) == "forged"


def test_signing_with_another_key_than_named_is_refused(signer: tuple[ContentKey, bytes]) -> None:
    public, _ = signer
    _, other_private = new_signing_key()
    with pytest.raises(ManifestError) as caught:
        sign(manifest_for(public), other_private)
    assert code_of(caught) == "bad_key"


def test_an_expired_manifest_is_refused(signer: tuple[ContentKey, bytes]) -> None:
    public, private = signer
    signed = sign(manifest_for(public), private)
    expiry = signed.manifest.expires_at
    assert verify(signed, trust(public), expiry - dt.timedelta(seconds=1))
    with pytest.raises(ManifestError) as caught:
        verify(signed, trust(public), expiry)
    assert code_of(caught) == "expired"


def test_an_older_version_of_the_installed_bundle_is_refused(
    signer: tuple[ContentKey, bytes],
) -> None:
    public, _ = signer
    installed = manifest_for(public, version=5)
    with pytest.raises(ManifestError) as caught:
        check_not_older(installed, manifest_for(public, version=4))
    assert code_of(caught) == "older_version"
    check_not_older(installed, manifest_for(public, version=5))  # a re-signed same version
    check_not_older(installed, manifest_for(public, version=6))
    check_not_older(installed, manifest_for(public, version=1, bundle="espoo"))
    check_not_older(None, manifest_for(public, version=1))


def test_a_blob_with_other_bytes_or_size_is_refused(signer: tuple[ContentKey, bytes]) -> None:
    public, _ = signer
    entry = next(f for f in manifest_for(public).files if f.path == "guides/email.fi.md")
    check_blob(GUIDE, entry)
    for data in (GUIDE[:-1], GUIDE + b"\n", GUIDE.replace(b"Step", b"Stop"), b""):
        with pytest.raises(ManifestError) as caught:
            check_blob(data, entry)
        assert code_of(caught) == "bad_blob"
        assert "guides/email.fi.md" in str(caught.value)


def test_a_key_id_never_looks_like_a_command_line_option() -> None:
    """``fleet content keys retire KEY_ID`` must work for every key: no leading ``-``.

    The first public key tried whose SHA-256 begins with 0xF8-0xFB would have had a
    base64url id starting with ``-``; its id (and a thousand others) is plain base32.
    """
    risky = next(
        key
        for key in (i.to_bytes(32, "big") for i in range(10_000))
        if 0xF8 <= hashlib.sha256(key).digest()[0] <= 0xFB
    )
    for public in (risky, *(i.to_bytes(32, "little") for i in range(1000))):
        assert re.fullmatch(r"[a-z2-7]{8}", key_id(public)), key_id(public)
    assert new_signing_key()[0].key_id.isalnum()


def test_key_rotation(tmp_path: Path) -> None:
    """Sign with the new key while kiosks trust both; then retire the old one."""
    old_public, old_private = new_signing_key()
    new_public, new_private = new_signing_key()
    assert old_public.key_id != new_public.key_id
    by_old = sign(manifest_for(old_public, version=1), old_private)
    by_new = sign(manifest_for(new_public, version=2), new_private)
    during = trust(old_public, new_public)
    assert verify(by_old, during, NOW).version == 1
    assert verify(by_new, during, NOW).version == 2
    after = trust(new_public)
    assert verify(by_new, after, NOW).version == 2
    with pytest.raises(ManifestError) as caught:
        verify(by_old, after, NOW)
    assert code_of(caught) == "unknown_key"


def test_key_files_round_trip(tmp_path: Path) -> None:
    public, private = new_signing_key()
    written = write_key_files(private, tmp_path / "key", tmp_path / "key.pub")
    assert written == public
    assert read_private_key(tmp_path / "key") == private
    assert read_public_key(tmp_path / "key.pub") == public
    assert (tmp_path / "key").stat().st_mode & 0o077 == 0
    assert "private" not in (tmp_path / "key.pub").read_text()


@pytest.mark.parametrize(
    "text",
    ["", "not json", "{}", json.dumps({"key_id": "x", "private_key": "AAAA"})],
)
def test_a_bad_key_file_is_refused(tmp_path: Path, text: str) -> None:
    (tmp_path / "key").write_text(text)
    with pytest.raises(ManifestError) as caught:
        read_private_key(tmp_path / "key")
    assert code_of(caught) == "bad_key"
    with pytest.raises(ManifestError) as caught:
        read_public_key(tmp_path / "key")
    assert code_of(caught) == "bad_key"


@pytest.mark.parametrize(
    "path", ["../etc/passwd", "/etc/passwd", "guides/../../x", "Guides/X.md", "a//b", "./a"]
)
def test_a_path_outside_the_bundle_is_malformed(
    signer: tuple[ContentKey, bytes], path: str
) -> None:
    public, private = signer
    data = json.loads(sign(manifest_for(public), private).to_json())
    data["manifest"]["files"][0]["path"] = path
    with pytest.raises(ManifestError) as caught:
        parse(json.dumps(data).encode())
    assert code_of(caught) == "malformed"
