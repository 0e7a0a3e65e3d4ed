"""The /admin/ web UI over ASGI: sign-in, CSRF, throttling, languages, roles and each page."""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import select

from fleet.auth.models import Role
from fleet.branches import service as branches
from fleet.devices.models import DeviceCommand
from fleet.protocol import DeviceState, Policy, PowerSchedule
from tests.fleet.admin.helpers import PASSWORDS, USERNAMES, check_in, enroll_device
from tests.fleet.web.conftest import WebClient, csrf_of, sign_in
from tests.support.fleetdb import FleetDb

pytestmark = pytest.mark.asyncio


async def test_sign_in_sets_a_strict_http_only_session_cookie(web: WebClient) -> None:
    async with web() as http:
        assert (await http.get("/admin/devices")).headers["location"].startswith("/admin/login")
        reply = await sign_in(http, Role.STAFF)
        assert reply.headers["location"] == "/admin/devices"
        cookie = next(
            header
            for header in reply.headers.get_list("set-cookie")
            if header.startswith("fleet_session=")
        )
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie
        # One site-wide cookie: the staff pages (/admin) and the adviser console
        # (/support) share the sign-in.
        assert re.search(r"(?i)path=/(;|$)", cookie), cookie
        page = await http.get("/admin/devices")
        assert page.status_code == 200
        assert USERNAMES[Role.STAFF] in page.text
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert page.headers["cache-control"] == "no-store"


async def test_cookies_are_secure_over_https(app: FastAPI, people: dict[Role, str]) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://fleet.test") as http:
        reply = await sign_in(http, Role.STAFF)
    cookies = reply.headers.get_list("set-cookie")
    assert any(c.startswith("fleet_session=") and "Secure" in c for c in cookies)


async def test_sign_in_form_needs_its_csrf_token(web: WebClient) -> None:
    async with web() as http:
        await http.get("/admin/login")
        reply = await http.post(
            "/admin/login",
            data={
                "username": USERNAMES[Role.ADMIN],
                "password": PASSWORDS[Role.ADMIN],
                "csrf_token": "forged",
            },
        )
        assert reply.status_code == 403
        assert "fleet_session" not in http.cookies


async def test_wrong_password_then_throttle_are_translated(web: WebClient) -> None:
    async with web(**{"Accept-Language": "sv-FI,sv;q=0.9,en;q=0.5"}) as http:
        for attempt in range(6):
            page = await http.get("/admin/login")
            assert '<html lang="sv">' in page.text
            reply = await http.post(
                "/admin/login",
                data={
                    "username": USERNAMES[Role.STAFF],
                    "password": "wrong-wrong",
                    "csrf_token": csrf_of(page.text),
                },
            )
            if attempt < 5:
                assert reply.status_code == 401
                assert "Fel användarnamn eller lösenord." in reply.text
        assert reply.status_code == 429
        assert "För många misslyckade inloggningar" in reply.text
        assert int(reply.headers["retry-after"]) > 0


async def test_language_switch_is_remembered(web: WebClient) -> None:
    async with web(Role.STAFF) as http:
        assert "Koneet" in (await http.get("/admin/devices")).text  # Finnish by default
        reply = await http.get("/admin/language", params={"lang": "en", "next": "/admin/devices"})
        assert reply.headers["location"] == "/admin/devices"
        page = await http.get("/admin/devices")
        assert '<html lang="en">' in page.text
        assert "Skip to main content" in page.text
        reply = await http.get(
            "/admin/language", params={"lang": "sv", "next": "https://evil.example/"}
        )
        assert reply.headers["location"] == "/admin/devices"  # no open redirect
        assert "Hoppa till huvudinnehållet" in (await http.get("/admin/devices")).text


async def test_adviser_gets_a_translated_403_page_and_can_sign_out(web: WebClient) -> None:
    async with web(Role.ADVISER) as http:
        page = await http.get("/admin/devices")
        assert page.status_code == 403
        assert page.headers["content-type"].startswith("text/html")
        assert "Ei käyttöoikeutta" in page.text
        reply = await http.post("/admin/logout", data={"csrf_token": csrf_of(page.text)})
        assert reply.status_code == 303
        assert (await http.get("/admin/devices")).status_code == 303


async def test_sign_out_ends_the_session_on_the_server(web: WebClient) -> None:
    async with web(Role.STAFF) as http:
        page = await http.get("/admin/devices")
        cookie = http.cookies["fleet_session"]
        await http.post("/admin/logout", data={"csrf_token": csrf_of(page.text)})
    async with web() as other:
        other.cookies.set("fleet_session", cookie, domain="fleet.test", path="/admin")
        assert (await other.get("/admin/devices")).status_code == 303


async def test_staff_sees_live_status_and_sends_a_lock(
    app: FastAPI, web: WebClient, fleet_db: FleetDb, client: httpx.AsyncClient
) -> None:
    fleet_db.create_branch("oodi")
    device_id, token = await enroll_device(client, fleet_db.enrollment_code("oodi"))
    await check_in(client, token, DeviceState.IN_SESSION)
    await app.state.checkins.flush()
    async with web(Role.STAFF) as http:
        listing = await http.get("/admin/devices")
        assert "Verkossa" in listing.text  # online, in words
        assert "Käytössä" in listing.text  # in session
        assert 'data-refresh-url="/admin/devices/fragment"' in listing.text
        fragment = await http.get("/admin/devices/fragment")
        assert fragment.status_code == 200
        assert "<html" not in fragment.text
        assert f'data-device-id="{device_id}"' in fragment.text

        page = await http.get(f"/admin/devices/{device_id}")
        assert 'value="lock"' in page.text
        assert 'value="restart"' not in page.text  # staff cannot restart
        csrf = csrf_of(page.text)
        refused = await http.post(
            f"/admin/devices/{device_id}/commands", data={"type": "restart", "csrf_token": csrf}
        )
        assert refused.status_code == 403
        forged = await http.post(
            f"/admin/devices/{device_id}/commands", data={"type": "lock", "csrf_token": "x"}
        )
        assert forged.status_code == 403
        sent = await http.post(
            f"/admin/devices/{device_id}/commands",
            data={"type": "lock", "message": "Suljemme pian", "csrf_token": csrf},
        )
        assert sent.status_code == 303
        page = await http.get(sent.headers["location"])
        assert "Komento lähetetty" in page.text
        live = await http.get(f"/admin/devices/{device_id}/fragment")
        assert 'data-status="queued"' in live.text
        assert "Suljemme pian" in live.text
        assert USERNAMES[Role.STAFF] in live.text
    with fleet_db.session() as session:
        commands = session.exec(select(DeviceCommand)).all()
    assert [(c.type, c.issued_by) for c in commands] == [("lock", USERNAMES[Role.STAFF])]


async def test_message_command_needs_text_and_gets_a_translated_422(
    web: WebClient, fleet_db: FleetDb, client: httpx.AsyncClient
) -> None:
    fleet_db.create_branch("oodi")
    device_id, _ = await enroll_device(client, fleet_db.enrollment_code("oodi"))
    async with web(Role.STAFF) as http:
        page = await http.get(f"/admin/devices/{device_id}")
        reply = await http.post(
            f"/admin/devices/{device_id}/commands",
            data={"type": "message", "message": "", "csrf_token": csrf_of(page.text)},
        )
        assert reply.status_code == 422
        assert "Kirjoita näytettävä viesti." in reply.text
        assert (await http.get("/admin/devices/999")).status_code == 404
        assert (await http.get("/admin/devices/not-a-number")).status_code == 404
        assert (await http.get("/admin/devices/99999999999999999999")).status_code == 404


async def test_admin_edits_hours_and_creates_a_code_shown_once(
    web: WebClient, fleet_db: FleetDb, client: httpx.AsyncClient
) -> None:
    fleet_db.create_branch("kallio")
    async with web(Role.ADMIN) as http:
        page = await http.get("/admin/branches/kallio")
        assert page.status_code == 200
        csrf = csrf_of(page.text)
        form = {"csrf_token": csrf, "new_date": "2026-12-24", "new_note_fi": "Jouluaatto"}
        for day in range(7):
            form[f"opens_{day}"] = "" if day == 6 else "10:00"
            form[f"closes_{day}"] = "" if day == 6 else "19:00"
        reply = await http.post("/admin/branches/kallio/hours", data=form)
        assert reply.status_code == 303
        saved = await http.get(reply.headers["location"])
        assert "Muutokset tallennettu." in saved.text
        assert "2026-12-24" in saved.text

        bad = dict(form, opens_0="19:00", closes_0="10:00")
        assert (await http.post("/admin/branches/kallio/hours", data=bad)).status_code == 422

        created = await http.post(
            "/admin/branches/kallio/enrollment-codes",
            data={"csrf_token": csrf, "max_uses": "1", "valid_hours": "24"},
        )
        assert created.status_code == 201
        code = created.text.split('id="new-code">')[1].split("<")[0]
        assert "näytetään vain kerran" in created.text
        again = await http.get("/admin/branches/kallio")
        assert code not in again.text  # never shown twice
    with fleet_db.session() as session:
        hours = branches.opening_hours(session, branches.get_branch(session, "kallio"))
    assert hours.weekly[0].opens == dt.time(10)
    assert hours.weekly[6].closed
    assert [e.date for e in hours.exceptions] == [dt.date(2026, 12, 24)]
    device_id, _ = await enroll_device(client, code)  # the shown code really enrols a PC
    assert device_id > 0


async def test_admin_creates_and_edits_a_profile(web: WebClient, fleet_db: FleetDb) -> None:
    fleet_db.create_branch("oodi")
    async with web(Role.ADMIN) as http:
        page = await http.get("/admin/profiles")
        created = await http.post(
            "/admin/profiles",
            data={"csrf_token": csrf_of(page.text), "name": "Lyhyet", "description": ""},
        )
        assert created.status_code == 303
        page = await http.get(created.headers["location"])
        form = {
            "csrf_token": csrf_of(page.text),
            "name": "Lyhyet istunnot",
            "description": "Oodi",
            "session_minutes": "30",
            "daily_minutes": "120",
            "idle_timeout_minutes": "3",
            "checkin_interval_seconds": "15",
            "offline_digital_card": "on",
            "offline_session_minutes": "20",
        }
        saved = await http.post(created.headers["location"], data=form)
        assert saved.status_code == 303
        page = await http.get(saved.headers["location"])
        assert 'value="Lyhyet istunnot"' in page.text
        assert 'value="30"' in page.text
        bad = await http.post(created.headers["location"], data=dict(form, session_minutes="2"))
        assert bad.status_code == 422
        assert "Tarkista arvot" in bad.text
    with fleet_db.session() as session:
        (profile,) = branches.list_profiles(session)
    assert profile.policy["session_minutes"] == 30
    assert profile.policy["offline"]["library_card_allowed"] is False


async def test_staff_cannot_open_admin_pages(web: WebClient, fleet_db: FleetDb) -> None:
    fleet_db.create_branch("oodi")
    async with web(Role.STAFF) as http:
        for path in ("/admin/branches", "/admin/branches/oodi", "/admin/profiles"):
            assert (await http.get(path)).status_code == 403
        nav = (await http.get("/admin/devices")).text
        assert 'href="/admin/branches"' not in nav


async def test_admin_shuts_a_pc_down_after_confirming(
    web: WebClient, fleet_db: FleetDb, client: httpx.AsyncClient
) -> None:
    power = PowerSchedule(shutdown_after_closing_minutes=30, wake_before_opening_minutes=20)
    fleet_db.create_branch("oodi", policy=Policy(power=power))
    device_id, _ = await enroll_device(client, fleet_db.enrollment_code("oodi"))
    async with web(Role.STAFF) as http:
        page = await http.get(f"/admin/devices/{device_id}")
        assert 'value="shutdown"' not in page.text  # IT's call, not the desk's
    async with web(Role.ADMIN) as http:
        page = await http.get(f"/admin/devices/{device_id}")
        assert 'value="shutdown"' in page.text
        assert 'type="datetime-local" id="wake_at" name="wake_at"' in page.text
        # The app's clock says Monday 23 November 2026, 11:00 in Helsinki.
        assert 'min="2026-11-23T11:06" max="2026-11-30T11:00"' in page.text
        csrf = csrf_of(page.text)
        form = {"type": "shutdown", "csrf_token": csrf}
        # Asked first: what happens to a visitor, and when the PC is back (the schedule).
        question = await http.post(f"/admin/devices/{device_id}/commands", data=form)
        assert question.status_code == 200
        assert 'id="confirm-shutdown"' in question.text
        assert "kirjataan ulos minuutin kuluttua" in question.text
        assert "Virta-aikataulu käynnistää sen uudelleen" in question.text
        assert "8.40" in question.text  # Tuesday 08:40, twenty minutes before opening
        with fleet_db.session() as session:
            assert session.exec(select(DeviceCommand)).all() == []
        # A wake time of its own, in the branch's wall clock.
        chosen = dict(form, wake_at="2026-11-24T07:15")
        question = await http.post(f"/admin/devices/{device_id}/commands", data=chosen)
        assert "Se käynnistyy uudelleen" in question.text
        assert 'name="wake_at" value="2026-11-24T07:15"' in question.text
        sent = await http.post(
            f"/admin/devices/{device_id}/commands", data=dict(chosen, confirm="yes")
        )
        assert sent.status_code == 303
        live = await http.get(f"/admin/devices/{device_id}/fragment")
        assert "Sammuta" in live.text
        assert "Käynnistys" in live.text
        assert "7.15" in live.text
        # A time that has passed is refused in words.
        past = dict(form, wake_at="2026-11-23T10:00", confirm="yes")
        refused = await http.post(f"/admin/devices/{device_id}/commands", data=past)
        assert refused.status_code == 422
        assert "Käynnistysaika on jo mennyt" in refused.text
    with fleet_db.session() as session:
        (command,) = session.exec(select(DeviceCommand)).all()
    assert command.type == "shutdown"
    assert command.wake_at == dt.datetime(2026, 11, 24, 5, 15, tzinfo=dt.UTC)


async def test_a_pc_switched_off_on_purpose_is_not_just_offline(
    app: FastAPI, web: WebClient, fleet_db: FleetDb, client: httpx.AsyncClient
) -> None:
    power = PowerSchedule(shutdown_after_closing_minutes=30, wake_before_opening_minutes=20)
    fleet_db.create_branch("oodi", policy=Policy(power=power))
    device_id, token = await enroll_device(client, fleet_db.enrollment_code("oodi"))
    await check_in(client, token, DeviceState.SHUT_DOWN)
    await app.state.checkins.flush()
    async with web(Role.STAFF) as http:
        listing = await http.get("/admin/devices")
        assert "Sammutettu tarkoituksella" in listing.text
        page = await http.get(f"/admin/devices/{device_id}")
        assert "⏻" in page.text
        assert "Käynnistyy uudelleen" in page.text
        assert "8.40" in page.text  # the schedule's wake on Tuesday


async def test_admin_sets_a_profiles_power_schedule(web: WebClient, fleet_db: FleetDb) -> None:
    fleet_db.create_branch("oodi")
    async with web(Role.ADMIN) as http:
        page = await http.get("/admin/profiles")
        created = await http.post(
            "/admin/profiles",
            data={"csrf_token": csrf_of(page.text), "name": "Yöt", "description": ""},
        )
        page = await http.get(created.headers["location"])
        assert "Tietokoneiden sammutus ja käynnistys" in page.text
        form = {
            "csrf_token": csrf_of(page.text),
            "name": "Yöt",
            "description": "",
            "session_minutes": "60",
            "daily_minutes": "180",
            "idle_timeout_minutes": "5",
            "checkin_interval_seconds": "30",
            "offline_session_minutes": "30",
            "shutdown_after_closing_minutes": "30",
            "wake_before_opening_minutes": "",
        }
        saved = await http.post(created.headers["location"], data=form)
        assert saved.status_code == 303
        page = await http.get(saved.headers["location"])
        assert 'name="shutdown_after_closing_minutes" min="0" max="720" value="30"' in page.text
        bad = dict(form, wake_before_opening_minutes="9999")
        assert (await http.post(created.headers["location"], data=bad)).status_code == 422
        off = dict(form, shutdown_after_closing_minutes="0")
        assert (await http.post(created.headers["location"], data=off)).status_code == 303
    with fleet_db.session() as session:
        (profile,) = branches.list_profiles(session)
    assert profile.policy.get("power") is None
