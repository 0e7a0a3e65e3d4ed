"""Library-card log-in through the local directory: grants, refusals, PIN throttling, privacy."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlmodel import select

from fleet.protocol import API_PREFIX
from fleet.protocol.sessions import LoginMethod, PatronAccount, PatronCategory
from fleet.sessions.models import PatronSession
from tests.support.kiosks import bearer
from tests.support.visitors import AINO, AINO_PIN, BO, BO_PIN, Visitors, refusal

pytestmark = pytest.mark.asyncio


async def test_a_library_card_and_pin_open_a_session(visitors: Visitors) -> None:
    grant = await visitors.grant()
    assert grant.method is LoginMethod.LIBRARY_CARD
    assert grant.category is PatronCategory.ADULT
    assert grant.first_name == "Aino"
    assert grant.language == "fi"
    assert grant.minutes == 60
    assert grant.daily_minutes_left == 30  # 90 a day, 60 granted now
    assert grant.has_account
    assert grant.ends_at == visitors.clock() + dt.timedelta(minutes=60)
    with visitors.fleet_db.session() as session:
        row = session.get(PatronSession, str(grant.session_id))
        assert row is not None
        # The card number is kept only encrypted, and only while the session runs.
        assert row.card_ref is not None
        assert "200012345678" not in row.card_ref
        assert "200012345678" not in row.patron_key


async def test_refusals_name_the_reason(visitors: Visitors) -> None:
    assert refusal(await visitors.login(AINO, "9999")) == "pin_wrong"
    assert refusal(await visitors.login("99999999", "1234")) == "card_unknown"
    assert refusal(await visitors.login("20000000001", "1111")) == "card_blocked"
    assert refusal(await visitors.login("20000000002", "2222")) == "card_expired"
    # The PIN is checked before anything about the card is told.
    assert refusal(await visitors.login("20000000001", "0000")) == "pin_wrong"


async def test_a_child_by_birth_date(visitors: Visitors) -> None:
    grant = await visitors.grant("20000000004", "4444")
    assert grant.category is PatronCategory.CHILD
    assert grant.first_name == "Eeli"


async def test_wrong_pins_pause_the_card_then_time_or_staff_release_it(visitors: Visitors) -> None:
    for _ in range(4):
        assert refusal(await visitors.login(AINO, "0000")) == "pin_wrong"
    fifth = await visitors.login(AINO, "0000", pc=1)  # another PC: counted per card
    assert refusal(fifth) == "pin_throttled"
    assert fifth.json()["details"][0]["retry_after_seconds"] == 15 * 60
    # Now even the right PIN waits: nobody can keep guessing.
    assert refusal(await visitors.login(AINO, AINO_PIN)) == "pin_throttled"
    # Other cards are not affected.
    assert (await visitors.login(BO, BO_PIN)).status_code == 201

    visitors.clock.advance(minutes=15, seconds=1)
    grant = await visitors.grant()
    assert grant.first_name == "Aino"


async def test_a_right_pin_forgets_earlier_failures(visitors: Visitors) -> None:
    for _ in range(4):
        await visitors.login(AINO, "0000")
    grant = await visitors.grant()
    await visitors.end(grant, 1)
    for _ in range(4):
        assert refusal(await visitors.login(AINO, "0000")) == "pin_wrong"


async def test_a_patron_has_one_session_at_a_time(visitors: Visitors) -> None:
    first = await visitors.grant(pc=0)
    assert refusal(await visitors.login(pc=1)) == "already_in_session"
    # Logging in again on the same PC replaces a session the kiosk lost track of.
    again = await visitors.grant(pc=0)
    assert again.session_id != first.session_id
    with visitors.fleet_db.session() as session:
        old = session.get(PatronSession, str(first.session_id))
        assert old is not None
        assert old.end_reason == "crash"
        assert old.card_ref is None


async def test_account_shows_loans_holds_and_fees_during_the_session(visitors: Visitors) -> None:
    grant = await visitors.grant()
    url = f"{API_PREFIX}/sessions/{grant.session_id}/account"
    reply = await visitors.client.get(url, headers=bearer(visitors.pcs[0]))
    assert reply.status_code == 200, reply.text
    account = PatronAccount.model_validate_json(reply.content)
    assert [loan.title for loan in account.loans] == ["Tuntematon sotilas"]
    assert account.holds[0].ready
    assert account.fees_cents == 250
    # Not from another PC, and not after the session.
    other = await visitors.client.get(url, headers=bearer(visitors.pcs[1]))
    assert other.status_code == 404
    assert (await visitors.end(grant, 5)).status_code == 204
    after = await visitors.client.get(url, headers=bearer(visitors.pcs[0]))
    assert after.status_code == 409
    assert after.json()["code"] == "session_not_active"


async def test_ending_is_idempotent_and_clears_the_card(visitors: Visitors) -> None:
    grant = await visitors.grant()
    visitors.clock.advance(minutes=20)
    assert (await visitors.end(grant, 20)).status_code == 204
    assert (await visitors.end(grant, 55)).status_code == 204  # a retry changes nothing
    with visitors.fleet_db.session() as session:
        row = session.get(PatronSession, str(grant.session_id))
        assert row is not None
        assert row.minutes_used == 20
        assert row.end_reason == "logout"
        assert row.card_ref is None


async def test_malformed_log_ins_are_422_without_echoing_the_pin(visitors: Visitors) -> None:
    cases = [
        '{"method": "library_card", "card_number": "2000"}',  # no PIN
        '{"method": "library_card", "card_number": "2000<script>", "pin": "5511"}',
        '{"method": "digital_card", "card_number": "2000", "pin": "5511"}',
        '{"method": "teleport", "card_number": "2000", "pin": "5511"}',
        '{"method": "library_card", "card_number": "2000", "pin": "5511", "extra": 1}',
        "not json",
    ]
    for body in cases:
        reply = await visitors.post("", body)
        assert reply.status_code == 422, body
        assert reply.json()["code"] == "invalid_request"
        assert "5511" not in reply.text


async def test_no_card_number_or_pin_reaches_the_logs(
    visitors: Visitors, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await visitors.login(AINO, "0000")
    await visitors.grant()
    await visitors.login("20000000001", "1111")
    text = caplog.text
    for secret in ("200012345678", "2000 1234 5678", "0000", AINO_PIN, "20000000001"):
        assert secret not in text


async def test_each_patron_key_is_stable_and_distinct(visitors: Visitors) -> None:
    a = await visitors.grant(AINO, AINO_PIN, pc=0)
    b = await visitors.grant(BO, BO_PIN, pc=1)
    with visitors.fleet_db.session() as session:
        keys = {row.id: row.patron_key for row in session.exec(select(PatronSession))}
    assert keys[str(a.session_id)] != keys[str(b.session_id)]
    assert all(len(key) == 64 for key in keys.values())
