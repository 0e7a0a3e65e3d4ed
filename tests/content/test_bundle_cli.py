"""The ``content`` console script as IT runs it: keygen, build, verify, and their exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from content.cli import main
from content.manifest import MANIFEST_NAME, read_public_key
from tests.content.bundle_files import write_bundle

SCRIPT = Path(sys.executable).parent / "content"
DEFAULT = Path(__file__).parents[2] / "content" / "default"

pytestmark = pytest.mark.slow


def content(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "error"},
        check=False,
    )


def test_keygen_build_verify(tmp_path: Path) -> None:
    assert SCRIPT.is_file(), "pip install -e . creates the content script"
    made = content("keygen", "--out", "publisher.key", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    public = read_public_key(tmp_path / "publisher.key.pub")
    assert public.key_id in made.stdout
    assert (tmp_path / "publisher.key").stat().st_mode & 0o077 == 0
    again = content("keygen", "--out", "publisher.key", cwd=tmp_path)
    assert again.returncode == 2
    assert "never overwritten" in again.stderr

    built = content("build", DEFAULT, "--key", "publisher.key", "--out", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "helsinki-libraries@1" in built.stdout
    assert (tmp_path / "out" / MANIFEST_NAME).is_file()

    checked = content("verify", "out", "--pubkey", "publisher.key.pub", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("content verify: OK: helsinki-libraries@1")
    for words in ("files", "bytes", public.key_id, "expires", "5 slides", "24 guides"):
        assert words in checked.stdout

    expired = content(
        "verify",
        "out",
        "--pubkey",
        "publisher.key.pub",
        "--now",
        "2099-01-01T00:00:00+00:00",
        cwd=tmp_path,
    )
    assert expired.returncode == 1
    assert "expired" in expired.stderr
    assert expired.stdout == ""


def test_build_refuses_bad_input_with_every_problem(tmp_path: Path) -> None:
    source = write_bundle(tmp_path / "src")
    (source / "slides" / "e-library.yaml").write_text("id: e-library\ntext: [oops\n")
    (source / "announcements" / "closed-early.yaml").write_text(
        (source / "announcements" / "closed-early.yaml").read_text() + "colour: red\n"
    )
    assert main(["keygen", "--out", str(tmp_path / "key")]) == 0
    refused = content("build", source, "--key", "key", "--out", "out", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stdout == ""
    lines = refused.stderr.splitlines()
    assert lines[0] == f"content build: {source} has 2 problems; nothing written"
    assert lines[1].startswith("  announcements/closed-early.yaml:9: unknown field 'colour'")
    assert lines[2].startswith("  slides/e-library.yaml:3: not valid YAML")
    assert not (tmp_path / "out").exists()


def test_build_with_a_version_and_verify_with_two_keys(tmp_path: Path) -> None:
    source = write_bundle(tmp_path / "src")
    for name in ("old", "new"):
        assert main(["keygen", "--out", str(tmp_path / name)]) == 0
    built = content(
        "build", source, "--key", "new", "--out", "out", "--version", "12", cwd=tmp_path
    )
    assert built.returncode == 0, built.stderr
    assert "test-bundle@12" in built.stdout
    both = content("verify", "out", "--pubkey", "old.pub", "--pubkey", "new.pub", cwd=tmp_path)
    assert both.returncode == 0, both.stderr
    retired = content("verify", "out", "--pubkey", "old.pub", cwd=tmp_path)
    assert retired.returncode == 1
    assert "[unknown_key]" in retired.stderr
    older = content("build", source, "--key", "new", "--out", "out", cwd=tmp_path)
    assert older.returncode == 2
    assert "--version 13" in older.stderr


def test_verify_reports_a_forged_manifest_and_bad_blobs(tmp_path: Path) -> None:
    source = write_bundle(tmp_path / "src")
    assert main(["keygen", "--out", str(tmp_path / "key")]) == 0
    assert (
        main(["build", str(source), "--key", str(tmp_path / "key"), "--out", str(tmp_path / "out")])
        == 0
    )
    manifest_path = tmp_path / "out" / MANIFEST_NAME
    original = manifest_path.read_text()
    data = json.loads(original)
    blob = tmp_path / "out" / "blobs" / data["manifest"]["files"][0]["sha256"]
    blob.write_bytes(blob.read_bytes() + b"!")
    bad = content("verify", "out", "--pubkey", "key.pub", cwd=tmp_path)
    assert bad.returncode == 1
    assert "1 of 7 blobs are bad" in bad.stderr
    assert "[bad_blob]" in bad.stderr

    data["manifest"]["version"] = 99
    manifest_path.write_text(json.dumps(data))
    forged = content("verify", "out", "--pubkey", "key.pub", cwd=tmp_path)
    assert forged.returncode == 1
    assert "[forged]" in forged.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    no_key = content("build", tmp_path, "--out", "out", cwd=tmp_path)
    assert no_key.returncode == 2
    assert "--key" in no_key.stderr
    naive = content("verify", "out", "--pubkey", "k", "--now", "2026-01-01T00:00", cwd=tmp_path)
    assert naive.returncode == 2
    assert "needs a time zone" in naive.stderr
    missing_key = content("build", tmp_path, "--key", "nope", "--out", "out", cwd=tmp_path)
    assert missing_key.returncode == 2
    assert "not a content signing key" in missing_key.stderr


def test_python_dash_m_works_too(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "content.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    for command in ("keygen", "build", "verify"):
        assert command in result.stdout
