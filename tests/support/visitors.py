"""Visitor-session helpers: patrons in the local directory, enrolled PCs, kiosk-like calls."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import SecretStr

from fleet.patrons.local import add_patron
from fleet.protocol import API_PREFIX
from fleet.protocol.sessions import (
    EndReason,
    Hold,
    Loan,
    LoginMethod,
    LoginRequest,
    SessionEnd,
    SessionGrant,
)
from tests.fleet.admin.helpers import cheap_passwords
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer, enroll

#: Monday 23 November 2026, 11:00 in Helsinki: the test branch is open 9-20.
MONDAY_11 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)

AINO = "2000 1234 5678"  # written as on the card; the fleet normalises it
AINO_PIN = "1234"
BO = "20009876"
BO_PIN = "4321"


@dataclass
class Visitors:
    """Two PCs at branch ``oodi`` and a few patrons; log in and end like a kiosk."""

    client: httpx.AsyncClient
    fleet_db: FleetDb
    clock: FakeClock
    pcs: list[str]  # device tokens

    async def login(
        self,
        card: str = AINO,
        pin: str = AINO_PIN,
        *,
        pc: int = 0,
        method: LoginMethod = LoginMethod.LIBRARY_CARD,
    ) -> httpx.Response:
        body = LoginRequest(method=method, card_number=card, pin=SecretStr(pin))
        return await self.client.post(
            f"{API_PREFIX}/sessions", content=body.model_dump_json(), headers=bearer(self.pcs[pc])
        )

    async def grant(self, card: str = AINO, pin: str = AINO_PIN, *, pc: int = 0) -> SessionGrant:
        reply = await self.login(card, pin, pc=pc)
        assert reply.status_code == 201, reply.text
        return SessionGrant.model_validate_json(reply.content)

    async def end(
        self,
        grant: SessionGrant,
        minutes_used: int,
        *,
        pc: int = 0,
        reason: EndReason = EndReason.LOGOUT,
    ) -> httpx.Response:
        body = SessionEnd(reason=reason, minutes_used=minutes_used, ended_at=self.clock())
        return await self.client.post(
            f"{API_PREFIX}/sessions/{grant.session_id}/end",
            content=body.model_dump_json(),
            headers=bearer(self.pcs[pc]),
        )

    async def post(self, path: str, body: Any, *, pc: int = 0) -> httpx.Response:
        content = body if isinstance(body, str) else body.model_dump_json()
        return await self.client.post(
            f"{API_PREFIX}/sessions{path}", content=content, headers=bearer(self.pcs[pc])
        )


def refusal(reply: httpx.Response) -> str:
    assert reply.status_code in (403, 409, 503), reply.text
    return str(reply.json()["code"])


def add_patrons(fleet_db: FleetDb) -> None:
    passwords = cheap_passwords()
    with fleet_db.session() as session:
        add_patron(
            session,
            passwords,
            barcode="200012345678",
            pin=AINO_PIN,
            first_name="Aino",
            language="fi",
            loans=[Loan(title="Tuntematon sotilas", due=dt.date(2026, 12, 7))],
            holds=[Hold(title="Muumipeikko ja pyrstötähti", ready=True, pickup_location="Oodi")],
            fees_cents=250,
        )
        add_patron(session, passwords, barcode=BO, pin=BO_PIN, first_name="Bo", language="sv")
        add_patron(session, passwords, barcode="20000000001", pin="1111", blocked=True)
        add_patron(
            session,
            passwords,
            barcode="20000000002",
            pin="2222",
            expires_on=dt.date(2026, 1, 31),
        )
        add_patron(session, passwords, barcode="20000000003", pin="3333", fees_cents=2500)
        add_patron(
            session,
            passwords,
            barcode="20000000004",
            pin="4444",
            first_name="Eeli",
            birth_date=dt.date(2016, 5, 1),
        )


async def enrol_pcs(client: httpx.AsyncClient, fleet_db: FleetDb, count: int = 2) -> list[str]:
    """Enrol ``count`` PCs at branch ``oodi``; returns their device tokens."""
    code = fleet_db.enrollment_code("oodi", uses=count)
    return [
        (
            await enroll(
                client, code, machine_id=f"pc-{uuid.uuid4().hex[:12]}", hostname=f"oodi-pc-{n}"
            )
        ).token
        for n in range(1, count + 1)
    ]
