"""The ``kiosk`` command line: ``kiosk enroll``, ``kiosk run`` and ``kiosk phone-sim``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.services.errors import EnrollmentError, FleetUnreachableError, StateError
from kiosk.services.messages import message
from kiosk.services.state import StateDir, default_state_dir

#: Exit codes, so scripts that image PCs can tell a bad code from a network problem.
EXIT_OK = 0
EXIT_REFUSED = 2
EXIT_UNREACHABLE = 3
EXIT_STATE = 4
EXIT_CONFIG = 5


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Library customer-PC kiosk shell.")
    parser.add_argument(
        "--language",
        choices=("fi", "sv", "en"),
        default="en",
        help="language of this command's messages (default: en)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    enroll = commands.add_parser("enroll", help="register this PC with the fleet server")
    enroll.add_argument("--server", required=True, metavar="URL", help="fleet server address")
    enroll.add_argument("--code", required=True, help="one-time enrolment code from IT")
    _state_dir_option(enroll)
    enroll.add_argument(
        "--machine-id",
        help="override this PC's id (imaging tools; default: derived from /etc/machine-id)",
    )

    run = commands.add_parser("run", help="start the kiosk shell")
    run.add_argument(
        "--fake-hardware", action="store_true", help="use the simulated reader and printer"
    )
    _state_dir_option(run)
    run.add_argument(
        "--headless", action="store_true", help="run only the services, without a window"
    )
    run.add_argument("--screenshots", type=Path, metavar="DIR", help="write screen images here")
    run.add_argument("--windowed", action="store_true", help="not fullscreen (development)")
    for role, example in (
        ("reader", "nfcpy:usb"),
        ("scanner", "serial:/dev/ttyACM0"),
        ("printer", "none"),
    ):
        run.add_argument(
            f"--{role}",
            metavar="SPEC",
            help=f"the {role} driver, e.g. {example} (default: KIOSK_{role.upper()}, else "
            "fake with --fake-hardware, else none; see hardware/README.md)",
        )
    run.add_argument(
        "--max-backoff",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="longest wait between retries while the fleet is unreachable (default: 60)",
    )
    phone = commands.add_parser(
        "phone-sim", help="present a digital customer card as a phone would (demos, tests)"
    )
    how = phone.add_subparsers(dest="how", required=True, metavar="qr|nfc")
    qr = how.add_parser("qr", help="show the card's QR proof: print it, write a PNG, scan it")
    qr.add_argument("card", type=Path, metavar="CARD.json", help="from 'fleet cards issue'")
    qr.add_argument("--png", type=Path, help="write the QR code here (default: CARD.png)")
    qr.add_argument(
        "--scanner", metavar="HOST:PORT", help="send it to a kiosk's network scanner (tcp:...)"
    )
    nfc = how.add_parser("nfc", help="tap the phone on a kiosk's NFC reader")
    nfc.add_argument("card", type=Path, metavar="CARD.json", help="from 'fleet cards issue'")
    nfc.add_argument(
        "--device",
        default="usb",
        help="nfcpy device to play the card on, e.g. udp:127.0.0.1:7300 (default: usb)",
    )
    nfc.add_argument("--taps", type=int, default=1, help="how many taps to answer (default 1)")
    nfc.add_argument("--timeout", type=float, default=60.0, help="give up after this many s")
    nfc.add_argument(
        "--as-device",
        type=int,
        metavar="ID",
        help="sign for this kiosk id instead of the one asking (tests: a relayed proof)",
    )
    return parser


def _phone_sim(args: argparse.Namespace) -> int:
    from kiosk.phone_sim import PhoneSimError, load_wallet, make_qr, tap_nfc, write_qr_png

    try:
        wallet = load_wallet(args.card)
        if args.how == "qr":
            text = make_qr(wallet)
            png = args.png or args.card.with_suffix(".png")
            write_qr_png(text, png)
            print(text)
            print(f"QR code written to {png} (valid for one minute)", file=sys.stderr)
            if args.scanner:
                from kiosk.phone_sim import send_to_scanner

                send_to_scanner(text, args.scanner)
                print(f"scanned into the kiosk at {args.scanner}", file=sys.stderr)
            return EXIT_OK
        print(f"Hold the phone to the reader ({args.device})...", file=sys.stderr)
        taps = tap_nfc(
            wallet,
            args.device,
            taps=args.taps,
            timeout=args.timeout,
            sign_as_device=args.as_device,
        )
    except PhoneSimError as error:
        print(f"kiosk phone-sim: {error}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"{taps} tap(s) answered", file=sys.stderr)
    return EXIT_OK if taps >= args.taps else EXIT_UNREACHABLE


def _state_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--state-dir",
        type=Path,
        metavar="D",
        help=f"credential, config and local database (default: {default_state_dir()})",
    )


def _enroll(args: argparse.Namespace) -> int:
    from kiosk.services.enrollment import enroll
    from kiosk.services.kiosk_shell import app_version

    language: str = args.language
    try:
        state = StateDir(args.state_dir or default_state_dir())
        credential = asyncio.run(
            enroll(
                state,
                args.server,
                args.code,
                version=app_version(),
                machine_id=args.machine_id,
            )
        )
    except EnrollmentError as exc:
        print(message(exc.code, language), file=sys.stderr)
        return EXIT_REFUSED
    except FleetUnreachableError:
        print(message("server_unreachable", language), file=sys.stderr)
        return EXIT_UNREACHABLE
    except (OSError, StateError):
        print(message("state_unusable", language, path=args.state_dir), file=sys.stderr)
        return EXIT_STATE
    print(message("enrolled", language, device=credential.device_name, branch=credential.branch_id))
    return EXIT_OK


def _demo_or_development(args: argparse.Namespace) -> bool:
    """A run that must never switch the PC off for real unless ``KIOSK_POWER=real`` says so."""
    display = any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY"))
    return bool(
        args.fake_hardware
        or args.windowed
        or args.headless
        or args.screenshots is not None
        or not display
    )


def _run(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from kiosk.services.devices import DeviceSpecs, UnsupportedDriverError
    from kiosk.services.power import PowerSettings, PowerSettingsError

    state_dir: Path = args.state_dir or default_state_dir()
    specs = DeviceSpecs.from_env(reader=args.reader, printer=args.printer, scanner=args.scanner)
    try:
        specs.check(fake=args.fake_hardware)
        power = PowerSettings.from_env(simulate=_demo_or_development(args))
    except (UnsupportedDriverError, PowerSettingsError) as error:
        print(f"kiosk run: {error}", file=sys.stderr)
        return EXIT_CONFIG
    if args.headless:
        from kiosk.services.headless import run_headless
        from kiosk.services.kiosk_shell import ShellTimings

        max_backoff = max(1.0, float(args.max_backoff))
        return run_headless(
            state_dir,
            fake_hardware=args.fake_hardware,
            devices=specs,
            timings=ShellTimings(max_backoff=max_backoff, initial_backoff=min(1.0, max_backoff)),
            restart_argv=["-m", "kiosk", *argv],
            power=power,
        )
    # Imported here: Qt is loaded only when a window is wanted (not by enroll or --headless).
    from kiosk import app

    return app.run(
        state_dir,
        args.fake_hardware,
        args.screenshots,
        windowed=args.windowed,
        devices=specs,
        power=power,
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(arguments)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # One line per HTTP request would drown what matters; failures are logged by the services.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if args.command == "enroll":
        return _enroll(args)
    if args.command == "phone-sim":
        return _phone_sim(args)
    return _run(args, arguments)
