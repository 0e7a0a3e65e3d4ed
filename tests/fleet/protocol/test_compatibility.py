"""Kiosks read a newer fleet's replies leniently; the fleet reads everything strictly."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError

from fleet.admin.schemas import CommandCreate
from fleet.protocol import (
    CheckInRequest,
    CheckInResponse,
    Command,
    CommandType,
    DayHours,
    DeviceConfig,
    LocalizedText,
    OpeningHours,
    Policy,
    PowerSchedule,
    read_fleet_object,
    read_fleet_reply,
)

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def config(policy: Policy | None = None) -> DeviceConfig:
    return DeviceConfig(
        device_id=1,
        device_name="oodi-01",
        branch_id="oodi",
        branch_name=LocalizedText(fi="Oodi", sv="Ode", en="Oodi"),
        opening_hours=OpeningHours(weekly=[DayHours(opens=dt.time(8), closes=dt.time(21))] * 7),
        policy=policy or Policy(),
    )


def command(command_id: int, kind: str, **extra: object) -> dict[str, object]:
    return {
        "id": command_id,
        "type": kind,
        "issued_at": "2026-11-23T09:00:00Z",
        "expires_at": "2026-11-23T10:00:00Z",
        **extra,
    }


def newer_fleet_reply() -> dict[str, object]:
    """A check-in reply from a fleet a year newer than this kiosk: fields everywhere."""
    body = json.loads(config().model_dump_json())
    body["policy"]["screen_saver_minutes"] = 10
    body["policy"]["offline"]["guest_pass_allowed"] = True
    body["opening_hours"]["weekly"][0]["lunch_break"] = "12:00-12:30"
    body["branch_name"]["se"] = "Oodi"
    body["floor_plan"] = {"url": "https://example.org/oodi.svg"}
    return {
        "config_etag": "e9",
        "config": body,
        "commands": [
            command(1, "message", message="Suljemme pian", priority="high"),
            command(2, "hibernate", minutes=30),
            command(3, "lock"),
        ],
        "maintenance_window": {"starts_at": "2026-11-24T02:00:00Z"},
    }


def test_an_older_kiosk_reads_a_newer_fleets_check_in_reply() -> None:
    reply = read_fleet_reply(CheckInResponse, json.dumps(newer_fleet_reply()))
    assert reply.config is not None
    assert reply.config.policy == Policy()
    assert [(c.id, c.type, c.known_type) for c in reply.commands] == [
        (1, CommandType.MESSAGE, CommandType.MESSAGE),
        (2, "hibernate", None),
        (3, CommandType.LOCK, CommandType.LOCK),
    ]
    assert reply.commands[0].message == "Suljemme pian"
    # The same reply parsed strictly (as the fleet parses what it receives) is refused.
    with pytest.raises(ValidationError) as refused:
        CheckInResponse.model_validate_json(json.dumps(newer_fleet_reply()))
    assert {error["type"] for error in refused.value.errors()} == {"extra_forbidden"}


def test_what_the_kiosk_knows_is_still_checked() -> None:
    body = newer_fleet_reply()
    body["commands"] = [command(1, "lock", expires_at="tomorrow")]
    with pytest.raises(ValidationError):
        read_fleet_reply(CheckInResponse, json.dumps(body))
    # An unknown command type is no licence for nonsense in its name.
    body["commands"] = [command(1, "x" * 33)]
    with pytest.raises(ValidationError):
        read_fleet_reply(CheckInResponse, json.dumps(body))


def test_a_stored_config_from_a_newer_version_still_loads() -> None:
    body = json.loads(config().model_dump_json())
    body["policy"]["power"] = {"shutdown_after_closing_minutes": 30, "hibernate": True}
    loaded = read_fleet_object(DeviceConfig, body)
    assert loaded.policy.power == PowerSchedule(shutdown_after_closing_minutes=30)


def test_the_fleet_refuses_unknown_fields_from_kiosks_and_admins() -> None:
    with pytest.raises(ValidationError):
        CheckInRequest.model_validate({"state": "idle", "app_version": "1.0", "mood": "fine"})
    with pytest.raises(ValidationError):
        CommandCreate.model_validate({"type": "lock", "colour": "red"})
    # An admin must name a command this fleet knows: the kiosk-side leniency is not theirs.
    with pytest.raises(ValidationError):
        CommandCreate.model_validate({"type": "hibernate"})
    with pytest.raises(ValidationError):
        Policy.model_validate({"power": {"shutdown_after_closing_minutes": 30, "typo": 1}})


def test_new_fields_stay_out_of_replies_until_they_are_used() -> None:
    # Check-in replies leave defaults out, so kiosks released before the power schedule
    # and before shutdown's wake_at keep working until IT uses them.
    reply = CheckInResponse(
        config_etag="e1",
        config=config(),
        commands=[
            Command(id=1, type=CommandType.LOCK, issued_at=NOW, expires_at=NOW),
        ],
    )
    wire = json.loads(reply.model_dump_json(exclude_defaults=True))
    assert "power" not in wire["config"]["policy"]
    assert "wake_at" not in wire["commands"][0]
    assert "type" in wire["commands"][0]


def test_the_command_type_is_documented_as_known_or_newer() -> None:
    schema = Command.model_json_schema()
    assert schema["properties"]["type"]["anyOf"][0] == {"$ref": "#/$defs/CommandType"}
    assert "shutdown" in schema["$defs"]["CommandType"]["enum"]
    assert CommandCreate.model_json_schema()["properties"]["type"] == {
        "$ref": "#/$defs/CommandType"
    }
