"""The base of every wire message: strict, frozen pydantic models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class WireMessage(BaseModel):
    """Base for every wire message: unknown fields are refused, values are validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)
