"""Run the demo: a fleet server on SQLite with demo data and one enrolled kiosk with fake hardware.

Called by ``scripts/demo.sh`` after the virtual environment is set up. Everything it makes
lives under ``var/demo/`` (wiped at each start) and ``var/screenshots/``. With no display the
kiosk runs offscreen and writes a screenshot of every screen it shows.

    scripts/demo.sh                 # until Ctrl-C
    scripts/demo.sh --seconds 60    # stop by itself (used by the test suite)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_ADMIN = ("admin", "demo-admin-2026")
DEMO_STAFF = ("staff", "demo-staff-2026")
DEMO_ADVISER = ("adviser", "demo-adviser-2026")
#: Days of generated statistics before today (``fleet stats generate``).
HISTORY_DAYS = 120
#: A library card in the demo data (fleet/demo.py), and its PIN.
DEMO_CARD = ("20001234", "1234")


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_udp_port() -> int:
    """A free loopback UDP port without a service name (nfcpy's UDP driver needs a number)."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if socket.getnameinfo(("127.0.0.1", port), socket.NI_NUMERICHOST)[1].isdigit():
            return port
    raise RuntimeError("no free UDP port")


def pick_port(preferred: int) -> int:
    if preferred and port_is_free(preferred):
        return preferred
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(*args: str, env: dict[str, str], stdin: str | None = None) -> str:
    done = subprocess.run(
        [*args], env=env, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )
    if done.returncode != 0:
        sys.exit(f"demo: {' '.join(args[:3])} failed:\n{done.stderr.strip()}")
    return done.stdout.strip()


def wait_ready(url: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("demo: the fleet server stopped; see var/demo/fleet.log")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        time.sleep(0.3)
    sys.exit("demo: the fleet server did not start in time; see var/demo/fleet.log")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _interrupt)  # stop the fleet and the kiosk, as Ctrl-C does
    parser = argparse.ArgumentParser(description="Run the library-kiosk demo.")
    parser.add_argument("--port", type=int, default=8000, help="fleet port (default 8000)")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: never)")
    parser.add_argument("--offscreen", action="store_true", help="never open a window")
    parser.add_argument("--var-dir", type=Path, default=ROOT / "var", help="default: ./var")
    args = parser.parse_args()

    demo_dir = args.var_dir / "demo"
    screenshots = args.var_dir / "screenshots"
    shutil.rmtree(demo_dir, ignore_errors=True)
    shutil.rmtree(screenshots, ignore_errors=True)
    demo_dir.mkdir(parents=True)
    screenshots.mkdir(parents=True)

    port = pick_port(args.port)
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "FLEET_DATABASE_URL": f"sqlite:///{demo_dir / 'fleet.db'}",
        "FLEET_DATA_DIR": str(demo_dir),
        # Roll the statistics up often, so the dashboard soon shows the kiosk's events today.
        "FLEET_STATS_ROLLUP_SECONDS": "10",
    }
    fleet, kiosk = str(BIN / "fleet"), str(BIN / "kiosk")
    has_display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    headless = args.offscreen or not has_display

    print("==> preparing the fleet database with demo data")
    run(fleet, "migrate", env=env)
    run(fleet, "demo-data", env=env)
    # The statistics dashboard's past: generated history up to yesterday for every branch.
    run(fleet, "stats", "generate", "--days", str(HISTORY_DAYS), "--pcs-per-branch", "8", env=env)
    # The shipped content bundle, signed with a demo publisher key, assigned to every kiosk.
    content_cli, content_key = str(BIN / "content"), demo_dir / "content.key"
    built = demo_dir / "content-build"
    run(content_cli, "keygen", "--out", str(content_key), env=env)
    run(
        content_cli, "build", str(ROOT / "content" / "default"), "--key", str(content_key),
        "--out", str(built), env=env,
    )  # fmt: skip
    run(fleet, "content", "keys", "add", "--pubkey", f"{content_key}.pub", env=env)
    run(fleet, "content", "publish", str(built), "--assign", "all", env=env)
    for role, (username, password) in (
        ("admin", DEMO_ADMIN),
        ("staff", DEMO_STAFF),
        ("adviser", DEMO_ADVISER),
    ):
        run(
            fleet,
            "users",
            "create",
            "--role",
            role,
            "--username",
            username,
            env={**env, "FLEET_PASSWORD": password},
        )
    # A digital-support adviser at the demo library, bookable every day 8-20.
    run(
        fleet, "advisers", "add", "--username", DEMO_ADVISER[0], "--name", "Aino",
        "--branch", "demo", "--place", "Neuvontapiste / Rådgivningen / Help desk", env=env,
    )  # fmt: skip
    run(
        fleet, "advisers", "rule", "--username", DEMO_ADVISER[0], "--branch", "demo",
        "--days", "mon-sun", "--from", "08:00", "--to", "20:00", "--notice", "30", env=env,
    )  # fmt: skip

    processes: list[subprocess.Popen[bytes]] = []
    try:
        with (demo_dir / "fleet.log").open("wb") as fleet_log:
            server = subprocess.Popen(
                [fleet, "serve", "--host", "127.0.0.1", "--port", str(port)],
                env=env,
                stdout=fleet_log,
                stderr=subprocess.STDOUT,
            )
        processes.append(server)
        wait_ready(url, server)

        print("==> enrolling one kiosk at the demo library (open around the clock)")
        code = run(fleet, "enroll-code", "--branch", "demo", env=env).split()[-1]
        state_dir = demo_dir / "kiosk"
        run(
            kiosk, "enroll", "--server", url, "--code", code, "--state-dir", str(state_dir), env=env
        )
        card = demo_dir / "card.json"
        run(
            fleet, "cards", "issue", "--customer-id", "demo-aino", "--library-card",
            DEMO_CARD[0], "--out", str(card), env=env,
        )  # fmt: skip

        # The kiosk's scanner and NFC reader are real adapters on loopback, so the phone
        # simulator reaches them exactly as a 2D scanner and a phone would.
        scanner_port = pick_port(0)
        nfc = f"udp:127.0.0.1:{free_udp_port()}"
        # The receipt printer is the real ESC/POS adapter talking to the simulated network
        # printer, which saves every slip it prints as a PNG.
        printer_port = pick_port(0)
        slips = demo_dir / "slips"
        with (demo_dir / "printer.log").open("wb") as printer_log:
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "hardware.escpos_sim",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(printer_port),
                        "--out",
                        str(slips),
                    ],
                    stdout=printer_log,
                    stderr=subprocess.STDOUT,
                )
            )
        kiosk_args = [
            kiosk, "run", "--fake-hardware", "--state-dir", str(state_dir),
            "--scanner", f"tcp:127.0.0.1:{scanner_port}", "--reader", f"nfcpy:{nfc}",
            "--printer", f"escpos:tcp:127.0.0.1:{printer_port}",
        ]  # fmt: skip
        kiosk_env = dict(env)
        if headless:
            kiosk_args += ["--screenshots", str(screenshots)]
            kiosk_env["QT_QPA_PLATFORM"] = "offscreen"
        with (demo_dir / "kiosk.log").open("wb") as kiosk_log:
            processes.append(
                subprocess.Popen(
                    kiosk_args, env=kiosk_env, stdout=kiosk_log, stderr=subprocess.STDOUT
                )
            )

        where = f"offscreen; screenshots under {screenshots}" if headless else "in its own window"
        admin, staff = " / ".join(DEMO_ADMIN), " / ".join(DEMO_STAFF)
        adviser = " / ".join(DEMO_ADVISER)
        typing = "" if headless else "  - type it on the kiosk's screen"
        print(
            f"""
The demo is running.
  Admin web UI:  {url}/admin/
    log in as    {admin}   (IT)   or   {staff}   (staff)
  Adviser console: {url}/support/   log in as   {adviser}
  Statistics:    {url}/admin/stats   ({HISTORY_DAYS} days of generated history, then today's
                 real events from the kiosk, rolled up every 10 s)
  Admin API:     {url}/docs
  Kiosk:         {where}
  Logs:          {demo_dir}/fleet.log, {demo_dir}/kiosk.log
  Printed slips: {slips}/ (a PNG of every slip the simulated printer prints)
Log in at the kiosk as a visitor:
  library card   {DEMO_CARD[0]}, PIN {DEMO_CARD[1]} (Aino){typing}
  the phone app  {BIN / "kiosk"} phone-sim qr {card} --scanner 127.0.0.1:{scanner_port}
                 {BIN / "kiosk"} phone-sim nfc {card} --device {nfc}
Try: open the kiosk's page under Devices and send "Lock" with a message.
Press Ctrl-C to stop.""",
            flush=True,
        )

        deadline = time.monotonic() + args.seconds if args.seconds else None
        while deadline is None or time.monotonic() < deadline:
            for name, proc in zip(("fleet", "printer", "kiosk"), processes, strict=False):
                if proc.poll() is not None:
                    print(f"demo: the {name} stopped (exit {proc.returncode}); see the logs")
                    return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nstopping the demo")
    finally:
        for proc in reversed(processes):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in processes:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
