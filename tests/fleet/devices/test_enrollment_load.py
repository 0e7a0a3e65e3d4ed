"""200 kiosks enrolling at once against a real ``fleet serve``: every one must succeed."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import select

from fleet.devices.models import Device, EnrollmentCode
from fleet.protocol import API_PREFIX, EnrollResponse
from tests.support.kiosks import enroll_request
from tests.support.live import LiveFleet

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

KIOSKS = 200


async def _enrol_all(base_url: str, codes: list[str]) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=KIOSKS, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120) as client:
        return list(
            await asyncio.gather(
                *(
                    client.post(
                        f"{API_PREFIX}/enroll",
                        content=enroll_request(code, f"load-machine-{index:04d}", f"pc-{index}"),
                        headers={"Content-Type": "application/json"},
                    )
                    for index, code in enumerate(codes)
                )
            )
        )


def _check(replies: list[httpx.Response], live_fleet: LiveFleet) -> None:
    assert [r.status_code for r in replies] == [200] * KIOSKS, {r.text for r in replies}
    enrolled = [EnrollResponse.model_validate_json(r.content) for r in replies]
    assert len({e.device_id for e in enrolled}) == KIOSKS
    assert len({e.token for e in enrolled}) == KIOSKS
    with live_fleet.db.session() as session:
        assert session.exec(select(func.count()).select_from(Device)).one() == KIOSKS


async def test_two_hundred_kiosks_with_their_own_codes(live_fleet: LiveFleet) -> None:
    live_fleet.create_branch()
    codes = [live_fleet.enrollment_code() for _ in range(KIOSKS)]
    _check(await _enrol_all(live_fleet.base_url, codes), live_fleet)


async def test_two_hundred_kiosks_sharing_one_code(live_fleet: LiveFleet) -> None:
    live_fleet.create_branch()
    code = live_fleet.enrollment_code(uses=KIOSKS)
    _check(await _enrol_all(live_fleet.base_url, [code] * KIOSKS), live_fleet)
    with live_fleet.db.session() as session:
        row = session.exec(select(EnrollmentCode)).one()
    assert (row.uses, row.max_uses) == (KIOSKS, KIOSKS)
    # No lost update let a 201st kiosk in.
    async with httpx.AsyncClient(base_url=live_fleet.base_url) as client:
        extra = await client.post(
            f"{API_PREFIX}/enroll",
            content=enroll_request(code),
            headers={"Content-Type": "application/json"},
        )
    assert extra.status_code == 400
    assert extra.json()["code"] == "enrollment_code_used"
