"""The published JSON Schemas: equal to the models, and true to the shipped YAML files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from content.bundle import YamlLoader
from content.schema import MODELS, SCHEMA_DIRECTORY, rendered, stale, write

DEFAULT = Path(__file__).parents[2] / "content" / "default"


def test_the_committed_schemas_are_the_generated_ones() -> None:
    assert stale() == [], "run: python -m content.schema --write"
    assert sorted(path.name for path in SCHEMA_DIRECTORY.glob("*.json")) == sorted(MODELS)


def test_write_and_check(tmp_path: Path) -> None:
    assert stale(tmp_path) == list(MODELS)
    assert write(tmp_path) == list(MODELS)
    assert stale(tmp_path) == []
    assert write(tmp_path) == []
    (tmp_path / "slide.schema.json").write_text("{}")
    assert stale(tmp_path) == ["slide.schema.json"]
    checked = subprocess.run(
        [sys.executable, "-m", "content.schema", "--check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


def test_the_schemas_describe_the_yaml_as_written() -> None:
    slide = json.loads(rendered()["slide.schema.json"])
    assert slide["additionalProperties"] is False
    assert {"id", "text", "image", "schedule", "branches", "seconds"} == set(slide["properties"])
    assert slide["required"] == ["id", "text"]
    schedule = slide["$defs"]["Schedule"]["properties"]
    assert {"from", "until", "weekdays", "times"} == set(schedule)
    notice = json.loads(rendered()["announcement.schema.json"])
    assert {"from", "until", "level"} <= set(notice["properties"])
    assert notice["required"] == ["id", "text", "from", "until"]
    assert notice["properties"]["level"]["default"] == "info"
    assert notice["$defs"]["Level"]["enum"] == ["info", "urgent"]


def read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLoader)  # noqa: S506


@pytest.mark.parametrize(
    ("schema", "pattern"),
    [
        ("bundle.schema.json", "bundle.yaml"),
        ("slide.schema.json", "slides/*.yaml"),
        ("announcement.schema.json", "announcements/*.yaml"),
    ],
)
def test_the_default_content_passes_its_schema(schema: str, pattern: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(rendered()[schema]))
    files = sorted(DEFAULT.glob(pattern))
    assert files
    for path in files:
        data = read(path)
        assert list(validator.iter_errors(data)) == [], path
        assert list(validator.iter_errors({**data, "colour": "red"})), "unknown fields fail"
