"""The published JSON Schemas of a bundle's YAML files, generated from the pydantic models.

Editors point their YAML tooling at them (e.g. ``# yaml-language-server: $schema=...``);
``python -m content.schema --check`` keeps the committed files equal to the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from content.bundle import BundleInfo
from content.slides import Announcement, Slide

SCHEMA_DIRECTORY = Path(__file__).resolve().parent
MODELS: dict[str, type[BaseModel]] = {
    "bundle.schema.json": BundleInfo,
    "slide.schema.json": Slide,
    "announcement.schema.json": Announcement,
}
_TITLES = {
    "bundle.schema.json": "bundle.yaml of a library kiosk content bundle",
    "slide.schema.json": "slides/<id>.yaml of a library kiosk content bundle",
    "announcement.schema.json": "announcements/<id>.yaml of a library kiosk content bundle",
}


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one file kind, as the YAML is written (by alias)."""
    generated = MODELS[name].model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": name,
        **generated,
        "title": _TITLES[name],
    }


def rendered() -> dict[str, str]:
    """File name -> the text it should have."""
    return {
        name: json.dumps(schema(name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        for name in MODELS
    }


def stale(directory: Path = SCHEMA_DIRECTORY) -> list[str]:
    """The schema files that are missing or differ from the models."""
    out = []
    for name, text in rendered().items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    return out


def write(directory: Path = SCHEMA_DIRECTORY) -> list[str]:
    """Write every schema file that changed; the names written."""
    changed = stale(directory)
    texts = rendered()
    for name in changed:
        (directory / name).write_text(texts[name], encoding="utf-8")
    return changed
