"""``fleet advisers ...`` against a temporary SQLite database, in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleet.cli import main
from fleet.support.cli import parse_days


def test_days_parse_as_people_write_them() -> None:
    assert parse_days("mon-fri") == [0, 1, 2, 3, 4]
    assert parse_days("sat,sun") == [5, 6]
    assert parse_days("Mon, wed-thu") == [0, 2, 3]
    with pytest.raises(ValueError, match="use mon"):
        parse_days("monday")


def test_an_adviser_with_weekday_availability(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FLEET_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("FLEET_DATABASE_URL", "")
    monkeypatch.setenv("FLEET_PASSWORD", "adviser-password-2026")
    assert main(["demo-data"]) == 0
    assert main(["users", "create", "--role", "adviser", "--username", "aino"]) == 0
    assert main(["users", "create", "--role", "staff", "--username", "bo"]) == 0
    add = ["advisers", "add", "--username", "aino", "--name", "Aino", "--branch", "oodi"]
    assert main([*add, "--place", "2. kerros / 2nd floor"]) == 0
    rule = ["advisers", "rule", "--username", "aino", "--branch", "oodi", "--days", "mon-fri"]
    assert main([*rule, "--from", "10:00", "--to", "14:00"]) == 0
    capsys.readouterr()
    assert main(["advisers", "list"]) == 0
    listed = capsys.readouterr().out
    assert "Aino (active): oodi" in listed
    assert listed.count("10:00-14:00 at oodi, 45 min") == 5
    # Clear refusals, not tracebacks.
    assert main([*rule, "--from", "11:00", "--to", "12:00"]) == 1  # overlaps a rule
    assert main(["advisers", "add", "--username", "bo", "--name", "Bo", "--branch", "oodi"]) == 1
    assert main(["advisers", "add", "--username", "nobody", "--name", "X", "--branch", "oodi"]) == 1
    assert main([*add[:-1], "atlantis"]) in (1, 2)
    errors = capsys.readouterr().err
    assert "Traceback" not in errors
    assert "nobody" in errors
