"""Device client error mapping, over real HTTP to a scripted loopback server."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import Response

from fleet.protocol import CheckInRequest, DeviceState, EnrollRequest
from kiosk.services.client import DeviceClient, websocket_url
from kiosk.services.errors import (
    EnrollmentError,
    FleetRejectedError,
    FleetUnreachableError,
    NotRegisteredError,
)
from tests.kiosk.services.stub_fleet import Handler, StubFleet, api_error

CHECKIN = CheckInRequest(state=DeviceState.IDLE, app_version="1.0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def reply(response: Response) -> Handler:
    async def handler(request: Request, body: bytes) -> Response:
        return response

    return handler


@pytest.mark.asyncio
async def test_checkin_sends_the_bearer_token_and_parses_the_reply() -> None:
    async with StubFleet() as fleet:
        fleet.handlers[("POST", "/checkin")] = reply(
            Response('{"config_etag": "e1", "commands": []}', media_type="application/json")
        )
        async with DeviceClient(fleet.url, "7.token") as client:
            answer = await client.checkin(CHECKIN)
    assert answer.config_etag == "e1"
    _, _, headers, body = fleet.requests[0]
    assert headers["authorization"] == "Bearer 7.token"
    assert CheckInRequest.model_validate_json(body) == CHECKIN


@pytest.mark.asyncio
@pytest.mark.parametrize("code", ["device_unknown", "device_revoked"])
async def test_401_means_not_registered(code: str) -> None:
    async with StubFleet() as fleet:
        fleet.handlers[("POST", "/checkin")] = reply(api_error(401, code))
        async with DeviceClient(fleet.url, "7.token") as client:
            with pytest.raises(NotRegisteredError) as caught:
                await client.checkin(CHECKIN)
    assert caught.value.code == code


@pytest.mark.asyncio
async def test_5xx_and_garbage_mean_unreachable_and_4xx_means_rejected() -> None:
    async with StubFleet() as fleet, DeviceClient(fleet.url, "7.token") as client:
        fleet.handlers[("POST", "/checkin")] = reply(api_error(503, "overloaded"))
        with pytest.raises(FleetUnreachableError):
            await client.checkin(CHECKIN)
        fleet.handlers[("POST", "/checkin")] = reply(Response("<html>proxy</html>"))
        with pytest.raises(FleetUnreachableError):
            await client.checkin(CHECKIN)
        fleet.handlers[("POST", "/checkin")] = reply(api_error(422, "validation_error"))
        with pytest.raises(FleetRejectedError) as caught:
            await client.checkin(CHECKIN)
    assert (caught.value.status, caught.value.code) == (422, "validation_error")


@pytest.mark.asyncio
async def test_a_closed_port_means_unreachable() -> None:
    async with DeviceClient(f"http://127.0.0.1:{free_port()}", "7.token") as client:
        with pytest.raises(FleetUnreachableError):
            await client.checkin(CHECKIN)


@pytest.mark.asyncio
async def test_a_silent_server_times_out_as_unreachable() -> None:
    done = asyncio.Event()

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        await done.wait()  # never answers while the client waits
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with DeviceClient(
            f"http://127.0.0.1:{port}", "t", timeout=httpx.Timeout(0.3)
        ) as client:
            with pytest.raises(FleetUnreachableError):
                await client.checkin(CHECKIN)
    finally:
        done.set()
        server.close()
        await server.wait_closed()


@pytest.mark.asyncio
async def test_enrolment_refusals_carry_the_fleet_code() -> None:
    request = EnrollRequest(
        code="ABCD-2345", hostname="pc-1", machine_id="0123456789abcdef", app_version="1.0"
    )
    assert request.code == "ABCD2345"
    async with StubFleet() as fleet, DeviceClient(fleet.url) as client:
        fleet.handlers[("POST", "/enroll")] = reply(api_error(400, "enrollment_code_expired"))
        with pytest.raises(EnrollmentError) as caught:
            await client.enroll(request)
        assert caught.value.code == "enrollment_code_expired"
        fleet.handlers[("POST", "/enroll")] = reply(api_error(502, "bad_gateway"))
        with pytest.raises(FleetUnreachableError):
            await client.enroll(request)
        assert "authorization" not in fleet.requests[0][2]


def test_websocket_url_follows_the_scheme() -> None:
    assert websocket_url("http://h:8000/") == "ws://h:8000/api/device/v1/ws"
    assert websocket_url("https://fleet.example") == "wss://fleet.example/api/device/v1/ws"
