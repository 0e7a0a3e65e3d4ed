"""``fleet cards ...`` against a temporary SQLite database: ``issue`` in a real subprocess."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session

from fleet.cards.service import card_trust
from fleet.cli import main
from fleet.db import create_db_engine
from fleet.protocol import LoginRefusal
from fleet.protocol.cards import CardProofError, PhoneWallet, qr_proof, verify_proof


def _fleet(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fleet", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_cli_issues_a_card_that_verifies_and_revokes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {"FLEET_DATA_DIR": str(tmp_path / "var"), "FLEET_DATABASE_URL": ""}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "card.json"
    issued = _fleet(
        "cards", "issue", "--customer-id", "HKI-42", "--library-card", "2100 123",
        "--days", "30", "--out", str(out), env=env,
    )  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    wallet = PhoneWallet.model_validate_json(out.read_text())
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    private = wallet.phone_private_key.get_secret_value()
    assert private not in issued.stdout + issued.stderr
    assert wallet.card_id in issued.stdout
    assert wallet.expires_at.isoformat() in issued.stdout
    assert (wallet.customer_id, wallet.library_card) == ("HKI-42", "2100123")

    engine = create_db_engine(f"sqlite:///{tmp_path / 'var' / 'fleet.db'}", pooled=False)
    now = dt.datetime.now(dt.UTC)
    try:
        with Session(engine) as session:
            trust = card_trust(session, now)
        card = verify_proof(qr_proof(wallet, now), trust, now=now, device_id=1)
        assert card.customer_id == "HKI-42"

        # The other sub-commands in-process (a subprocess costs seconds of imports).
        assert main(["cards", "keys"]) == 0
        listed = capsys.readouterr().out
        assert "active" in listed
        assert private not in listed

        assert main(["cards", "revoke", wallet.card_id]) == 0
        with Session(engine) as session:
            trust = card_trust(session, now)
        assert trust.revoked == [wallet.card_id]
        with pytest.raises(CardProofError) as refused:
            verify_proof(qr_proof(wallet, now), trust, now=now, device_id=1)
        assert refused.value.code is LoginRefusal.DIGITAL_CARD_REVOKED

        assert main(["cards", "rotate-key"]) == 0
        with Session(engine) as session:
            assert len(card_trust(session, now).issuers) == 2
    finally:
        engine.dispose()

    capsys.readouterr()
    assert main(["cards", "revoke", "not a card"]) == 1
    assert "card id" in capsys.readouterr().err
    assert main(["cards", "retire-key", "nope"]) == 1
    assert "nope" in capsys.readouterr().err
