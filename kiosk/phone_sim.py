"""The phone simulator: presents a digital customer card (``fleet cards issue`` output) to a kiosk.

* ``qr``: makes the short-lived QR proof the city app would show, prints it, writes it as a
  PNG (``--png``) and, with ``--scanner HOST:PORT``, sends it to a kiosk's network scanner
  (``tcp:HOST:PORT``) as a 2D scanner would.
* ``nfc``: plays the phone's card application through nfcpy on ``--device`` (a real reader
  in card-emulation mode, or ``udp:HOST:PORT`` to talk to a kiosk reader configured as
  ``nfcpy:udp:HOST:PORT``) for ``--taps`` taps.

No Qt here: it runs on any machine with the package installed.
"""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import segno
from pydantic import ValidationError

from fleet.protocol.cards import PhoneCardApplication, PhoneWallet, qr_proof


class PhoneSimError(Exception):
    """The wallet or the target cannot be used; the message says why, for a person."""


def load_wallet(path: Path) -> PhoneWallet:
    try:
        return PhoneWallet.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        raise PhoneSimError(f"no card file {path}") from None
    except (ValidationError, ValueError):
        raise PhoneSimError(f"{path} is not a card file from 'fleet cards issue'") from None


def make_qr(wallet: PhoneWallet, *, now: dt.datetime | None = None) -> str:
    """The proof text the phone shows as a QR code (valid for a minute)."""
    return qr_proof(wallet, now or dt.datetime.now(dt.UTC))


def write_qr_png(text: str, path: Path, *, scale: int = 6) -> None:
    """A QR code a 2D scanner (or a test's decoder) can read, with a proper quiet zone."""
    # Byte mode, error correction M: the proof is ASCII, and M survives a scratched screen.
    segno.make_qr(text, error="m", mode="byte").save(str(path), kind="png", scale=scale, border=4)


def send_to_scanner(text: str, address: str, *, timeout: float = 5.0) -> None:
    """Deliver ``text`` as one scan to a kiosk's network scanner (``HOST:PORT``)."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise PhoneSimError("give the kiosk's scanner as HOST:PORT")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout) as sock:
            sock.sendall(text.encode("ascii") + b"\r\n")
    except OSError as error:
        raise PhoneSimError(f"the kiosk's scanner at {address} does not answer: {error}") from None


def tap_nfc(
    wallet: PhoneWallet,
    device: str,
    *,
    taps: int = 1,
    timeout: float = 30.0,
    sign_as_device: int | None = None,
) -> int:
    """Play the card application on ``device`` until ``taps`` taps were answered or
    ``timeout`` passed; returns how many taps there were."""
    # Imported here: nfcpy is only loaded by the NFC part.
    from hardware.nfc_card import NfcpyCardEmulator

    application = PhoneCardApplication(wallet, sign_as_device=sign_as_device)
    try:
        emulator = NfcpyCardEmulator(device, application.handle)
        return emulator.run(taps=taps, timeout=timeout)
    except OSError as error:
        raise PhoneSimError(f"cannot use {device} as a phone: {error}") from None
