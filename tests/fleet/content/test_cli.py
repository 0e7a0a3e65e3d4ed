"""``fleet content keys add | list | retire`` against the test's database."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.build import build
from content.default import BUNDLE_DIRECTORY as DEFAULT_SOURCE
from content.manifest import new_signing_key, write_key_files
from fleet.cli import main
from fleet.content import keys, service
from tests.support.fleetdb import FleetDb


def test_keys_are_added_listed_and_retired(
    fleet_db: FleetDb,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FLEET_DATABASE_URL", fleet_db.url)
    monkeypatch.setenv("FLEET_DATA_DIR", str(tmp_path / "var"))
    public, private = new_signing_key()
    write_key_files(private, tmp_path / "publisher.key", tmp_path / "publisher.key.pub")

    assert main(["content", "keys", "add", "--pubkey", str(tmp_path / "publisher.key.pub")]) == 0
    assert f"key {public.key_id} is now trusted" in capsys.readouterr().out
    assert main(["content", "keys", "add", "--pubkey", str(tmp_path / "publisher.key.pub")]) == 0
    assert "already trusted" in capsys.readouterr().out
    # The private key is not a public key: refused with a clear message, nothing stored.
    assert main(["content", "keys", "add", "--pubkey", str(tmp_path / "publisher.key")]) == 1
    assert "not a content public key" in capsys.readouterr().err

    assert main(["content", "keys", "list"]) == 0
    assert capsys.readouterr().out.startswith(f"{public.key_id}\ttrusted\t")
    assert main(["content", "keys", "retire", public.key_id]) == 0
    assert main(["content", "keys", "list"]) == 0
    assert f"{public.key_id}\tretired" in capsys.readouterr().out
    with fleet_db.session() as session:
        assert keys.trusted_keys(session) == {}
    assert main(["content", "keys", "retire", "NOSUCHKY"]) == 1
    assert "No content key" in capsys.readouterr().err


def test_a_built_bundle_is_published_and_assigned_from_the_command_line(
    fleet_db: FleetDb,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FLEET_DATABASE_URL", fleet_db.url)
    monkeypatch.setenv("FLEET_DATA_DIR", str(tmp_path / "var"))
    _public, private = new_signing_key()
    write_key_files(private, tmp_path / "publisher.key", tmp_path / "publisher.key.pub")
    built = tmp_path / "built"
    build(DEFAULT_SOURCE, private, built)

    # Not trusted yet: refused with the reason, nothing stored.
    assert main(["content", "publish", str(built), "--assign", "all"]) == 1
    assert "not trusted" in capsys.readouterr().err
    assert main(["content", "keys", "add", "--pubkey", str(tmp_path / "publisher.key.pub")]) == 0
    assert main(["content", "publish", str(built), "--assign", "all"]) == 0
    assert "helsinki-libraries@1 published" in capsys.readouterr().out
    with fleet_db.session() as session:
        (assignment,) = service.list_assignments(session)
    assert (assignment.scope, assignment.label) == ("all", "helsinki-libraries@1")
    # Again: nothing changes.
    assert main(["content", "publish", str(built)]) == 0
    assert "already published" in capsys.readouterr().out
    # A blob gone from the folder: a clear error.
    next((built / "blobs").iterdir()).unlink()
    assert main(["content", "publish", str(built)]) == 1
    assert "fleet content publish:" in capsys.readouterr().err
