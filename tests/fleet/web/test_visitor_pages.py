"""Staff pages for visitors over ASGI: sessions, check a card, guest passes, reservations."""

from __future__ import annotations

import datetime as dt
import functools
import html
import logging
import re

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlmodel import col, select

from fleet import i18n_build
from fleet.auth.models import Role
from fleet.devices.models import Device, DeviceCommand
from fleet.protocol import (
    API_PREFIX,
    CheckInRequest,
    CheckInResponse,
    DeviceHealth,
    DeviceState,
    HealthStatus,
    Policy,
)
from fleet.protocol.sessions import LoginMethod, SessionGrant
from fleet.sessions import reservations
from fleet.sessions.models import GuestPass, PcReservation
from fleet.web.i18n import translations
from tests.fleet.admin.helpers import USERNAMES
from tests.fleet.web.conftest import WebClient, csrf_of
from tests.fleet.web.test_accessibility import check_page
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer
from tests.support.visitors import AINO, AINO_PIN, BO, Visitors, add_patrons, enrol_pcs

pytestmark = pytest.mark.asyncio

PLACEHOLDER = re.compile(r"%\(\w+\)s")
#: Attribute values that are random (tokens, cache-busting hashes) and may contain any digits.
RANDOM_VALUES = re.compile(r'(name="(?:csrf_token|card_ref)" value="[^"]*")|(\?v=[0-9a-f]+)')
CODE = re.compile(r'id="pass-code">([^<]+)<')
PIN = re.compile(r'id="pass-pin">([^<]+)<')


@pytest_asyncio.fixture
async def visitors(
    app: FastAPI,
    client: httpx.AsyncClient,
    fleet_db: FleetDb,
    clock: FakeClock,
    people: dict[Role, str],
) -> Visitors:
    """Branch ``oodi`` (open 9-20 on weekdays), patrons, two PCs; Monday 11:00 in Helsinki."""
    fleet_db.create_branch("oodi", policy=Policy(session_minutes=60, daily_minutes=90))
    add_patrons(fleet_db)
    return Visitors(client, fleet_db, clock, await enrol_pcs(client, fleet_db))


def pc_ids(fleet_db: FleetDb) -> list[int]:
    with fleet_db.session() as session:
        return [d.id for d in session.exec(select(Device).order_by(col(Device.id))) if d.id]


def commands(fleet_db: FleetDb) -> list[tuple[int, str, str | None, str]]:
    with fleet_db.session() as session:
        rows = session.exec(select(DeviceCommand).order_by(col(DeviceCommand.id))).all()
    return [(c.device_id, c.type, c.message, c.issued_by) for c in rows]


async def kiosk_check_in(visitors: Visitors, pc: int) -> CheckInResponse:
    body = CheckInRequest(state=DeviceState.IN_SESSION, app_version="1.0")
    reply = await visitors.client.post(
        f"{API_PREFIX}/checkin", content=body.model_dump_json(), headers=bearer(visitors.pcs[pc])
    )
    assert reply.status_code == 200, reply.text
    return CheckInResponse.model_validate_json(reply.content)


@functools.cache
def _source_messages() -> tuple[str, ...]:
    return tuple(i18n_build.source_messages())


def english_leaks(page: str, language: str) -> list[str]:
    """English msgid text (fragments of 12+ characters) found on a fi or sv page."""
    if language == "en":
        return []
    text = html.unescape(page)
    catalog = translations(language)
    found = []
    for msgid in _source_messages():
        if catalog.gettext(msgid) == msgid:
            continue
        for fragment in PLACEHOLDER.split(msgid):
            fragment = fragment.strip(" .,:;()")
            if len(fragment) >= 12 and " " in fragment and fragment in text:
                found.append(fragment)
    return found


def without_random_values(page: str) -> str:
    return RANDOM_VALUES.sub("", page)


def only_page_language(page: str) -> str:
    """The guest-pass slip is in every language on purpose: leave it out of leak checks."""
    return re.sub(r'<section class="slip".*?</section>', "", page, flags=re.S)


# --- every page, every language ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fi", ["Istunnot", "Tarkista kortti", "Vierastunnukset", "Varaukset"]),
        ("sv", ["Sessioner", "Kontrollera kort", "Gästpass", "Bokningar"]),
        ("en", ["Sessions", "Check a card", "Guest passes", "Reservations"]),
    ],
)
async def test_each_page_speaks_the_readers_language(
    web: WebClient, visitors: Visitors, language: str, words: list[str]
) -> None:
    await visitors.grant(AINO, AINO_PIN, pc=0)
    async with web(Role.STAFF) as http:
        await http.get("/admin/language", params={"lang": language})
        created = await http.post(
            "/admin/guest-passes",
            data={"csrf_token": csrf_of((await http.get("/admin/guest-passes")).text)},
        )
        assert created.status_code == 201
        csrf = csrf_of(created.text)
        reserved = await http.post(
            "/admin/reservations",
            data={
                "csrf_token": csrf,
                "card_number": BO,
                "branch": "oodi",
                "day": "2026-11-23",
                "start": "14:00",
                "minutes": "60",
                "label": "",
            },
        )
        assert reserved.status_code == 303, reserved.text
        checked = await http.post(
            "/admin/cards/check",
            data={"csrf_token": csrf, "card_number": AINO, "pin": "0000", "branch": "oodi"},
        )
        pages = {
            "sessions": await http.get("/admin/sessions"),
            "sessions fragment": await http.get("/admin/sessions/fragment"),
            "card check": await http.get("/admin/cards/check"),
            "card check result": checked,
            "guest passes": await http.get("/admin/guest-passes?include_ended=true"),
            "guest pass issued": created,
            "reservations": await http.get(reserved.headers["location"]),
            "reservation error": await http.post(
                "/admin/reservations",
                data={"csrf_token": csrf, "card_number": "#", "branch": "oodi", "day": "x"},
            ),
        }
    for name, reply in pages.items():
        assert reply.status_code in (200, 201, 422), (name, reply.status_code)
        assert english_leaks(only_page_language(reply.text), language) == [], name
        if name != "sessions fragment":
            assert f'<html lang="{language}">' in reply.text, name
            check_page(reply.text, name)
    menu = pages["sessions"].text
    for word in words:
        assert word in menu
    assert 'href="/admin/sessions" aria-current="page"' in menu
    assert "Aino" not in pages["sessions"].text  # never personal data
    slip = pages["guest pass issued"].text
    assert all(f'lang="{code}"' in slip for code in ("fi", "sv", "en"))
    assert '<span lang="sv">Gästpass</span>' in slip  # each language marked as such


async def test_advisers_do_not_get_the_visitor_menu(web: WebClient, visitors: Visitors) -> None:
    async with web(Role.ADVISER) as http:
        page = await http.get("/admin/sessions")
        assert page.status_code == 403
        assert 'href="/admin/sessions"' not in page.text
    async with web(Role.ADMIN) as http:
        assert 'href="/admin/guest-passes"' in (await http.get("/admin/devices")).text


# --- CSRF ------------------------------------------------------------------------------------


async def test_every_post_needs_the_csrf_token(web: WebClient, visitors: Visitors) -> None:
    grant = await visitors.grant(AINO, AINO_PIN, pc=0)
    async with web(Role.STAFF) as http:
        for path, data in [
            (f"/admin/sessions/{grant.session_id}/end", {}),
            (f"/admin/sessions/{grant.session_id}/message", {"message": "Hei"}),
            ("/admin/cards/check", {"card_number": AINO, "pin": "0000"}),
            ("/admin/cards/release", {"card_ref": "x"}),
            ("/admin/guest-passes", {"minutes": "60"}),
            ("/admin/guest-passes/1/revoke", {}),
            ("/admin/reservations", {"card_number": BO, "branch": "oodi", "start": "12:00"}),
            ("/admin/reservations/1/cancel", {}),
        ]:
            for token in ({}, {"csrf_token": "forged"}):
                reply = await http.post(path, data={**data, **token})
                assert reply.status_code == 403, path
                assert "Lomake oli vanhentunut" in reply.text, path
    assert commands(visitors.fleet_db) == []
    with visitors.fleet_db.session() as session:
        assert session.exec(select(GuestPass)).first() is None
        assert session.exec(select(PcReservation)).first() is None


# --- guest passes ----------------------------------------------------------------------------


async def test_a_guest_pass_is_shown_once_and_logs_a_visitor_in(
    web: WebClient, visitors: Visitors
) -> None:
    async with web(Role.STAFF) as http:
        form = await http.get("/admin/guest-passes")
        csrf = csrf_of(form.text)
        bad = await http.post(
            "/admin/guest-passes",
            data={"csrf_token": csrf, "minutes": "2", "label": "desk, morning"},
        )
        assert bad.status_code == 422
        assert 'aria-invalid="true"' in bad.text
        assert 'aria-describedby="minutes-error"' in bad.text
        assert 'value="desk, morning"' in bad.text  # what staff typed is kept
        created = await http.post(
            "/admin/guest-passes",
            data={"csrf_token": csrf, "minutes": "45", "branch": "oodi", "label": "desk, morning"},
        )
        assert created.status_code == 201
        assert created.headers["cache-control"] == "no-store"
        code_match, pin_match = CODE.search(created.text), PIN.search(created.text)
        assert code_match
        assert pin_match
        code, pin = code_match.group(1), pin_match.group(1)
        assert re.fullmatch(r"[A-Z0-9]{4}[ -][A-Z0-9]{4}", code)  # in two halves, readable
        assert re.fullmatch(r"\d{4}", pin)
        assert "näytetään vain tämän kerran" in created.text
        assert "data-print" in created.text

        listing = await http.get("/admin/guest-passes")
        assert code not in listing.text
        assert re.sub("[ -]", "", code) not in listing.text
        assert "pass-pin" not in listing.text
        assert "desk, morning" in listing.text
        assert "0 / 45" in listing.text

        # The code and PIN work at a kiosk, and the session shows up for staff.
        login = await visitors.login(code, pin, pc=1, method=LoginMethod.GUEST_PASS)
        assert login.status_code == 201, login.text
        grant = SessionGrant.model_validate_json(login.content)
        assert grant.minutes == 45
        sessions = await http.get("/admin/sessions?branch=oodi")
        assert "oodi-pc-2" in sessions.text
        assert "Vierastunnus" in sessions.text
        assert "Vieras" in sessions.text
        assert 'data-refresh-url="/admin/sessions/fragment?branch=oodi"' in sessions.text

        await visitors.end(grant, 10, pc=1)
        with visitors.fleet_db.session() as session:
            guest_pass = session.exec(select(GuestPass)).one()
        # No end given: the branch closes at 20:00 in Helsinki (18:00 UTC) on this Monday.
        assert guest_pass.valid_until == dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)
        assert guest_pass.label == "desk, morning"
        revoked = await http.post(
            f"/admin/guest-passes/{guest_pass.id}/revoke", data={"csrf_token": csrf}
        )
        assert revoked.status_code == 303
        after = await http.get(revoked.headers["location"])
        assert "Vierastunnus on peruttu" in after.text
        assert "desk, morning" not in after.text
        everything = await http.get("/admin/guest-passes?include_ended=true")
        assert "desk, morning" in everything.text
        assert "Henkilökunta perui" in everything.text
        assert "10 / 45" in everything.text
    again = await visitors.login(code, pin, pc=1, method=LoginMethod.GUEST_PASS)
    assert again.status_code == 403
    assert again.json()["code"] == "guest_pass_expired"


async def test_a_guest_pass_slip_prints_on_a_pc_chosen_on_the_pass_page(
    app: FastAPI, web: WebClient, visitors: Visitors
) -> None:
    # The second PC has a slip printer (it says so at check-in); the first has none.
    body = CheckInRequest(
        state=DeviceState.IDLE, app_version="1.0", printer=DeviceHealth(status=HealthStatus.OK)
    )
    reply = await visitors.client.post(
        f"{API_PREFIX}/checkin", content=body.model_dump_json(), headers=bearer(visitors.pcs[1])
    )
    assert reply.status_code == 200, reply.text
    await app.state.checkins.flush()
    pc1, pc2 = pc_ids(visitors.fleet_db)
    async with web(Role.STAFF) as http:
        csrf = csrf_of((await http.get("/admin/guest-passes")).text)
        created = await http.post(
            "/admin/guest-passes", data={"csrf_token": csrf, "minutes": "60", "branch": "oodi"}
        )
        check_page(created.text, "guest pass issued")
        assert "Tulosta asiakaskoneen kuittitulostimella" in created.text
        assert f'<option value="{pc2}"' in created.text
        assert f'<option value="{pc1}"' not in created.text  # no printer there
        code_match, pin_match = CODE.search(created.text), PIN.search(created.text)
        assert code_match
        assert pin_match
        code, pin = code_match.group(1), pin_match.group(1)
        with visitors.fleet_db.session() as session:
            pass_id = session.exec(select(GuestPass)).one().id
        printing = {"csrf_token": csrf, "code": code, "pin": pin, "language": "sv"}

        sent = await http.post(
            f"/admin/guest-passes/{pass_id}/print", data={**printing, "device_id": str(pc2)}
        )
        assert sent.status_code == 200, sent.text
        assert "Lähetetty koneelle oodi-pc-2" in sent.text
        assert pin in sent.text  # the slip is still there to print by hand
        assert commands(visitors.fleet_db)[-1] == (
            pc2,
            "print_guest_pass",
            None,
            USERNAMES[Role.STAFF],
        )

        unchosen = await http.post(f"/admin/guest-passes/{pass_id}/print", data=printing)
        assert unchosen.status_code == 422
        assert "Valitse kone, jonka kuittitulostin tulostaa lapun." in unchosen.text

        forged_pin = "0000" if pin != "0000" else "1111"
        forged = await http.post(
            f"/admin/guest-passes/{pass_id}/print",
            data={**printing, "pin": forged_pin, "device_id": str(pc2)},
        )
        assert forged.status_code == 422
        assert "ei vastaa vierastunnusta" in forged.text
        assert forged_pin not in re.findall(r"\b\d{4}\b", without_random_values(forged.text))
        assert "pass-pin" not in forged.text  # back to the list; nothing secret echoed
    # The kiosk gets the slip, in the language chosen, at its next check-in.
    (command,) = (await kiosk_check_in(visitors, 1)).commands
    assert command.guest_pass is not None
    assert (command.guest_pass.pin, command.guest_pass.language) == (pin, "sv")


async def test_a_guest_pass_end_can_be_typed(web: WebClient, visitors: Visitors) -> None:
    async with web(Role.STAFF) as http:
        csrf = csrf_of((await http.get("/admin/guest-passes")).text)
        created = await http.post(
            "/admin/guest-passes",
            data={"csrf_token": csrf, "minutes": "30", "valid_until": "2026-11-23T15:30"},
        )
        assert created.status_code == 201
        assert "Käy kaikissa kirjastoissa." in created.text
        for typed in ("2026-11-23T10:00", "2027-01-31T10:00", "tomorrow"):
            late = await http.post(
                "/admin/guest-passes",
                data={"csrf_token": csrf, "minutes": "30", "valid_until": typed},
            )
            assert late.status_code == 422, typed
            assert 'id="valid_until-error"' in late.text
    with visitors.fleet_db.session() as session:
        (guest_pass,) = session.exec(select(GuestPass)).all()
    assert guest_pass.valid_until == dt.datetime(2026, 11, 23, 13, 30, tzinfo=dt.UTC)
    assert guest_pass.branch_id is None


# --- check a card ----------------------------------------------------------------------------


async def check(http: httpx.AsyncClient, card: str, pin: str, **extra: str) -> httpx.Response:
    csrf = csrf_of((await http.get("/admin/cards/check")).text)
    return await http.post(
        "/admin/cards/check", data={"csrf_token": csrf, "card_number": card, "pin": pin, **extra}
    )


def assert_not_echoed(page: str, card: str, pin: str) -> None:
    visible = without_random_values(page)
    for secret in {card, card.replace(" ", ""), pin}:
        assert secret not in visible, secret


async def test_check_a_card_says_why_in_a_sentence(
    web: WebClient, visitors: Visitors, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    cases = [
        (AINO, AINO_PIN, "Voi kirjautua nyt.", "Aikuinen"),
        (AINO, "9999", "PIN-koodi on väärä.", None),
        ("20000000001", "1111", "Kortti on estetty", None),
        ("20000000004", "4444", "Voi kirjautua nyt.", "Lapsi"),
        ("99999999", "5555", "Kirjasto ei tunne", None),
    ]
    async with web(Role.STAFF) as http:
        for card, pin, sentence, category in cases:
            reply = await check(http, card, pin, branch="oodi")
            assert reply.status_code == 200
            result = reply.text.split('id="check-result"')[1].split("</div>")[0]
            assert sentence in result, (card, result)
            if category:
                assert category in result
                assert "90 minuuttia" in result
            assert_not_echoed(reply.text, card, pin)
            assert 'name="card_ref"' not in reply.text  # release only for a paused card
            assert "card_number" not in str(reply.url)
            assert pin not in str(reply.url)
        page = await http.get("/admin/cards/check")
        assert 'type="password" inputmode="numeric" autocomplete="off"' in page.text
        assert "lasketaan tässäkin" in page.text  # a wrong PIN counts: the page says so

        empty = await check(http, "12#4", "")
        assert empty.status_code == 422
        assert 'id="card_number-error"' in empty.text
        assert 'id="pin-error"' in empty.text
        assert 'aria-describedby="pin-warning pin-error" aria-invalid="true"' in empty.text
        assert 'href="#pin"' in empty.text  # the summary links to the field
        assert "12#4" not in empty.text
    for card, pin, _sentence, _category in cases:
        assert card not in caplog.text  # never logged
        assert f"pin={pin}" not in caplog.text


async def test_a_paused_card_can_be_released_by_staff(web: WebClient, visitors: Visitors) -> None:
    async with web(Role.STAFF) as http:
        for _attempt in range(5):
            reply = await check(http, AINO, "0000")
        assert "Liian monta väärää PIN-koodia" in reply.text
        right = await check(http, AINO, AINO_PIN)
        assert "Liian monta väärää PIN-koodia" in right.text  # still paused, right PIN or not
        assert "Korttia voi yrittää uudelleen klo 11.15" in right.text
        assert_not_echoed(right.text, AINO, AINO_PIN)
        token_match = re.search(r'name="card_ref" value="([^"]+)"', right.text)
        assert token_match
        token = token_match.group(1)
        async with web(Role.ADMIN) as other:
            csrf = csrf_of((await other.get("/admin/cards/check")).text)
            stolen = await other.post(
                "/admin/cards/release", data={"csrf_token": csrf, "card_ref": token}
            )
            assert stolen.status_code == 422  # bound to the staff member who checked
            assert "Vapautuspainike on liian vanha" in stolen.text
        released = await http.post(
            "/admin/cards/release", data={"csrf_token": csrf_of(right.text), "card_ref": token}
        )
        assert released.status_code == 303
        assert released.headers["location"] == "/admin/cards/check?done=released"
        assert "Kortti on vapautettu" in (await http.get(released.headers["location"])).text
        assert "Voi kirjautua nyt." in (await check(http, AINO, AINO_PIN)).text

        visitors.clock.advance(minutes=16)
        late = await http.post(
            "/admin/cards/release", data={"csrf_token": csrf_of(right.text), "card_ref": token}
        )
        assert late.status_code == 422


# --- sessions --------------------------------------------------------------------------------


async def test_staff_end_a_session_and_message_a_pc(web: WebClient, visitors: Visitors) -> None:
    grant = await visitors.grant(AINO, AINO_PIN, pc=0)
    pc1 = pc_ids(visitors.fleet_db)[0]
    async with web(Role.STAFF) as http:
        page = await http.get("/admin/sessions")
        assert page.status_code == 200
        assert f'data-session-id="{grant.session_id}"' in page.text
        assert "Kirjastokortti" in page.text
        assert "Aikuinen" in page.text
        assert "Aino" not in page.text
        fragment = await http.get("/admin/sessions/fragment")
        assert "<html" not in fragment.text
        assert f'data-device-id="{pc1}"' in fragment.text
        csrf = csrf_of(page.text)
        base = f"/admin/sessions/{grant.session_id}"

        empty = await http.post(f"{base}/message", data={"csrf_token": csrf, "message": " "})
        assert empty.status_code == 422
        assert f'id="message-{grant.session_id}-error"' in empty.text
        assert "Kirjoita näytettävä viesti." in empty.text
        long = "x" * 501
        too_long = await http.post(f"{base}/message", data={"csrf_token": csrf, "message": long})
        assert too_long.status_code == 422
        assert f'value="{long}"' in too_long.text  # kept, so it can be shortened
        assert "data-refresh-url" not in too_long.text  # and not refreshed away

        sent = await http.post(
            f"{base}/message",
            data={"csrf_token": csrf, "message": "Kirjasto sulkeutuu pian", "branch": "oodi"},
        )
        assert sent.status_code == 303
        assert sent.headers["location"] == "/admin/sessions?branch=oodi&done=message"
        assert "Viesti lähetetty" in (await http.get(sent.headers["location"])).text

        ended = await http.post(f"{base}/end", data={"csrf_token": csrf})
        assert ended.status_code == 303
        notice = (await http.get(ended.headers["location"])).text
        assert "Kone kirjaa asiakkaan ulos ja pyyhkii istunnon" in notice

        staff = USERNAMES[Role.STAFF]
        assert commands(visitors.fleet_db) == [
            (pc1, "message", "Kirjasto sulkeutuu pian", staff),
            (pc1, "end_session", None, staff),
        ]
        delivered = await kiosk_check_in(visitors, 0)
        assert [c.type for c in delivered.commands] == ["message", "end_session"]

        await visitors.end(grant, 5)
        again = await http.post(f"{base}/end", data={"csrf_token": csrf})
        assert again.status_code == 409
        assert "Istunto on jo päättynyt." in again.text
        unknown = await http.post("/admin/sessions/nope/end", data={"csrf_token": csrf})
        assert unknown.status_code == 404
        assert "Tällaista istuntoa ei ole" in unknown.text
        assert (
            "Yksikään asiakas ei ole nyt kirjautuneena" in (await http.get("/admin/sessions")).text
        )


# --- reservations ----------------------------------------------------------------------------


def reserve_form(csrf: str, **changes: str) -> dict[str, str]:
    form = {
        "csrf_token": csrf,
        "card_number": BO,
        "branch": "oodi",
        "day": "2026-11-23",
        "start": "12:00",
        "minutes": "60",
        "device_id": "",
        "label": "työnhaku",
    }
    return {**form, **changes}


async def test_staff_reserve_and_cancel_a_pc(web: WebClient, visitors: Visitors) -> None:
    pc1, pc2 = pc_ids(visitors.fleet_db)
    with visitors.fleet_db.session() as session:
        reservations.reserve(
            session,
            branch_id="oodi",
            starts_at=dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC),
            minutes=60,
            patron_key="k" * 64,
            actor=f"kiosk:{pc2}",
            now=visitors.clock(),
            device_id=pc2,
        )
    async with web(Role.STAFF) as http:
        page = await http.get("/admin/reservations")  # the first branch, today
        assert page.status_code == 200
        assert "oodi fi, maanantai 23. marraskuuta 2026" in page.text
        assert '<option value="11:00"' in page.text
        assert "Asiakas, koneella" in page.text  # made at the kiosk
        csrf = csrf_of(page.text)

        made = await http.post("/admin/reservations", data=reserve_form(csrf, device_id=str(pc1)))
        assert made.status_code == 303, made.text
        assert "card" not in made.headers["location"]
        assert BO not in made.headers["location"]
        listing = await http.get(made.headers["location"])
        assert "Varattu: oodi-pc-1, 23.11.2026 12.00–13.00." in listing.text
        assert USERNAMES[Role.STAFF] in listing.text
        assert "Ei vielä" in listing.text
        assert BO not in without_random_values(listing.text)

        refusals = [
            ({"start": "12:30", "device_id": str(pc1)}, 409, "device_id", "Kone on jo varattu"),
            ({"start": "19:30"}, 422, "start", "Kirjasto ei ole auki koko sitä aikaa."),
            ({"start": "09:00"}, 422, "start", "Valitse alkamisaika, joka ei ole vielä mennyt"),
            ({"card_number": "12#4"}, 422, "card_number", "Kirjoita kortin numero"),
            ({"minutes": "500"}, 422, "minutes", "Anna kesto numerona"),
        ]
        for changes, status, field, text in refusals:
            reply = await http.post("/admin/reservations", data=reserve_form(csrf, **changes))
            assert reply.status_code == status, (changes, reply.status_code)
            error = reply.text.split(f'id="{field}-error">')[1].split("</p>")[0]
            assert text in error, changes
            assert (
                f'aria-describedby="{field}-help {field}-error" aria-invalid="true"' in (reply.text)
                or f'aria-describedby="{field}-error" aria-invalid="true"' in reply.text
            )
            assert 'value="työnhaku"' in reply.text  # what staff typed stays
            if field != "card_number":
                assert f'value="{BO}"' in reply.text

        # 12:00 on pc2 too: then no PC is free at 12:00.
        second = await http.post("/admin/reservations", data=reserve_form(csrf, label="toinen"))
        assert second.status_code == 303
        full = await http.post("/admin/reservations", data=reserve_form(csrf))
        assert full.status_code == 409
        assert "Yksikään kone ei ole silloin vapaana" in full.text
        assert '<option value="12:00"' not in (await http.get("/admin/reservations")).text

        with visitors.fleet_db.session() as session:
            first = session.exec(select(PcReservation).where(PcReservation.label == "työnhaku"))
            reservation_id = first.one().id
        cancelled = await http.post(
            f"/admin/reservations/{reservation_id}/cancel", data={"csrf_token": csrf}
        )
        assert cancelled.status_code == 303
        assert cancelled.headers["location"].endswith("day=2026-11-23&done=cancelled")
        after = await http.get(cancelled.headers["location"])
        assert "Varaus on peruttu." in after.text
        assert f'data-reservation-id="{reservation_id}"' not in after.text

        other_day = await http.get("/admin/reservations?branch=oodi&day=2026-11-29")
        assert "Tänä päivänä ei ole enää vapaita koneita." in other_day.text  # closed Sunday
        past = await http.get("/admin/reservations?branch=oodi&day=2026-11-20")
        assert "Tämä päivä on jo mennyt." in past.text
        tuesday = await http.get("/admin/reservations?branch=oodi&day=2026-11-24")
        assert '<option value="09:00"' in tuesday.text
        assert (await http.get("/admin/reservations?branch=nowhere")).status_code == 404
        assert (await http.get("/admin/reservations?day=someday")).status_code == 404
