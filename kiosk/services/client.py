"""Device API client: the kiosk's only way to talk HTTP to the fleet server."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from types import TracebackType
from typing import TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from fleet.protocol import (
    API_PREFIX,
    ApiError,
    CheckInRequest,
    CheckInResponse,
    CommandResult,
    EnrollRequest,
    EnrollResponse,
    EventBatch,
    EventBatchResult,
    read_fleet_object,
    read_fleet_reply,
)
from fleet.protocol.content import CONTENT_BLOB_PATH, CONTENT_MANIFEST_PATH
from fleet.protocol.sessions import (
    ExtendRequest,
    Extension,
    LoginRequest,
    OfflineSessionReport,
    PatronAccount,
    ReservationMade,
    ReservationOptions,
    ReservationRequest,
    SessionEnd,
    SessionGrant,
)
from fleet.protocol.support import (
    BookingConfirmation,
    BookingCreate,
    HelpRequestCreate,
    HelpTicket,
    SlotList,
    SupportTopic,
)
from kiosk.services.errors import (
    EnrollmentError,
    FleetRejectedError,
    FleetUnreachableError,
    NotRegisteredError,
)

#: Short on purpose: a kiosk must never hang on a slow fleet; it retries on the next tick.
DEFAULT_TIMEOUT = httpx.Timeout(5.0, connect=3.0)
#: ApiError codes meaning "this credential is not (or no longer) valid".
NOT_REGISTERED_CODES = frozenset({"device_unknown", "device_revoked", "unauthorized"})
#: 503 codes the fleet itself sends: it is up, a service behind it is not.
FLEET_ANSWERED_503 = frozenset({"directory_unavailable"})

_Reply = TypeVar("_Reply", bound=BaseModel)
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-\d+/(?:\d+|\*)$")


@dataclass(frozen=True)
class ManifestReply:
    """``GET /content/manifest``: 304 (unchanged), 204 (nothing assigned) or 200 with ``body``."""

    status: int
    body: bytes = b""
    etag: str | None = None


@dataclass(frozen=True)
class BlobDownload:
    """A blob's bytes from ``start`` on (0 when the server ignored the Range)."""

    start: int
    chunks: AsyncIterator[bytes]


def _error_code(response: httpx.Response) -> str:
    """The ApiError code of a reply, or a synthetic ``http_<status>`` when there is none."""
    try:
        return read_fleet_object(ApiError, response.json()).code
    except (ValueError, ValidationError):
        return f"http_{response.status_code}"


def _retry_after(response: httpx.Response) -> int | None:
    """``details[0].retry_after_seconds`` of an ApiError (a paused card), if there is one."""
    try:
        details = read_fleet_object(ApiError, response.json()).details or []
    except (ValueError, ValidationError):
        return None
    value = details[0].get("retry_after_seconds") if details else None
    return value if isinstance(value, int) else None


def websocket_url(server_url: str) -> str:
    """The device WebSocket endpoint for a fleet base URL (http -> ws, https -> wss)."""
    base = server_url.rstrip("/")
    if base.startswith("https://"):
        base = "wss://" + base.removeprefix("https://")
    elif base.startswith("http://"):
        base = "ws://" + base.removeprefix("http://")
    return f"{base}{API_PREFIX}/ws"


#: Below the fleet server's keep-alive time-out (uvicorn's default is 5 s).
KEEPALIVE_SECONDS = 4.0


class DeviceClient:
    """Typed calls to ``/api/device/v1``; maps failures to the errors in ``kiosk.services.errors``.

    One instance per credential: re-enrolment makes a new client with the new token.
    """

    def __init__(
        self,
        server_url: str,
        token: str | None = None,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.server_url = server_url.rstrip("/")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        # ``transport``: tests hand in an in-process ASGI transport to a fleet app.
        self._http = httpx.AsyncClient(
            base_url=self.server_url + API_PREFIX,
            headers=headers,
            timeout=timeout,
            transport=transport,
            # Drop an idle connection before the server does (uvicorn: 5 s), so a request
            # never goes out on a socket the server is just closing (a spurious ReadError).
            limits=httpx.Limits(keepalive_expiry=KEEPALIVE_SECONDS),
        )

    async def __aenter__(self) -> DeviceClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def enroll(self, request: EnrollRequest) -> EnrollResponse:
        """Exchange a one-time code for a credential; refusals raise :class:`EnrollmentError`."""
        response = await self._send("POST", "/enroll", request)
        if response.status_code >= 500:
            raise FleetUnreachableError(f"http_{response.status_code}")
        if response.status_code >= 400:
            raise EnrollmentError(_error_code(response))
        return self._parse(response, EnrollResponse)

    async def checkin(self, request: CheckInRequest) -> CheckInResponse:
        response = await self._send("POST", "/checkin", request)
        return self._parse(self._checked(response), CheckInResponse)

    async def send_result(self, command_id: int, result: CommandResult) -> None:
        """Report one command's outcome. Raises FleetRejectedError if the fleet refuses it."""
        response = await self._send("POST", f"/commands/{command_id}/result", result)
        self._checked(response)

    async def upload_events(self, batch: EventBatch) -> EventBatchResult:
        response = await self._send("POST", "/events", batch)
        return self._parse(self._checked(response), EventBatchResult)

    # --- visitor sessions -------------------------------------------------------------------------

    async def login(self, request: LoginRequest) -> SessionGrant:
        """Log a visitor in. A refusal raises :class:`FleetRejectedError` with the fleet's
        ``LoginRefusal`` code (and ``retry_after`` when the card is paused)."""
        response = await self._send("POST", "/sessions", request)
        return self._parse(self._checked(response), SessionGrant)

    async def extend(self, session_id: str, request: ExtendRequest) -> Extension:
        response = await self._send("POST", f"/sessions/{session_id}/extend", request)
        return self._parse(self._checked(response), Extension)

    async def end_session(self, session_id: str, report: SessionEnd) -> None:
        self._checked(await self._send("POST", f"/sessions/{session_id}/end", report))

    async def report_offline(self, report: OfflineSessionReport) -> None:
        self._checked(await self._send("POST", "/sessions/offline", report))

    async def account(self, session_id: str) -> PatronAccount:
        response = await self._get(f"/sessions/{session_id}/account")
        return self._parse(self._checked(response), PatronAccount)

    async def reservation_options(self, session_id: str) -> ReservationOptions:
        response = await self._get(f"/sessions/{session_id}/reservations/options")
        return self._parse(self._checked(response), ReservationOptions)

    async def reserve(self, session_id: str, request: ReservationRequest) -> ReservationMade:
        response = await self._send("POST", f"/sessions/{session_id}/reservations", request)
        return self._parse(self._checked(response), ReservationMade)

    # --- digital support --------------------------------------------------------------------------

    async def ask_for_help(self, request: HelpRequestCreate) -> HelpTicket:
        response = await self._send("POST", "/support/help", request)
        return self._parse(self._checked(response), HelpTicket)

    async def help_ticket(self, ticket_id: int) -> HelpTicket:
        response = await self._get(f"/support/help/{ticket_id}")
        return self._parse(self._checked(response), HelpTicket)

    async def cancel_help(self, ticket_id: int) -> HelpTicket:
        response = await self._post_empty(f"/support/help/{ticket_id}/cancel")
        return self._parse(self._checked(response), HelpTicket)

    async def support_slots(
        self, topic: SupportTopic, language: str, branch_id: str | None = None
    ) -> SlotList:
        params = {"topic": topic.value, "language": language}
        if branch_id is not None:
            params["branch"] = branch_id
        response = await self._get("/support/slots", params)
        return self._parse(self._checked(response), SlotList)

    async def book_adviser(self, request: BookingCreate) -> BookingConfirmation:
        response = await self._send("POST", "/support/bookings", request)
        return self._parse(self._checked(response), BookingConfirmation)

    # --- content --------------------------------------------------------------------------------

    async def content_manifest(self, installed_id: str | None) -> ManifestReply:
        """The assigned content manifest, asked conditionally on the installed one."""
        headers = {"If-None-Match": f'"{installed_id}"'} if installed_id else None
        try:
            response = await self._http.get(CONTENT_MANIFEST_PATH, headers=headers)
        except httpx.HTTPError as exc:
            raise FleetUnreachableError(type(exc).__name__) from exc
        if response.status_code in (204, 304):
            return ManifestReply(response.status_code)
        self._checked(response)
        if response.status_code != 200:
            raise FleetUnreachableError(f"http_{response.status_code}")
        etag = response.headers.get("ETag")
        return ManifestReply(200, response.content, etag.strip('"') if etag else None)

    @contextlib.asynccontextmanager
    async def content_blob(self, sha256: str, offset: int = 0) -> AsyncIterator[BlobDownload]:
        """Stream a blob from byte ``offset`` (a Range request resuming a cut download).

        A cut connection, a time-out or a 5xx, also while reading the chunks, raises
        :class:`FleetUnreachableError`: keep what arrived and resume from there.
        """
        # Identity: Range offsets then count the very bytes that are hashed and stored.
        headers = {"Accept-Encoding": "identity"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        path = CONTENT_BLOB_PATH.format(sha256=sha256)
        try:
            async with self._http.stream("GET", path, headers=headers) as response:
                if response.status_code >= 300:
                    await response.aread()
                    self._checked(response)
                    raise FleetUnreachableError(f"http_{response.status_code}")
                start = 0
                if response.status_code == 206:
                    match = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
                    if match is None or int(match.group(1)) > offset:
                        raise FleetUnreachableError("bad_range")
                    start = int(match.group(1))
                yield BlobDownload(start, response.aiter_bytes())
        except httpx.HTTPError as exc:
            raise FleetUnreachableError(type(exc).__name__) from exc

    async def _post_empty(self, path: str) -> httpx.Response:
        try:
            return await self._http.post(path)
        except httpx.HTTPError as exc:
            raise FleetUnreachableError(type(exc).__name__) from exc

    async def _get(self, path: str, params: dict[str, str] | None = None) -> httpx.Response:
        try:
            return await self._http.get(path, params=params)
        except httpx.HTTPError as exc:
            raise FleetUnreachableError(type(exc).__name__) from exc

    async def _send(self, method: str, path: str, body: BaseModel) -> httpx.Response:
        try:
            return await self._http.request(
                method,
                path,
                content=body.model_dump_json(),
                headers={"Content-Type": "application/json"},
            )
        except httpx.HTTPError as exc:
            # Connection refused, reset, timeout, protocol error: all mean "try again later".
            raise FleetUnreachableError(type(exc).__name__) from exc

    @staticmethod
    def _checked(response: httpx.Response) -> httpx.Response:
        if response.status_code == 503 and _error_code(response) in FLEET_ANSWERED_503:
            # The fleet answered; something behind it (the library system) did not.
            raise FleetRejectedError(503, _error_code(response))
        if response.status_code >= 500:
            raise FleetUnreachableError(f"http_{response.status_code}")
        if response.status_code == 401:
            code = _error_code(response)
            raise NotRegisteredError(code if code in NOT_REGISTERED_CODES else "device_unknown")
        if response.status_code >= 400:
            raise FleetRejectedError(
                response.status_code, _error_code(response), _retry_after(response)
            )
        return response

    @staticmethod
    def _parse(response: httpx.Response, model: type[_Reply]) -> _Reply:
        try:
            # Fields a newer fleet added are ignored: they must not stop this kiosk.
            return read_fleet_reply(model, response.content)
        except (ValidationError, json.JSONDecodeError) as exc:
            # A proxy's HTML error page or a half-deployed server: not our fault, retry later.
            raise FleetUnreachableError("bad_reply") from exc
