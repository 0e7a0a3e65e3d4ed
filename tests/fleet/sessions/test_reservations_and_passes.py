"""PC reservations and guest passes, through the staff API and the kiosk's log-in."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import pytest
from fastapi import FastAPI

from fleet.auth.models import Role
from fleet.devices.models import DeviceCommand
from fleet.patrons.sip2 import Sip2Directory, parse_directory_url
from fleet.protocol import (
    API_PREFIX,
    CheckInRequest,
    CheckInResponse,
    CommandResult,
    CommandStatus,
    CommandType,
    DeviceConfig,
    DeviceState,
)
from fleet.protocol.sessions import (
    ExtendRequest,
    LoginMethod,
    PatronCategory,
    ReservationMade,
    ReservationOptions,
    ReservationRequest,
    SessionGrant,
)
from tests.fleet.admin.helpers import bearer as admin_bearer
from tests.fleet.admin.helpers import install, token_for
from tests.support.kiosks import bearer
from tests.support.network import free_port
from tests.support.visitors import AINO, AINO_PIN, BO, BO_PIN, Visitors, refusal

pytestmark = pytest.mark.asyncio
V1 = "/api/admin/v1"


async def staff_token(app: FastAPI, visitors: Visitors) -> dict[str, str]:
    install(app, visitors.fleet_db)
    return admin_bearer(await token_for(visitors.client, Role.STAFF))


def local(hour: int, minute: int = 0) -> str:
    """That time on the test Monday in Helsinki (UTC+2), as ISO text."""
    return dt.datetime(2026, 11, 23, hour - 2, minute, tzinfo=dt.UTC).isoformat()


async def device_ids(client: httpx.AsyncClient, headers: dict[str, str]) -> list[int]:
    devices = (await client.get(f"{V1}/devices", headers=headers)).json()
    return sorted(device["id"] for device in devices)


async def test_a_reserved_pc_waits_for_its_holder(app: FastAPI, visitors: Visitors) -> None:
    staff = await staff_token(app, visitors)
    pc1 = (await device_ids(visitors.client, staff))[0]
    reply = await visitors.client.post(
        f"{V1}/reservations",
        json={"barcode": BO, "branch_id": "oodi", "starts_at": local(12), "device_id": pc1},
        headers=staff,
    )
    assert reply.status_code == 201, reply.text

    # 11:30: Aino may use the PC until 12:00, and may not extend into the reservation.
    visitors.clock.now = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
    grant = await visitors.grant(AINO, AINO_PIN, pc=0)
    assert grant.minutes == 30
    extend = await visitors.post(f"/{grant.session_id}/extend", ExtendRequest(minutes_used=25))
    assert refusal(extend) == "pc_reserved"
    await visitors.end(grant, 30)

    # 12:02: held for Bo; Aino is turned away, the other PC is free for her.
    visitors.clock.now = dt.datetime(2026, 11, 23, 10, 2, tzinfo=dt.UTC)
    held = await visitors.login(AINO, AINO_PIN, pc=0)
    assert refusal(held) == "pc_reserved"
    assert held.json()["details"][0]["reserved_from"].startswith("2026-11-23T10:00")
    # The kiosk learns the reservation in its config.
    config = await config_of(visitors, 0)
    assert [(slot.starts_at.hour, slot.claimed) for slot in config.reservations] == [(10, False)]

    # Bo claims it and gets the PC to the end of his hour (13:00).
    bo = await visitors.grant(BO, BO_PIN, pc=0)
    assert bo.minutes == 58
    assert [slot.claimed for slot in (await config_of(visitors, 0)).reservations] == [True]


async def test_an_unclaimed_reservation_lapses_after_the_grace_period(
    app: FastAPI, visitors: Visitors
) -> None:
    staff = await staff_token(app, visitors)
    pc1 = (await device_ids(visitors.client, staff))[0]
    await visitors.client.post(
        f"{V1}/reservations",
        json={"barcode": BO, "branch_id": "oodi", "starts_at": local(12), "device_id": pc1},
        headers=staff,
    )
    visitors.clock.now = dt.datetime(2026, 11, 23, 10, 10, tzinfo=dt.UTC)  # 12:10, grace 10
    assert (await visitors.login(AINO, AINO_PIN, pc=0)).status_code == 201


async def test_double_booking_is_refused_even_when_requests_race(
    app: FastAPI, visitors: Visitors
) -> None:
    staff = await staff_token(app, visitors)
    pc1 = (await device_ids(visitors.client, staff))[0]

    async def book(card: str) -> int:
        reply = await visitors.client.post(
            f"{V1}/reservations",
            json={"barcode": card, "branch_id": "oodi", "starts_at": local(14), "device_id": pc1},
            headers=staff,
        )
        return reply.status_code

    results = sorted(await asyncio.gather(*(book(f"3000{n:04d}") for n in range(6))))
    assert results == [201, 409, 409, 409, 409, 409]


async def test_a_visitor_reserves_a_pc_for_later_from_the_kiosk(visitors: Visitors) -> None:
    grant = await visitors.grant(AINO, AINO_PIN, pc=0)
    options_reply = await visitors.client.get(
        f"{API_PREFIX}/sessions/{grant.session_id}/reservations/options",
        headers=bearer(visitors.pcs[0]),
    )
    options = ReservationOptions.model_validate_json(options_reply.content)
    assert options.minutes == 60
    # From 11:00 local, every half hour until the last hour before 20:00.
    assert options.starts[0] == dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    assert options.starts[-1] == dt.datetime(2026, 11, 23, 17, 0, tzinfo=dt.UTC)
    want = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)
    made_reply = await visitors.post(
        f"/{grant.session_id}/reservations", ReservationRequest(starts_at=want)
    )
    assert made_reply.status_code == 201, made_reply.text
    made = ReservationMade.model_validate_json(made_reply.content)
    assert made.starts_at == want
    assert made.ends_at == want + dt.timedelta(hours=1)
    # The branch has two PCs: one more visitor can reserve 15:00, a third cannot.
    second = await visitors.grant(BO, BO_PIN, pc=1)
    again = await visitors.post(
        f"/{second.session_id}/reservations", ReservationRequest(starts_at=want), pc=1
    )
    assert again.status_code == 201
    third = await visitors.post(
        f"/{grant.session_id}/reservations", ReservationRequest(starts_at=want)
    )
    assert third.status_code == 409
    assert third.json()["code"] == "no_free_pc"


async def test_guest_pass_log_in_spends_its_minutes(app: FastAPI, visitors: Visitors) -> None:
    staff = await staff_token(app, visitors)
    reply = await visitors.client.post(
        f"{V1}/guest-passes", json={"minutes": 45, "label": "desk, morning"}, headers=staff
    )
    assert reply.status_code == 201, reply.text
    issued = reply.json()
    assert len(issued["code"]) == 9  # "1234 5678"
    assert issued["code"].replace(" ", "").isdigit()  # typed on the number keypad
    assert len(issued["pin"]) == 4

    guest = LoginMethod.GUEST_PASS
    wrong_pin = "1111" if issued["pin"] == "0000" else "0000"
    assert refusal(await visitors.login(issued["code"], wrong_pin, method=guest)) == "pin_wrong"
    reply = await visitors.login(issued["code"], issued["pin"], method=guest)
    assert reply.status_code == 201, reply.text
    first = SessionGrant.model_validate_json(reply.content)
    assert first.category is PatronCategory.GUEST
    assert first.minutes == 45
    assert not first.has_account

    visitors.clock.advance(minutes=30)
    await visitors.end(first, 30)
    second = await visitors.login(issued["code"], issued["pin"], method=guest)
    assert second.json()["minutes"] == 15
    await visitors.end(SessionGrant.model_validate_json(second.content), 15)
    spent = await visitors.login(issued["code"], issued["pin"], method=guest)
    assert refusal(spent) == "guest_pass_used_up"

    listed = (await visitors.client.get(f"{V1}/guest-passes", headers=staff)).json()
    assert listed[0]["minutes_used"] == 45
    assert "code" not in listed[0]
    assert "pin" not in listed[0]


async def test_a_revoked_or_expired_guest_pass_is_refused(app: FastAPI, visitors: Visitors) -> None:
    staff = await staff_token(app, visitors)
    one = (await visitors.client.post(f"{V1}/guest-passes", json={}, headers=staff)).json()
    two = (await visitors.client.post(f"{V1}/guest-passes", json={}, headers=staff)).json()
    revoked = await visitors.client.post(f"{V1}/guest-passes/{one['id']}/revoke", headers=staff)
    assert revoked.json()["revoked"] is True
    guest = LoginMethod.GUEST_PASS
    assert refusal(await visitors.login(one["code"], one["pin"], method=guest)) == (
        "guest_pass_expired"
    )
    visitors.clock.advance(hours=13)
    assert refusal(await visitors.login(two["code"], two["pin"], method=guest)) == (
        "guest_pass_expired"
    )


async def test_a_guest_pass_slip_goes_sealed_to_a_kiosk_and_is_forgotten(
    app: FastAPI, visitors: Visitors
) -> None:
    staff = await staff_token(app, visitors)
    pc = (await device_ids(visitors.client, staff))[0]
    issued = (
        await visitors.client.post(
            f"{V1}/guest-passes", json={"minutes": 30, "branch_id": "oodi"}, headers=staff
        )
    ).json()
    ask = {"device_id": pc, "code": issued["code"], "pin": issued["pin"], "language": "en"}
    reply = await visitors.client.post(
        f"{V1}/guest-passes/{issued['id']}/print", json=ask, headers=staff
    )
    assert reply.status_code == 201, reply.text
    command_id = reply.json()["id"]
    with visitors.fleet_db.session() as session:
        stored = session.get(DeviceCommand, command_id)
        assert stored is not None
        assert stored.sealed is not None
        assert issued["pin"] not in stored.sealed
        assert stored.message is None
    # Only the kiosk sees the code and PIN, at its check-in.
    (command,) = (await checkin(visitors, 0)).commands
    assert command.type is CommandType.PRINT_GUEST_PASS
    assert command.guest_pass is not None
    assert (command.guest_pass.code, command.guest_pass.pin) == (
        issued["code"].replace(" ", ""),
        issued["pin"],
    )
    assert (command.guest_pass.minutes, command.guest_pass.language) == (30, "en")
    assert issued["pin"] not in repr(command)  # never in a log line
    done = CommandResult(status=CommandStatus.SUCCEEDED)
    reply = await visitors.client.post(
        f"{API_PREFIX}/commands/{command_id}/result",
        content=done.model_dump_json(),
        headers=bearer(visitors.pcs[0]),
    )
    assert reply.status_code in (200, 204), reply.text
    with visitors.fleet_db.session() as session:
        finished = session.get(DeviceCommand, command_id)
        assert finished is not None
        assert finished.sealed is None

    # Never printed (the PC was off): it expires after ten minutes, and is forgotten too.
    second = await visitors.client.post(
        f"{V1}/guest-passes/{issued['id']}/print", json=ask, headers=staff
    )
    visitors.clock.now += dt.timedelta(minutes=11)
    expired = await visitors.client.get(f"{V1}/commands/{second.json()['id']}", headers=staff)
    assert expired.json()["status"] == "expired"
    with visitors.fleet_db.session() as session:
        lapsed = session.get(DeviceCommand, second.json()["id"])
        assert lapsed is not None
        assert lapsed.sealed is None


async def test_only_the_real_pass_prints_and_only_where_it_is_valid(
    app: FastAPI, visitors: Visitors
) -> None:
    staff = await staff_token(app, visitors)
    pc = (await device_ids(visitors.client, staff))[0]
    visitors.fleet_db.create_branch("kallio")
    elsewhere = (
        await visitors.client.post(
            f"{V1}/guest-passes", json={"branch_id": "kallio"}, headers=staff
        )
    ).json()
    anywhere = (await visitors.client.post(f"{V1}/guest-passes", json={}, headers=staff)).json()

    async def print_slip(issued: dict[str, str], **change: object) -> httpx.Response:
        body = {"device_id": pc, "code": issued["code"], "pin": issued["pin"], **change}
        return await visitors.client.post(
            f"{V1}/guest-passes/{issued['id']}/print", json=body, headers=staff
        )

    def error(reply: httpx.Response, status: int) -> str:
        assert reply.status_code == status, reply.text
        return str(reply.json()["code"])

    wrong_pin = "0000" if anywhere["pin"] != "0000" else "1111"
    assert error(await print_slip(anywhere, pin=wrong_pin), 422) == "guest_pass_mismatch"
    assert error(await print_slip(anywhere, code=elsewhere["code"]), 422) == "guest_pass_mismatch"
    assert error(await print_slip(anywhere, language="de"), 422) == "invalid_request"
    assert refusal(await print_slip(elsewhere)) == "guest_pass_other_branch"
    assert (await print_slip(anywhere)).status_code == 201  # a pass for every branch
    await visitors.client.post(f"{V1}/guest-passes/{anywhere['id']}/revoke", headers=staff)
    assert refusal(await print_slip(anywhere)) == "guest_pass_ended"
    missing = await visitors.client.post(
        f"{V1}/guest-passes/99999/print",
        json={"device_id": pc, "code": "1234 5678", "pin": "1234"},
        headers=staff,
    )
    assert error(missing, 404) == "guest_pass_not_found"
    # The command cannot be sent by hand: it has nothing to print.
    by_hand = await visitors.client.post(
        f"{V1}/devices/{pc}/commands", json={"type": "print_guest_pass"}, headers=staff
    )
    assert error(by_hand, 422) == "guest_pass_required"


async def test_staff_check_a_card_in_their_language(app: FastAPI, visitors: Visitors) -> None:
    staff = await staff_token(app, visitors)

    async def check(barcode: str, pin: str, language: str = "fi") -> dict[str, object]:
        reply = await visitors.client.post(
            f"{V1}/patrons/check",
            json={"barcode": barcode, "pin": pin, "branch_id": "oodi", "language": language},
            headers=staff,
        )
        assert reply.status_code == 200, reply.text
        body: dict[str, object] = reply.json()
        return body

    ok = await check(AINO, AINO_PIN)
    assert ok["allowed"] is True
    assert ok["daily_minutes_left"] == 90
    assert ok["message"] == "Voi kirjautua nyt."
    blocked = await check("20000000001", "1111", "sv")
    assert blocked == {
        "allowed": False,
        "reason": "card_blocked",
        "message": "Kortet är spärrat i bibliotekssystemet (till exempel anmält förlorat).",
        "category": None,
        "daily_minutes_left": None,
        "retry_after_seconds": None,
    }
    # Wrong PINs checked by staff count like a kiosk's; staff can then release the card.
    for _ in range(5):
        await check(BO, "0000", "en")
    paused = await check(BO, BO_PIN, "en")
    assert paused["reason"] == "pin_throttled"
    assert paused["retry_after_seconds"] == 900
    released = await visitors.client.post(
        f"{V1}/patrons/release", json={"barcode": BO}, headers=staff
    )
    assert released.json() == {"failures_forgotten": 5}
    assert (await check(BO, BO_PIN, "en"))["allowed"] is True


async def test_staff_see_sessions_and_end_one_by_command(app: FastAPI, visitors: Visitors) -> None:
    staff = await staff_token(app, visitors)
    grant = await visitors.grant(AINO, AINO_PIN, pc=1)
    listed = (await visitors.client.get(f"{V1}/sessions?branch_id=oodi", headers=staff)).json()
    assert len(listed) == 1
    assert listed[0]["minutes_left"] == 60
    assert listed[0]["category"] == "adult"
    assert "patron_key" not in listed[0]
    reply = await visitors.client.post(f"{V1}/sessions/{grant.session_id}/end", headers=staff)
    assert reply.status_code == 201, reply.text
    assert reply.json()["type"] == "end_session"
    # The kiosk receives the command at its next check-in.
    response = await checkin(visitors, 1)
    assert [command.type for command in response.commands] == ["end_session"]


async def config_of(visitors: Visitors, pc: int) -> DeviceConfig:
    response = await checkin(visitors, pc)
    assert response.config is not None
    return response.config


async def checkin(visitors: Visitors, pc: int) -> CheckInResponse:
    body = CheckInRequest(state=DeviceState.IDLE, app_version="1.0")
    reply = await visitors.client.post(
        f"{API_PREFIX}/checkin", content=body.model_dump_json(), headers=bearer(visitors.pcs[pc])
    )
    assert reply.status_code == 200, reply.text
    return CheckInResponse.model_validate_json(reply.content)


async def test_the_library_system_down_is_an_answer_not_an_error(
    app: FastAPI, visitors: Visitors
) -> None:
    staff = await staff_token(app, visitors)
    # A real SIP2 directory whose library system is not there (nothing listens on the port).
    dead = Sip2Directory(parse_directory_url(f"sip2://kiosk:pw@127.0.0.1:{free_port()}?location=x"))
    await dead.start()
    app.state.visitor_sessions.directory = dead
    try:
        reply = await visitors.client.post(
            f"{V1}/patrons/check",
            json={"barcode": AINO, "pin": AINO_PIN, "language": "en"},
            headers=staff,
        )
        assert reply.status_code == 200, reply.text
        assert reply.json()["reason"] == "directory_unavailable"
        assert reply.json()["message"] == "The library system is not answering right now."
        login = await visitors.login()
        assert login.status_code == 503
        assert login.json()["code"] == "directory_unavailable"
    finally:
        await dead.close()
