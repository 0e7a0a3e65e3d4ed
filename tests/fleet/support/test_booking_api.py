"""The public booking API and the kiosk's device API, over HTTP through the real app."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from icalendar import Calendar

from fleet.protocol import API_PREFIX
from fleet.protocol.support import (
    BookingConfirmation,
    BookingExport,
    SlotList,
    SupportTopic,
)
from fleet.support import ical
from fleet.support.models import AdviserProfile
from tests.fleet.support.booking_world import (
    MONDAY_11,
    PUBLIC,
    TUESDAY,
    add_adviser,
    add_rule,
    booking_json,
    local,
)
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer, enroll

pytestmark = pytest.mark.asyncio
TEN = local(TUESDAY, 10)
ELEVEN = local(TUESDAY, 11)
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_11)


@pytest_asyncio.fixture
async def aino(app: FastAPI, fleet_db: FleetDb) -> AdviserProfile:
    """Aino at Oodi on Tuesdays 10-12 (two slots), e-mail and strong identification, fi/en."""
    fleet_db.create_branch("oodi")
    fleet_db.create_branch("kallio")
    profile = add_adviser(fleet_db)
    add_rule(fleet_db, profile.user_id)
    return profile


async def post_booking(
    client: httpx.AsyncClient, profile: AdviserProfile, starts_at: dt.datetime, **fields: object
) -> httpx.Response:
    return await client.post(
        f"{PUBLIC}/bookings", content=booking_json(profile, starts_at, **fields), headers=JSON
    )


def code_of(reply: httpx.Response) -> str:
    body = reply.json()
    assert reply.status_code == 201, body
    return str(body["code"])


async def test_topics_and_branches_are_public(
    client: httpx.AsyncClient, aino: AdviserProfile
) -> None:
    topics = (await client.get(f"{PUBLIC}/topics")).json()
    assert [topic["id"] for topic in topics] == [topic.value for topic in SupportTopic]
    assert topics[1]["name"] == {"fi": "Sähköposti", "sv": "E-post", "en": "E-mail"}
    branches = (await client.get(f"{PUBLIC}/branches")).json()
    assert branches == [{"id": "oodi", "name": {"fi": "oodi fi", "sv": "oodi sv", "en": "oodi en"}}]


async def test_find_book_look_up_export_and_forget(
    client: httpx.AsyncClient, aino: AdviserProfile
) -> None:
    reply = await client.get(
        f"{PUBLIC}/slots",
        params={"topic": "email", "language": "fi", "branch": "oodi", "to": "2026-11-24"},
    )
    assert reply.status_code == 200, reply.text
    slots = SlotList.model_validate_json(reply.content).slots
    assert [(slot.starts_at, slot.seats_left) for slot in slots] == [(TEN, 1), (ELEVEN, 1)]
    assert slots[0].adviser == aino.public_key
    assert slots[0].languages == ["fi", "en"]

    booked = await post_booking(client, aino, slots[0].starts_at)
    code = code_of(booked)
    confirmation = BookingConfirmation.model_validate_json(booked.content)
    assert confirmation.status == "booked"
    assert (confirmation.starts_at, confirmation.ends_at) == (TEN, TEN + dt.timedelta(minutes=45))
    assert confirmation.adviser_name == "Aino"
    assert confirmation.place == "2nd floor, digital support desk"
    assert len(code) == 11
    assert code[5] == "-"

    # Any spacing or case finds it; the slot is gone from the list.
    found = await client.get(f"{PUBLIC}/bookings/{code.replace('-', ' ').lower()}")
    assert found.json()["code"] == code
    left = (await client.get(f"{PUBLIC}/slots", params={"topic": "email", "language": "fi"})).json()
    assert TEN not in [dt.datetime.fromisoformat(slot["starts_at"]) for slot in left["slots"]]

    export = BookingExport.model_validate_json(
        (await client.get(f"{PUBLIC}/bookings/{code}/export")).content
    )
    assert (export.name, export.phone, export.email) == (
        "Maija",
        "+358 40 123 4567",
        "maija@example.org",
    )
    assert export.channel == "web"
    assert export.created_at == MONDAY_11

    forgotten = await client.delete(f"{PUBLIC}/bookings/{code}/personal-data")
    assert forgotten.status_code == 200, forgotten.text
    assert (forgotten.json()["name"], forgotten.json()["phone"], forgotten.json()["email"]) == (
        None,
        None,
        None,
    )
    again = (await client.get(f"{PUBLIC}/bookings/{code}/export")).json()
    assert again["name"] is None
    assert again["booking"]["status"] == "booked"  # the appointment stands


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"topic": "scams"}, 422, "topic_not_offered"),
        ({"language": "sv"}, 422, "language_not_offered"),
        ({"branch_id": "kallio"}, 422, "branch_not_offered"),
        ({"adviser": "no-such-adviser"}, 404, "adviser_not_found"),
        ({"starts_at": TEN + dt.timedelta(minutes=15)}, 409, "slot_unavailable"),
        ({"starts_at": TEN + dt.timedelta(days=1)}, 409, "slot_unavailable"),  # Wednesday
        ({"starts_at": TEN - dt.timedelta(days=7)}, 409, "too_late"),  # past
        ({"starts_at": TEN + dt.timedelta(days=35)}, 409, "too_far_ahead"),
        ({"starts_at": TEN + dt.timedelta(days=365 * 50)}, 409, "slot_unavailable"),
        ({"name": "   "}, 422, "name_required"),
        ({"email": "not an address"}, 422, "invalid_request"),
        ({"phone": "+12345678901234567890"}, 422, "invalid_phone"),
    ],
)
async def test_bookings_that_do_not_fit_are_refused_with_a_clear_code(
    client: httpx.AsyncClient,
    aino: AdviserProfile,
    fields: dict[str, object],
    status: int,
    code: str,
) -> None:
    body = json.loads(booking_json(aino, TEN))
    body.update({k: v.isoformat() if isinstance(v, dt.datetime) else v for k, v in fields.items()})
    reply = await client.post(f"{PUBLIC}/bookings", json=body)
    assert (reply.status_code, reply.json()["code"]) == (status, code), reply.text


async def test_too_late_within_the_minimum_notice_and_naive_times(
    client: httpx.AsyncClient, aino: AdviserProfile, clock: FakeClock
) -> None:
    clock.now = TEN - dt.timedelta(minutes=119)
    assert (await post_booking(client, aino, TEN)).json()["code"] == "too_late"
    assert code_of(await post_booking(client, aino, ELEVEN))
    naive = {**json.loads(booking_json(aino, ELEVEN)), "starts_at": "2026-11-24T11:00:00"}
    reply = await client.post(f"{PUBLIC}/bookings", json=naive)
    # Refused where the request is read: a time without a zone is not a moment.
    assert (reply.status_code, reply.json()["code"]) == (422, "invalid_request")
    assert reply.json()["details"][0]["loc"] == ["body", "starts_at"]


async def test_a_long_phone_number_is_kept_compact(
    client: httpx.AsyncClient, aino: AdviserProfile
) -> None:
    code = code_of(await post_booking(client, aino, TEN, phone="+358 (40) 123-45-67 8"))
    export = (await client.get(f"{PUBLIC}/bookings/{code}/export")).json()
    assert export["phone"] == "+3584012345678"


async def test_a_full_slot_is_refused(client: httpx.AsyncClient, aino: AdviserProfile) -> None:
    assert code_of(await post_booking(client, aino, TEN))
    reply = await post_booking(client, aino, TEN, name="Pekka")
    assert (reply.status_code, reply.json()["code"]) == (409, "slot_full")


async def test_only_one_of_ten_racing_requests_gets_the_last_seat(
    client: httpx.AsyncClient, aino: AdviserProfile, fleet_db: FleetDb
) -> None:
    add_rule(fleet_db, aino.user_id, weekday=2, capacity=3)  # Wednesdays, three seats
    wednesday = TEN + dt.timedelta(days=1)
    assert code_of(await post_booking(client, aino, wednesday))
    assert code_of(await post_booking(client, aino, wednesday, name="Bo"))
    replies = await asyncio.gather(
        *(post_booking(client, aino, wednesday, name=f"Visitor {n}") for n in range(10))
    )
    outcome = sorted((reply.status_code, reply.json().get("code", "ok")) for reply in replies)
    assert [status for status, _ in outcome] == [201] + [409] * 9, outcome
    assert {code for status, code in outcome if status == 409} == {"slot_full"}
    slots = (
        await client.get(f"{PUBLIC}/slots", params={"topic": "email", "language": "fi"})
    ).json()
    assert wednesday not in [dt.datetime.fromisoformat(s["starts_at"]) for s in slots["slots"]]


async def test_cancel_and_reschedule_by_code(
    client: httpx.AsyncClient, aino: AdviserProfile
) -> None:
    code = code_of(await post_booking(client, aino, TEN))
    move = {"adviser": aino.public_key, "branch_id": "oodi", "starts_at": ELEVEN.isoformat()}
    moved = await client.post(f"{PUBLIC}/bookings/{code}/reschedule", json=move)
    assert moved.status_code == 200, moved.text
    assert moved.json()["code"] == code
    assert dt.datetime.fromisoformat(moved.json()["starts_at"]) == ELEVEN
    # The 10:00 slot is free again.
    assert code_of(await post_booking(client, aino, TEN, name="Pekka"))

    wrong = "ABCDE-FGHJK" if code != "ABCDE-FGHJK" else "BBCDE-FGHJK"
    for method, path in [
        ("GET", ""),
        ("POST", "/cancel"),
        ("GET", "/export"),
        ("DELETE", "/personal-data"),
    ]:
        reply = await client.request(method, f"{PUBLIC}/bookings/{wrong}{path}")
        assert (reply.status_code, reply.json()["code"]) == (404, "booking_not_found")
        assert wrong not in reply.text  # a code is never echoed back
    reply = await client.post(f"{PUBLIC}/bookings/{wrong}/reschedule", json=move)
    assert reply.status_code == 404

    cancelled = await client.post(f"{PUBLIC}/bookings/{code}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    assert (await client.post(f"{PUBLIC}/bookings/{code}/cancel")).status_code == 200
    back = {**move, "starts_at": (ELEVEN + dt.timedelta(days=7)).isoformat()}
    refused = await client.post(f"{PUBLIC}/bookings/{code}/reschedule", json=back)
    assert (refused.status_code, refused.json()["code"]) == (409, "booking_cancelled")
    # The cancelled 11:00 slot can be booked by someone else.
    assert code_of(await post_booking(client, aino, ELEVEN, name="Bo"))


async def test_slot_search_arguments_are_checked(
    client: httpx.AsyncClient, aino: AdviserProfile
) -> None:
    base = {"topic": "email", "language": "fi"}
    cases = [
        ({**base, "topic": "knitting"}, 422),
        ({**base, "language": "de"}, 422),
        ({**base, "from": "2026-11-23", "to": "2027-06-01"}, 422),
        ({**base, "from": "9999-12-31"}, 200),
        ({**base, "to": "0001-01-01"}, 200),
        ({**base, "branch": "nowhere"}, 200),
    ]
    for params, status in cases:
        reply = await client.get(f"{PUBLIC}/slots", params=params)
        assert reply.status_code == status, (params, reply.text)


async def test_a_kiosk_books_at_its_own_branch(
    client: httpx.AsyncClient, aino: AdviserProfile, fleet_db: FleetDb
) -> None:
    token = (await enroll(client, fleet_db.enrollment_code("oodi"))).token
    slots = await client.get(
        f"{API_PREFIX}/support/slots",
        params={"topic": "email", "language": "fi"},
        headers=bearer(token),
    )
    assert slots.status_code == 200, slots.text
    first = SlotList.model_validate_json(slots.content).slots[0]
    assert (first.branch_id, first.starts_at) == ("oodi", TEN)
    elsewhere = await client.get(
        f"{API_PREFIX}/support/slots",
        params={"topic": "email", "language": "fi", "branch": "kallio"},
        headers=bearer(token),
    )
    assert elsewhere.json() == {"slots": []}

    body = booking_json(aino, TEN, branch_id="", phone=None, email=None)
    booked = await client.post(
        f"{API_PREFIX}/support/bookings", content=body, headers=bearer(token)
    )
    assert booked.status_code == 201, booked.text
    confirmation = BookingConfirmation.model_validate_json(booked.content)
    assert confirmation.branch_id == "oodi"
    assert confirmation.branch_name.fi == "oodi fi"
    export = (await client.get(f"{PUBLIC}/bookings/{confirmation.code}/export")).json()
    assert export["channel"] == "kiosk"


async def test_device_routes_need_a_device_and_public_routes_need_nobody(
    client: httpx.AsyncClient, app: FastAPI, aino: AdviserProfile
) -> None:
    paths = app.openapi()["paths"]
    prefixes = (f"{API_PREFIX}/support/slots", f"{API_PREFIX}/support/bookings", PUBLIC)
    ours = {
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith((*prefixes, "/support/ical"))
        for method in operations
    }
    assert ours == {
        ("GET", f"{API_PREFIX}/support/slots"),
        ("POST", f"{API_PREFIX}/support/bookings"),
        ("GET", f"{PUBLIC}/topics"),
        ("GET", f"{PUBLIC}/branches"),
        ("GET", f"{PUBLIC}/slots"),
        ("POST", f"{PUBLIC}/bookings"),
        ("GET", f"{PUBLIC}/bookings/{{code}}"),
        ("POST", f"{PUBLIC}/bookings/{{code}}/cancel"),
        ("POST", f"{PUBLIC}/bookings/{{code}}/reschedule"),
        ("GET", f"{PUBLIC}/bookings/{{code}}/export"),
        ("DELETE", f"{PUBLIC}/bookings/{{code}}/personal-data"),
        ("GET", "/support/ical/{token}.ics"),
    }
    for headers in ({}, bearer("made-up-token")):
        listed = await client.get(
            f"{API_PREFIX}/support/slots",
            params={"topic": "email", "language": "fi"},
            headers=headers,
        )
        booked = await client.post(
            f"{API_PREFIX}/support/bookings", content=booking_json(aino, TEN), headers=headers
        )
        assert (listed.status_code, booked.status_code) == (401, 401)
    for path in ("/topics", "/branches", "/slots?topic=email&language=fi"):
        assert (await client.get(f"{PUBLIC}{path}")).status_code == 200


async def test_the_ical_feed_shows_bookings_without_personal_data(
    client: httpx.AsyncClient, aino: AdviserProfile, fleet_db: FleetDb
) -> None:
    code = code_of(await post_booking(client, aino, TEN, name="Maija Meikäläinen"))
    cancelled = code_of(await post_booking(client, aino, ELEVEN, language="en", name="Zeb"))
    await client.post(f"{PUBLIC}/bookings/{cancelled}/cancel")
    english = code_of(
        await post_booking(client, aino, ELEVEN, language="en", name="Zebulon", phone=None)
    )
    with fleet_db.session() as session:
        token = ical.issue_feed_token(session, aino.user_id)
    assert len(token) >= 43

    reply = await client.get(ical.feed_url(token))
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"].startswith("text/calendar")
    text = reply.content.decode()
    for secret in ("Maija", "Meikäläinen", "Zeb", "maija@example.org", "+358", "40 123"):
        assert secret not in text
    for secret in (code, english, code.replace("-", ""), english.replace("-", "")):
        assert secret not in text
    calendar = Calendar.from_ical(reply.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("dtstart"))
    assert [event.decoded("dtstart") for event in events] == [TEN, ELEVEN]
    assert events[0].decoded("dtend") == TEN + dt.timedelta(minutes=45)
    assert str(events[0]["summary"]) == "Digituki: Sähköposti (suomi)"
    assert str(events[1]["summary"]) == "Digituki: Sähköposti (englanti)"
    location = str(events[0]["location"])
    assert location == "2nd floor, digital support desk (oodi fi, Testikatu 1, Helsinki)"
    assert len({str(event["uid"]) for event in events}) == 2

    wrong = await client.get(ical.feed_url("x" * 43))
    assert (wrong.status_code, wrong.json()["code"]) == (404, "feed_not_found")
    with fleet_db.session() as session:
        newer = ical.issue_feed_token(session, aino.user_id)
    assert (await client.get(ical.feed_url(token))).status_code == 404  # the old URL is retired
    assert (await client.get(ical.feed_url(newer))).status_code == 200
