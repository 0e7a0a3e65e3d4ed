"""PeripheralHealth: the status vocabulary and the slug rule for details."""

from __future__ import annotations

import pytest

from hardware import HealthDetail, HealthStatus, PeripheralHealth


def test_values_match_the_fleet_wire_vocabulary() -> None:
    # The kiosk maps these one-to-one onto fleet.protocol.HealthStatus: the strings are a contract.
    assert [s.value for s in HealthStatus] == ["ok", "warning", "error", "absent"]


def test_constructors_and_usable() -> None:
    assert PeripheralHealth.ok() == PeripheralHealth(HealthStatus.OK, None)
    assert PeripheralHealth.warning("paper_low").usable
    assert PeripheralHealth.ok().usable
    assert not PeripheralHealth.error("paper_out").usable
    assert not PeripheralHealth.absent().usable


def test_plain_strings_are_accepted_and_normalised() -> None:
    health = PeripheralHealth("warning", HealthDetail.PAPER_LOW)  # type: ignore[arg-type]
    assert health.status is HealthStatus.WARNING
    assert health.detail == "paper_low"
    assert type(health.detail) is str
    assert health == PeripheralHealth.warning("paper_low")


@pytest.mark.parametrize("detail", ["Paper low", "paper-low", "", "1st", "x" * 33, "ä"])
def test_detail_must_be_a_slug(detail: str) -> None:
    with pytest.raises(ValueError, match="slug"):
        PeripheralHealth.error(detail)


def test_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="broken"):
        PeripheralHealth("broken")  # type: ignore[arg-type]


def test_is_immutable() -> None:
    health = PeripheralHealth.ok()
    with pytest.raises(AttributeError):
        health.status = HealthStatus.ERROR  # type: ignore[misc]
