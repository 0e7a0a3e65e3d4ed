"""The adviser console over ASGI: today, the queue, bookings, booking for a visitor, availability,
profile and calendar link, the advisers page; roles, CSRF and every language."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlmodel import col, select

from fleet.auth.models import Role, User
from fleet.auth.service import AuthService
from fleet.protocol import API_PREFIX
from fleet.protocol.support import (
    BookingChannel,
    HelpRequestCreate,
    HelpStatus,
    HelpTicket,
    SupportTopic,
)
from fleet.support import advisers
from fleet.support.advisers import AdviserCreate
from fleet.support.models import (
    AdviserProfile,
    AvailabilityException,
    AvailabilityRule,
    HelpRequest,
    SupportBooking,
)
from tests.fleet.admin.helpers import cheap_passwords
from tests.fleet.support.booking_world import add_rule, book, local
from tests.fleet.web.conftest import WebClient, csrf_of
from tests.fleet.web.test_accessibility import check_page
from tests.fleet.web.test_visitor_pages import english_leaks
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer
from tests.support.visitors import MONDAY_11, enrol_pcs

pytestmark = pytest.mark.asyncio

MONDAY = dt.date(2026, 11, 23)
TUESDAY = dt.date(2026, 11, 24)
SUNDAY_11 = MONDAY_11 - dt.timedelta(days=1)
CODE = re.compile(r'id="booking-code">([^<]+)<')
FEED = re.compile(r'id="feed-url">([^<]+)<')
CSRF_TEXT = "Lomake oli vanhentunut"


AINO = AdviserCreate(
    display_name="Aino",
    branches=["oodi"],
    topics=[SupportTopic.EMAIL, SupportTopic.E_IDENTIFICATION],
    languages=["fi", "sv", "en"],
    place="2. kerros, digituen piste",
)


def adviser_with_a_day(fleet_db: FleetDb, username: str = "adviser") -> AdviserProfile:
    """``username`` (an adviser account) gets a profile, Aino at Oodi, with Monday 10-16
    (no notice) and Tuesday 10-12, and three bookings: Monday 10:00 (Maija, already
    started at 11:00), Monday 12:00 (Bo) and Tuesday 10:00 (Carla)."""
    with fleet_db.session() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        assert user.id is not None
        profile = advisers.create_profile(session, user.id, AINO, "test")
    add_rule(fleet_db, profile.user_id, weekday=0, ends=dt.time(16), min_notice_minutes=0)
    add_rule(fleet_db, profile.user_id)
    for starts, name in ((local(MONDAY, 10), "Maija"), (local(MONDAY, 12), "Bo")):
        book(fleet_db, profile, starts, SUNDAY_11, name=name, channel=BookingChannel.KIOSK)
    book(fleet_db, profile, local(TUESDAY, 10), SUNDAY_11, name="Carla")
    return profile


@dataclass
class Desk:
    """Branch Oodi with two PCs, the adviser Aino with her day, a clock on Monday 11:00."""

    client: httpx.AsyncClient
    fleet_db: FleetDb
    clock: FakeClock
    pcs: list[str]
    profile: AdviserProfile

    def booking(self, name: str) -> SupportBooking:
        with self.fleet_db.session() as session:
            return session.exec(select(SupportBooking).where(SupportBooking.name == name)).one()

    async def ask_for_help(self, pc: int, topic: SupportTopic | None = None) -> HelpTicket:
        body = HelpRequestCreate(topic=topic).model_dump_json()
        reply = await self.client.post(
            f"{API_PREFIX}/support/help", content=body, headers=bearer(self.pcs[pc])
        )
        assert reply.status_code == 201, reply.text
        return HelpTicket.model_validate_json(reply.content)

    async def ticket(self, pc: int, ticket_id: int) -> HelpTicket:
        reply = await self.client.get(
            f"{API_PREFIX}/support/help/{ticket_id}", headers=bearer(self.pcs[pc])
        )
        assert reply.status_code == 200, reply.text
        return HelpTicket.model_validate_json(reply.content)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_11)


@pytest_asyncio.fixture
async def desk(
    app: FastAPI,
    client: httpx.AsyncClient,
    fleet_db: FleetDb,
    clock: FakeClock,
    people: dict[Role, str],
) -> Desk:
    fleet_db.create_branch("oodi")
    pcs = await enrol_pcs(client, fleet_db)
    return Desk(client, fleet_db, clock, pcs, adviser_with_a_day(fleet_db))


async def console(http: httpx.AsyncClient, path: str = "/support/") -> httpx.Response:
    """Open a console page (one sign-in serves /admin/ and /support/)."""
    return await http.get(path)


async def post(http: httpx.AsyncClient, path: str, page: str, **data: str) -> httpx.Response:
    return await http.post(path, data={"csrf_token": csrf_of(page), **data})


def between(page: str, start: str, end: str) -> str:
    return page.split(start, 1)[1].split(end, 1)[0]


# --- signing in, roles ---------------------------------------------------------------------------


async def test_signing_in_comes_back_to_the_console_page(web: WebClient, desk: Desk) -> None:
    async with web() as http:
        first = await http.get("/support/week?start=2026-11-23")
        assert first.status_code == 303
        login = await http.get(first.headers["location"])
        assert login.status_code == 200
        signed_in = await http.post(
            "/admin/login",
            data={
                "username": "adviser",
                "password": "adviser-password-2026",
                "csrf_token": csrf_of(login.text),
                "next": between(login.text, 'name="next" value="', '"').replace("&amp;", "&"),
            },
            follow_redirects=True,
        )
        assert signed_in.status_code == 200
        assert str(signed_in.url).endswith("/support/week?start=2026-11-23")
        assert "Carla" in signed_in.text
        # One session cookie for the whole site.
        cookies = {(cookie.name, cookie.path) for cookie in http.cookies.jar}
        assert ("fleet_session", "/") in cookies
        # Signing out ends the session: the console closes too.
        await http.post("/admin/logout", data={"csrf_token": csrf_of(signed_in.text)})
        again = await http.get("/support/")
        assert again.status_code == 303
        assert again.headers["location"].startswith("/admin/login?next=")
    async with web(Role.ADVISER) as http:
        # Redirects after sign-in or a language switch stay on the site's own pages.
        back = await http.get("/admin/language", params={"lang": "sv", "next": "/support/week"})
        assert back.headers["location"] == "/support/week"
        for evil in ("https://evil.example/", "//evil.example/", "/support//x", "/\\evil"):
            reply = await http.get("/admin/language", params={"lang": "fi", "next": evil})
            assert reply.headers["location"] == "/admin/devices", evil


async def test_who_sees_what(web: WebClient, desk: Desk) -> None:
    async with web(Role.STAFF) as http:
        queue_page = await console(http, "/support/queue")
        assert queue_page.status_code == 200
        assert 'href="/support/queue" aria-current="page"' in queue_page.text
        assert 'href="/support/week"' not in queue_page.text  # not the advisers' menu
        for path in ("/support/", "/support/week", "/support/book", "/support/advisers"):
            refused = await http.get(path)
            assert refused.status_code == 403, path
            assert "Ei käyttöoikeutta" in refused.text
    async with web(Role.ADVISER) as http:
        today = await console(http)
        assert 'aria-label="Digituki"' in today.text
        assert 'aria-label="Päävalikko"' not in today.text  # devices are not theirs
        assert 'href="/support/advisers"' not in today.text
        assert (await http.get("/support/advisers")).status_code == 403
    async with web(Role.ADMIN) as http:
        devices = await http.get("/admin/devices")
        assert 'href="/support/advisers"' in devices.text  # admins see both menus
        assert 'href="/admin/branches"' in devices.text
        for path in ("/support/", "/support/week", "/support/availability", "/support/profile"):
            page = await console(http, path)
            assert page.status_code == 200, path
            assert "IT luo neuvojien profiilit Neuvojat-sivulla" in page.text, path


# --- every page, every language ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fi", ["Tänään", "Viikko", "Jono", "Varaa asiakkaalle", "Vastaanottoajat"]),
        ("sv", ["I dag", "Vecka", "Kö", "Boka åt besökare", "Mottagningstider"]),
        ("en", ["Today", "Week", "Walk-in queue", "Book for a visitor", "Availability"]),
    ],
)
async def test_each_page_speaks_the_readers_language(
    web: WebClient, desk: Desk, language: str, words: list[str]
) -> None:
    await desk.ask_for_help(0, SupportTopic.SCAMS)
    await desk.ask_for_help(1)
    maija, bo = desk.booking("Maija"), desk.booking("Bo")
    async with web(Role.ADVISER) as http:
        await http.get("/admin/language", params={"lang": language})
        today = await console(http)
        csrf = csrf_of(today.text)
        await http.post(f"/support/queue/{_first_ticket(desk)}/call", data={"csrf_token": csrf})
        booked = await http.post(
            "/support/book",
            data={
                "csrf_token": csrf,
                "topic": "email",
                "language": language,
                "branch": "oodi",
                "slot": _slot_value(desk, local(MONDAY, 14)),
                "name": "Dani",
            },
        )
        assert booked.status_code == 201, booked.text
        pages = {
            "today": await http.get("/support/"),
            "today, done": await http.get(f"/support/?finish={maija.id}"),
            "today, cancel": await http.get(f"/support/?cancel={bo.id}"),
            "queue fragment": await http.get("/support/queue/fragment"),
            "queue": await http.get("/support/queue?branch=oodi"),
            "week": await http.get("/support/week"),
            "book": await http.get("/support/book?topic=email&language=fi&branch=oodi"),
            "book errors": await http.post(
                "/support/book",
                data={"csrf_token": csrf, "topic": "email", "language": "fi", "phone": "x"},
            ),
            "booked": booked,
            "availability": await http.get("/support/availability"),
            "availability edit": await http.get(f"/support/availability?edit={_rule_ids(desk)[0]}"),
            "availability errors": await http.post(
                "/support/availability/rules",
                data={"csrf_token": csrf, "branch_id": "oodi", "weekday": "9", "starts": "x"},
            ),
            "away errors": await http.post(
                "/support/availability/away", data={"csrf_token": csrf, "date": "soon"}
            ),
            "profile": await http.get("/support/profile"),
            "profile errors": await http.post(
                "/support/profile", data={"csrf_token": csrf, "display_name": ""}
            ),
            "calendar": await http.post("/support/profile/calendar", data={"csrf_token": csrf}),
        }
    async with web(Role.ADMIN) as http:
        await http.get("/admin/language", params={"lang": language})
        pages["advisers"] = await console(http, "/support/advisers")
    for name, reply in pages.items():
        assert reply.status_code in (200, 201, 422), (name, reply.status_code)
        assert english_leaks(reply.text, language) == [], name
        if name != "queue fragment":
            assert f'<html lang="{language}">' in reply.text, name
            check_page(reply.text, name)
    menu = pages["today"].text
    for word in words:
        assert f">{word}</a>" in menu
    assert 'href="/support/" aria-current="page"' in menu
    assert "Maija" in menu
    assert "Bo" in menu
    # The slip is printed in the language the visitor booked in.
    assert f'class="slip" aria-labelledby="slip-heading" lang="{language}"' in pages["booked"].text
    # A language link comes straight back to the console page.
    assert "next=%2Fsupport%2F" in menu


def _first_ticket(desk: Desk) -> int:
    with desk.fleet_db.session() as session:
        ticket = session.exec(select(HelpRequest).order_by(col(HelpRequest.id))).first()
    assert ticket is not None
    assert ticket.id is not None
    return ticket.id


def _rule_ids(desk: Desk) -> list[int]:
    with desk.fleet_db.session() as session:
        rules = session.exec(select(AvailabilityRule).order_by(col(AvailabilityRule.id))).all()
    return [rule.id for rule in rules if rule.id]


def _slot_value(desk: Desk, starts: dt.datetime) -> str:
    return f"{desk.profile.public_key}|oodi|{starts.isoformat()}"


# --- CSRF ------------------------------------------------------------------------------------


async def test_every_post_needs_the_csrf_token(web: WebClient, desk: Desk) -> None:
    ticket = await desk.ask_for_help(0)
    maija = desk.booking("Maija")
    rule = _rule_ids(desk)[0]
    posts = [
        ("/support/queue/next", {"branch": "oodi"}),
        (f"/support/queue/{ticket.id}/call", {}),
        (f"/support/queue/{ticket.id}/done", {}),
        (f"/support/queue/{ticket.id}/cancel", {}),
        (f"/support/bookings/{maija.id}/check-in", {}),
        (f"/support/bookings/{maija.id}/done", {"topic": "email"}),
        (f"/support/bookings/{maija.id}/no-show", {}),
        (f"/support/bookings/{maija.id}/cancel", {"confirm": "yes"}),
        ("/support/book", {"topic": "email", "language": "fi", "name": "X"}),
        ("/support/availability/rules", {"weekday": "2"}),
        (f"/support/availability/rules/{rule}", {"weekday": "2"}),
        (f"/support/availability/rules/{rule}/remove", {}),
        ("/support/availability/away", {"date": "2026-12-24"}),
        ("/support/availability/away/remove", {"date": "2026-12-24"}),
        ("/support/profile", {"display_name": "X"}),
        ("/support/profile/calendar", {}),
        ("/support/advisers", {"user_id": "1"}),
        (f"/support/advisers/{desk.profile.user_id}/active", {"active": "no"}),
    ]
    async with web(Role.ADMIN) as http:
        await console(http)
        for path, data in posts:
            for token in ({}, {"csrf_token": "forged"}):
                reply = await http.post(path, data={**data, **token})
                assert reply.status_code == 403, path
                assert CSRF_TEXT in reply.text, path
    assert (await desk.ticket(0, ticket.id)).status is HelpStatus.WAITING
    assert desk.booking("Maija").status == "booked"
    with desk.fleet_db.session() as session:
        assert len(session.exec(select(AvailabilityRule)).all()) == 2
        assert session.exec(select(AvailabilityException)).first() is None
        profile = session.get_one(AdviserProfile, desk.profile.user_id)
        assert profile.active
        assert profile.ical_token_hash is None


# --- the walk-in queue -------------------------------------------------------------------------


async def test_the_queue_from_help_request_to_called_to_done(web: WebClient, desk: Desk) -> None:
    first = await desk.ask_for_help(0, SupportTopic.E_IDENTIFICATION)
    desk.clock.advance(minutes=3)
    second = await desk.ask_for_help(1)
    async with web(Role.ADVISER) as http:
        today = await console(http)
        queue = between(today.text, 'id="queue-live"', "</section>\n</div>")
        assert f'data-ticket-id="{first.id}" data-status="waiting"' in queue
        assert "oodi-pc-1" in queue
        assert "Vahva tunnistautuminen" in queue
        assert "3 min" in queue  # the first has waited three minutes
        assert "Ei kerrottu" in queue  # the second gave no topic
        assert "jonossa 2, kutsuttu 0" in queue
        fragment = await http.get("/support/queue/fragment")
        assert "<html" not in fragment.text
        assert f'data-ticket-id="{second.id}"' in fragment.text

        called = await post(
            http, "/support/queue/next", today.text, branch="oodi", back="/support/"
        )
        assert called.status_code == 303
        assert called.headers["location"] == f"/support/?called={first.id}"
        notice = await http.get(called.headers["location"])
        assert "Numero 1 on kutsuttu. Mene koneelle oodi-pc-1" in notice.text
        assert "Kutsuttu: Aino on tulossa" in notice.text

        # The visitor's PC sees who is coming.
        seen = await desk.ticket(0, first.id)
        assert (seen.status, seen.adviser_name) == (HelpStatus.CALLED, "Aino")

        twice = await post(http, f"/support/queue/{first.id}/call", today.text)
        assert twice.status_code == 409
        assert "Tämä asiakas ei enää odota." in twice.text

        helped = await post(http, f"/support/queue/{first.id}/done", today.text)
        assert helped.headers["location"] == "/support/?done=ticket_done"
        assert (await desk.ticket(0, first.id)).status is HelpStatus.DONE
        left = await post(http, f"/support/queue/{second.id}/cancel", today.text)
        assert "Jonotusnumero on suljettu" in (await http.get(left.headers["location"])).text
        assert (await desk.ticket(1, second.id)).status is HelpStatus.CANCELLED
        nobody = await post(http, "/support/queue/next", today.text, branch="oodi")
        assert nobody.headers["location"] == "/support/?done=nobody_waiting"
        assert "Jonossa ei ole ketään." in (await http.get(nobody.headers["location"])).text
        missing = await post(http, "/support/queue/999/call", today.text)
        assert missing.status_code == 404
    # Staff at the desk work the same queue from the queue page.
    third = await desk.ask_for_help(1, SupportTopic.PRINTING)
    async with web(Role.STAFF) as http:
        page = await console(http, "/support/queue?branch=oodi")
        assert f'data-ticket-id="{third.id}"' in page.text
        back = "/support/queue?branch=oodi"
        reply = await post(http, f"/support/queue/{third.id}/call", page.text, back=back)
        assert reply.headers["location"] == f"/support/queue?branch=oodi&called={third.id}"
        assert (await desk.ticket(1, third.id)).status is HelpStatus.CALLED


# --- the booking day ---------------------------------------------------------------------------


async def test_check_in_and_done_with_a_topic_in_two_posts(web: WebClient, desk: Desk) -> None:
    maija, bo = desk.booking("Maija"), desk.booking("Bo")
    async with web(Role.ADVISER) as http:
        today = await console(http)
        row = between(today.text, f'data-booking-id="{maija.id}"', "</tr>")
        assert "10.00–10.45" in row
        assert "Sähköposti" in row
        assert "suomi" in row
        assert "Varattu" in row
        assert f'id="no-show-{maija.id}"' in row  # her time has started
        assert f'id="no-show-{bo.id}"' not in today.text  # his has not

        arrived = await post(http, f"/support/bookings/{maija.id}/check-in", today.text)
        assert arrived.headers["location"] == "/support/?done=checked_in"
        after = await http.get(arrived.headers["location"])
        assert "Merkitty saapuneeksi." in after.text
        assert "Saapui" in between(after.text, f'data-booking-id="{maija.id}"', "</tr>")

        desk.clock.advance(minutes=20)
        first = await post(http, f"/support/bookings/{maija.id}/done", after.text, back="/support/")
        assert first.status_code == 303
        assert first.headers["location"] == f"/support/?finish={maija.id}#finish-{maija.id}"
        assert desk.booking("Maija").status == "checked_in"  # nothing changed yet
        question = await http.get(first.headers["location"].split("#")[0])
        picker = between(question.text, f'id="finish-{maija.id}"', "</tr>")
        assert "Mistä opastuksessa oli kyse?" in picker
        buttons = re.findall(r'name="topic" value="(\w+)"', picker)
        assert buttons[0] == "email"  # the booked topic first
        assert len(buttons) == len(SupportTopic)
        second = await post(
            http, f"/support/bookings/{maija.id}/done", question.text, topic="device_basics"
        )
        assert second.headers["location"] == "/support/?done=booking_done"
        done = desk.booking("Maija")
        assert (done.status, done.done_topic) == ("done", "device_basics")
        page = (await http.get(second.headers["location"])).text
        assert "Opastus on merkitty valmiiksi." in page
        assert "Aihe oli: Puhelimen ja tietokoneen perusteet" in page


async def test_no_show_only_after_the_start_and_cancel_with_confirmation(
    web: WebClient, desk: Desk
) -> None:
    maija, bo, carla = desk.booking("Maija"), desk.booking("Bo"), desk.booking("Carla")
    async with web(Role.ADVISER) as http:
        today = await console(http)
        early = await post(http, f"/support/bookings/{bo.id}/no-show", today.text)
        assert early.status_code == 409
        assert "vasta, kun aika on alkanut" in between(early.text, 'role="alert"', "</div>")
        assert desk.booking("Bo").status == "booked"
        absent = await post(http, f"/support/bookings/{maija.id}/no-show", today.text)
        assert absent.headers["location"] == "/support/?done=no_show"
        assert desk.booking("Maija").status == "no_show"
        again = await post(http, f"/support/bookings/{maija.id}/check-in", today.text)
        assert again.status_code == 409

        ask = await post(http, f"/support/bookings/{bo.id}/cancel", today.text, back="/support/")
        assert ask.headers["location"] == f"/support/?cancel={bo.id}#cancel-{bo.id}-question"
        assert desk.booking("Bo").status == "booked"
        question = await http.get(f"/support/?cancel={bo.id}")
        assert "Perutaanko asiakkaan Bo varaus klo 12.00–12.45?" in question.text
        cancelled = await post(
            http, f"/support/bookings/{bo.id}/cancel", question.text, confirm="yes"
        )
        assert cancelled.headers["location"] == "/support/?done=booking_cancelled"
        assert desk.booking("Bo").status == "cancelled"
        assert "Varaus on peruttu." in (await http.get(cancelled.headers["location"])).text

        # The week: every day, Tuesday's booking, cancelling from there comes back there.
        week = await http.get("/support/week?start=2026-11-23")
        assert "maanantai 23. marraskuuta 2026" in week.text
        assert "sunnuntai 29. marraskuuta 2026" in week.text
        assert "Carla" in between(week.text, 'id="day-2026-11-24"', "</section>")
        assert 'href="/support/week?start=2026-11-16"' in week.text
        assert 'href="/support/week?start=2026-11-30"' in week.text
        assert f'id="check-in-{carla.id}"' not in week.text  # actions of the day are on Today
        back = "/support/week?start=2026-11-23"
        ask = await post(http, f"/support/bookings/{carla.id}/cancel", week.text, back=back)
        assert ask.headers["location"].startswith(f"{back}&cancel={carla.id}")
        assert (await http.get("/support/week?start=1999-01-01")).status_code == 404
        assert (await http.get("/support/week?start=soon")).status_code == 404

    # Another adviser cannot touch Aino's bookings.
    with desk.fleet_db.session() as session:
        AuthService(session, cheap_passwords()).create_user(
            "ville", "ville-password-2026", Role.ADVISER
        )
    async with web() as http:
        login = await http.get("/admin/login")
        await http.post(
            "/admin/login",
            data={
                "username": "ville",
                "password": "ville-password-2026",
                "csrf_token": csrf_of(login.text),
            },
        )
        page = await console(http)
        assert "Carla" not in page.text
        refused = await post(http, f"/support/bookings/{carla.id}/cancel", page.text, confirm="yes")
        assert refused.status_code == 404
    assert desk.booking("Carla").status == "booked"


# --- book for a visitor ------------------------------------------------------------------------


async def test_book_for_a_visitor_shows_the_code_once(
    web: WebClient, desk: Desk, client: httpx.AsyncClient
) -> None:
    async with web(Role.ADVISER) as http:
        form = await console(http, "/support/book")
        assert 'name="topic"' in form.text
        assert 'name="slot"' not in form.text  # no topic yet, no times
        found = await http.get("/support/book?topic=email&language=fi&branch=oodi")
        assert "maanantai 23. marraskuuta 2026" in found.text
        slot = _slot_value(desk, local(MONDAY, 14))
        assert f'value="{slot}"' in found.text
        assert "14.00–14.45, Aino" in found.text
        taken = _slot_value(desk, local(MONDAY, 12))
        assert f'value="{taken}"' not in found.text  # Bo has it
        none = await http.get("/support/book?topic=scams&language=fi&branch=oodi")
        assert "Tälle aiheelle ja kielelle ei ole vapaita aikoja" in none.text

        fields = {"topic": "email", "language": "fi", "branch": "oodi"}
        bad = await post(
            http, "/support/book", found.text, **fields, slot=slot, phone="call me", email="x@"
        )
        assert bad.status_code == 422
        for field in ("name", "phone", "email"):
            assert f'id="{field}-error"' in bad.text, field
        assert 'value="call me"' in bad.text  # what was typed stays
        assert f'value="{slot}" required checked' in bad.text
        full = await post(http, "/support/book", found.text, **fields, slot=taken, name="Eeva")
        assert full.status_code == 409
        assert "Joku varasi juuri tämän ajan" in between(full.text, 'id="slot-error"', "</p>")

        made = await post(
            http, "/support/book", found.text, **fields, slot=slot, name="Eeva", phone="040 123"
        )
        assert made.status_code == 201, made.text
        assert made.headers["cache-control"] == "no-store"
        match = CODE.search(made.text)
        assert match
        code = match.group(1)
        assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
        assert "näytetään vain tämän kerran" in made.text
        assert "2. kerros, digituen piste, oodi fi" in made.text  # where, on the slip
        assert "data-print" in made.text
        today = await http.get("/support/")
        assert "Eeva" in today.text
        assert code not in today.text
    booking = desk.booking("Eeva")
    assert (booking.channel, booking.phone) == ("console", "040 123")
    confirmation = await client.get(f"/api/public/v1/support/bookings/{code}")
    assert confirmation.status_code == 200
    assert confirmation.json()["adviser_name"] == "Aino"


# --- availability ------------------------------------------------------------------------------


def rule_form(csrf: str, **changes: str) -> dict[str, str]:
    form = {
        "csrf_token": csrf,
        "branch_id": "oodi",
        "weekday": "2",
        "starts": "13:00",
        "ends": "15:00",
        "slot_minutes": "45",
        "buffer_minutes": "15",
        "capacity": "1",
        "min_notice_minutes": "120",
        "horizon_days": "28",
        "valid_from": "",
        "valid_until": "",
    }
    return {**form, **changes}


async def test_weekly_times_and_days_away(web: WebClient, desk: Desk) -> None:
    async with web(Role.ADVISER) as http:
        page = await console(http, "/support/availability")
        assert "Maanantai 10.00–16.00" in page.text
        csrf = csrf_of(page.text)

        added = await http.post("/support/availability/rules", data=rule_form(csrf))
        assert added.headers["location"] == "/support/availability?done=rule_added"
        listing = await http.get(added.headers["location"])
        assert "Viikoittainen aika on lisätty." in listing.text
        assert "Keskiviikko 13.00–15.00" in listing.text
        new_id = _rule_ids(desk)[-1]

        refusals = [
            ({"slot_minutes": "5"}, 422, "slot_minutes", "10–480 minuuttia"),
            ({"ends": "12:00"}, 422, "ends", "Lopun pitää olla alun jälkeen"),
            ({"ends": "13:30"}, 422, "ends", "Lopun pitää olla alun jälkeen"),  # no slot fits
            ({"starts": "late"}, 422, "starts", "esimerkiksi 10:00"),
            ({"weekday": "7"}, 422, "weekday", "Valitse viikonpäivä."),
            ({"capacity": "0"}, 422, "capacity", "1–30"),
            ({"valid_from": "2027-01-10", "valid_until": "2027-01-01"}, 422, "valid_until", ""),
            ({"valid_from": "tomorrow"}, 422, "valid_from", "2026-12-24"),
            ({"branch_id": "kallio"}, 422, "branch_id", "profiilisi kirjastoista"),
            ({"weekday": "0", "starts": "15:00", "ends": "17:00"}, 409, "starts", "Sinulla on jo"),
        ]
        for changes, status, field, text in refusals:
            reply = await http.post("/support/availability/rules", data=rule_form(csrf, **changes))
            assert reply.status_code == status, (changes, reply.status_code)
            error = between(reply.text, f'id="{field}-error">', "</p>")
            assert text in error, (changes, error)
            assert f'aria-describedby="{field}-error" aria-invalid="true"' in reply.text or (
                f'{field}-help {field}-error" aria-invalid="true"' in reply.text
            )
            assert f'href="#{field}"' in reply.text  # the summary links to the field
        assert len(_rule_ids(desk)) == 3

        edit = await http.get(f"/support/availability?edit={new_id}")
        assert f'action="/support/availability/rules/{new_id}"' in edit.text
        assert 'value="13:00"' in edit.text
        changed = await http.post(
            f"/support/availability/rules/{new_id}",
            data=rule_form(csrf, starts="14:00", ends="16:00", capacity="3"),
        )
        assert changed.headers["location"] == "/support/availability?done=rule_changed"
        with desk.fleet_db.session() as session:
            rule = session.get_one(AvailabilityRule, new_id)
            assert (rule.starts, rule.capacity) == (dt.time(14), 3)
        removed = await http.post(
            f"/support/availability/rules/{new_id}/remove", data={"csrf_token": csrf}
        )
        assert removed.headers["location"] == "/support/availability?done=rule_removed"
        assert len(_rule_ids(desk)) == 2
        gone = await http.post(
            f"/support/availability/rules/{new_id}/remove", data={"csrf_token": csrf}
        )
        assert gone.status_code == 404
        assert (await http.get(f"/support/availability?edit={new_id}")).status_code == 404

        away = await http.post(
            "/support/availability/away",
            data={"csrf_token": csrf, "date": "2026-11-24", "note": "koulutus"},
        )
        assert away.headers["location"] == "/support/availability?done=away_added"
        listing = await http.get(away.headers["location"])
        assert "tiistai 24. marraskuuta 2026" in listing.text
        assert "koulutus" in listing.text
        # No slots on a day away.
        tuesday = await http.get("/support/book?topic=email&language=fi&branch=oodi")
        assert "tiistai 24. marraskuuta" not in tuesday.text
        bad = await http.post("/support/availability/away", data={"csrf_token": csrf, "date": "x"})
        assert bad.status_code == 422
        assert 'id="away-date-error"' in bad.text
        removed = await http.post(
            "/support/availability/away/remove", data={"csrf_token": csrf, "date": "2026-11-24"}
        )
        assert removed.headers["location"] == "/support/availability?done=away_removed"
        with desk.fleet_db.session() as session:
            assert session.exec(select(AvailabilityException)).first() is None


# --- profile and calendar link -----------------------------------------------------------------


async def test_profile_and_calendar_link(
    web: WebClient, desk: Desk, fleet_db: FleetDb, client: httpx.AsyncClient
) -> None:
    fleet_db.create_branch("kallio")
    async with web(Role.ADVISER) as http:
        page = await console(http, "/support/profile")
        assert 'value="Aino"' in page.text
        assert 'id="topics-email" name="topics" value="email" checked' in page.text
        data = {
            "display_name": "Aino K.",
            "place": "Kolmas kerros",
            "branches": ["oodi", "kallio"],
            "topics": ["email", "scams"],
            "languages": ["fi"],
        }
        saved = await http.post("/support/profile", data={"csrf_token": csrf_of(page.text), **data})
        assert saved.headers["location"] == "/support/profile?done=profile_saved"
        assert "Profiilisi on tallennettu." in (await http.get(saved.headers["location"])).text
        with fleet_db.session() as session:
            profile = session.get_one(AdviserProfile, desk.profile.user_id)
        assert (profile.display_name, profile.place) == ("Aino K.", "Kolmas kerros")
        assert (profile.branches, profile.topics, profile.languages) == (
            ["oodi", "kallio"],
            ["email", "scams"],
            ["fi"],
        )
        empty = await http.post(
            "/support/profile",
            data={"csrf_token": csrf_of(page.text), "display_name": "", "branches": "oodi"},
        )
        assert empty.status_code == 422
        for field in ("display_name", "topics", "languages"):
            assert f'id="{field}-error"' in empty.text, field
        kept = await http.post(
            "/support/profile",
            data={**data, "branches": ["kallio"], "csrf_token": csrf_of(page.text)},
        )
        assert kept.status_code == 409  # Oodi still has weekly times
        assert "Poista ne ennen kuin poistat kirjaston" in between(
            kept.text, 'id="branches-error"', "</p>"
        )

        first = await http.post(
            "/support/profile/calendar", data={"csrf_token": csrf_of(page.text)}
        )
        assert first.status_code == 201
        old = FEED.findall(first.text)
        assert len(old) == 1
        old_url = old[0]
        assert old_url.startswith("http://fleet.test/support/ical/")
        feed = await client.get(old_url.removeprefix("http://fleet.test"))
        assert feed.status_code == 200
        assert feed.headers["content-type"].startswith("text/calendar")
        assert "Maija" not in feed.text  # no visitor's name in a synced calendar
        shown_again = await http.get("/support/profile")
        assert old_url not in shown_again.text  # shown once
        assert "Sinulla on kalenterilinkki" in shown_again.text
        second = await http.post(
            "/support/profile/calendar", data={"csrf_token": csrf_of(page.text)}
        )
        new_url = FEED.findall(second.text)[0]
        assert new_url != old_url
        assert (await client.get(new_url.removeprefix("http://fleet.test"))).status_code == 200
        assert (await client.get(old_url.removeprefix("http://fleet.test"))).status_code == 404


# --- advisers (admins) -------------------------------------------------------------------------


async def test_admins_create_and_deactivate_adviser_profiles(
    web: WebClient, desk: Desk, fleet_db: FleetDb
) -> None:
    with fleet_db.session() as session:
        ville = AuthService(session, cheap_passwords()).create_user(
            "ville", "ville-password-2026", Role.ADVISER
        )
        assert ville.id is not None
        ville_id = ville.id
    async with web(Role.ADMIN) as http:
        page = await console(http, "/support/advisers")
        assert page.status_code == 200
        aino_row = between(page.text, f'data-user-id="{desk.profile.user_id}"', "</tr>")
        assert "Aino" in aino_row
        assert "Ottaa varauksia" in aino_row
        assert "Ei vielä profiilia" in between(page.text, f'data-user-id="{ville_id}"', "</tr>")
        assert f'<option value="{ville_id}"' in page.text
        csrf = csrf_of(page.text)

        bad = await http.post(
            "/support/advisers",
            data={"csrf_token": csrf, "user_id": str(ville_id), "display_name": "Ville"},
        )
        assert bad.status_code == 422
        assert 'id="branches-error"' in bad.text
        assert 'value="Ville"' in bad.text
        form = {
            "csrf_token": csrf,
            "display_name": "Ville",
            "branches": "oodi",
            "topics": ["scams", "ebooks"],
            "languages": ["sv", "fi"],
        }
        taken = await http.post(
            "/support/advisers", data={**form, "user_id": str(desk.profile.user_id)}
        )
        assert taken.status_code == 409
        assert "Tällä neuvojalla on jo profiili." in taken.text
        created = await http.post("/support/advisers", data={**form, "user_id": str(ville_id)})
        assert created.headers["location"] == "/support/advisers?done=adviser_created"
        listing = await http.get(created.headers["location"])
        assert "Neuvojan profiili on luotu." in listing.text
        assert "Huijaukset ja turvallisuus" in listing.text

        stopped = await http.post(
            f"/support/advisers/{desk.profile.user_id}/active",
            data={"csrf_token": csrf, "active": "no"},
        )
        assert stopped.headers["location"] == "/support/advisers?done=adviser_deactivated"
        with fleet_db.session() as session:
            assert not session.get_one(AdviserProfile, desk.profile.user_id).active
        slots = await http.get("/support/book?topic=email&language=fi&branch=oodi")
        assert "Aino" not in between(slots.text, "<main", "</main>")  # no slots when inactive
        restarted = await http.post(
            f"/support/advisers/{desk.profile.user_id}/active",
            data={"csrf_token": csrf, "active": "yes"},
        )
        assert restarted.headers["location"] == "/support/advisers?done=adviser_activated"
    async with web(Role.ADVISER) as http:
        await console(http)
        profile = await http.get("/support/profile")
        assert "Et ota nyt varauksia" not in profile.text
        refused = await http.post(
            f"/support/advisers/{ville_id}/active",
            data={"csrf_token": csrf_of(profile.text), "active": "no"},
        )
        assert refused.status_code == 403
