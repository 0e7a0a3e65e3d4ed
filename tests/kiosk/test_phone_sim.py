"""``kiosk phone-sim``: a QR code that decodes to an accepted proof, and a real NFC tap.

The QR PNG is decoded with zxing-cpp (as a 2D scanner would read it); the NFC phone is the
CLI playing the card over nfcpy's UDP driver against the kiosk's real ``NfcpyReader``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from fleet.protocol.cards import (
    CardProofError,
    CardTrust,
    IssuerKey,
    PhoneWallet,
    issue_card,
    new_issuer_key,
    public_key_b64,
    read_nfc_proof,
    verify_proof,
)
from fleet.protocol.sessions import LoginRefusal
from hardware import CardKind
from hardware.nfc import NfcpyReader
from hardware.tcp_scanner import TcpScanner
from tests.hardware.nfc_support import free_udp_port

pytestmark = pytest.mark.slow
KIOSK = [sys.executable, "-m", "kiosk"]


@pytest.fixture
def wallet_and_trust(tmp_path: Path) -> tuple[Path, CardTrust]:
    kid, private = new_issuer_key()
    now = dt.datetime.now(dt.UTC)
    wallet = issue_card(
        issuer_kid=kid,
        issuer_private=private,
        customer_id="helsinki-7",
        library_card="20001234",
        expires_at=now + dt.timedelta(days=30),
        now=now,
    )
    path = tmp_path / "card.json"
    path.write_text(wallet.model_dump_json())
    trust = CardTrust(issuers=[IssuerKey(kid=kid, public_key=public_key_b64(private))])
    return path, trust


def phone_sim(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KIOSK, "phone-sim", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def test_the_qr_png_decodes_to_a_proof_the_kiosk_accepts(
    wallet_and_trust: tuple[Path, CardTrust], tmp_path: Path
) -> None:
    card, trust = wallet_and_trust
    png = tmp_path / "qr.png"
    done = phone_sim("qr", str(card), "--png", str(png))
    assert done.returncode == 0, done.stderr
    printed = done.stdout.strip()
    (decoded,) = zxingcpp.read_barcodes(Image.open(png))
    assert decoded.format == zxingcpp.BarcodeFormat.QRCode
    assert decoded.text == printed
    verified = verify_proof(printed, trust, now=dt.datetime.now(dt.UTC), device_id=1)
    assert verified.library_card == "20001234"
    assert verified.kind == "qr"


@pytest.mark.asyncio
async def test_the_qr_is_scanned_into_a_network_scanner(
    wallet_and_trust: tuple[Path, CardTrust], tmp_path: Path
) -> None:
    card, trust = wallet_and_trust
    scanner = TcpScanner("127.0.0.1", 0)
    await scanner.start()
    try:
        address = f"127.0.0.1:{scanner.bound_port}"
        done = await asyncio.to_thread(
            phone_sim, "qr", str(card), "--png", str(tmp_path / "q.png"), "--scanner", address
        )
        assert done.returncode == 0, done.stderr
        scan = await scanner.next_scan(5.0)
        assert scan is not None
        assert scan.text == done.stdout.strip()
        verify_proof(scan.text, trust, now=dt.datetime.now(dt.UTC), device_id=1)
    finally:
        await scanner.stop()


def test_a_bad_card_file_is_a_clear_error(tmp_path: Path) -> None:
    missing = phone_sim("qr", str(tmp_path / "nope.json"))
    assert missing.returncode == 2
    assert "no card file" in missing.stderr
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"hello": 1}')
    bad = phone_sim("nfc", str(garbage))
    assert bad.returncode == 2
    assert "is not a card file" in bad.stderr
    assert "Traceback" not in bad.stderr


async def _tap(card: Path, trust: CardTrust, *extra: str) -> str:
    """Run ``phone-sim nfc`` against a real NfcpyReader over UDP; return the proof read."""
    path = f"udp:127.0.0.1:{free_udp_port()}"
    phone = await asyncio.create_subprocess_exec(
        *KIOSK, "phone-sim", "nfc", str(card), "--device", path, "--timeout", "30", *extra,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    reader = NfcpyReader(path)
    try:
        await asyncio.sleep(1.5)  # the phone listens first, as in the reader's own tests
        await reader.start()
        card_read = None
        for _ in range(40):
            card_read = await reader.read(1.0)
            if card_read is not None:
                break
        assert card_read is not None, "no tap"
        assert card_read.kind is CardKind.ISO_DEP

        async def transceive(apdu: bytes) -> bytes:
            return await card_read.transceive(apdu, timeout=2.0)

        proof = await read_nfc_proof(transceive, 7)
        reader.release(card_read)
    finally:
        await reader.stop()
        _, stderr = await asyncio.wait_for(phone.communicate(), 60)
    assert phone.returncode == 0, stderr.decode()
    return proof


@pytest.mark.asyncio
async def test_an_nfc_tap_gives_a_proof_for_this_kiosk_only(
    wallet_and_trust: tuple[Path, CardTrust],
) -> None:
    card, trust = wallet_and_trust
    proof = await _tap(card, trust)
    verified = verify_proof(proof, trust, now=dt.datetime.now(dt.UTC), device_id=7)
    assert verified.kind == "nfc"
    assert verified.customer_id == "helsinki-7"
    with pytest.raises(CardProofError) as other:
        verify_proof(proof, trust, now=dt.datetime.now(dt.UTC), device_id=8)
    assert other.value.code is LoginRefusal.PROOF_OTHER_DEVICE
    # A phone that signs for another kiosk than the one asking (a relay) is refused too.
    relayed = await _tap(card, trust, "--as-device", "99")
    with pytest.raises(CardProofError) as relay:
        verify_proof(relayed, trust, now=dt.datetime.now(dt.UTC), device_id=7)
    assert relay.value.code is LoginRefusal.PROOF_OTHER_DEVICE
    assert PhoneWallet.model_validate_json(card.read_text()).library_card == "20001234"
