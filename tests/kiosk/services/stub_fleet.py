"""A scriptable device-API server on loopback, for replies the real fleet never gives.

Used where a test needs a precise misbehaviour (a 500, a poisoned batch, a garbled body);
everything the real fleet can do is tested against the real fleet (``live_fleet``).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from types import TracebackType

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from fleet.protocol import API_PREFIX

Handler = Callable[[Request, bytes], Awaitable[Response]]


def api_error(status: int, code: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": code}, status_code=status)


class StubFleet:
    """Serves ``handlers[(method, path)]`` under the device API prefix; records every request."""

    def __init__(self) -> None:
        self.handlers: dict[tuple[str, str], Handler] = {}
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self.url = ""

    async def _dispatch(self, request: Request) -> Response:
        body = await request.body()
        path = request.url.path.removeprefix(API_PREFIX)
        self.requests.append((request.method, path, dict(request.headers), body))
        handler = self.handlers.get((request.method, path))
        if handler is None:
            return api_error(404, "not_found")
        return await handler(request, body)

    def bodies(self, path: str) -> list[dict[str, object]]:
        return [json.loads(body) for _, p, _, body in self.requests if p == path]

    async def __aenter__(self) -> StubFleet:
        app = Starlette(
            routes=[Route(API_PREFIX + "/{rest:path}", self._dispatch, methods=["GET", "POST"])]
        )
        config = uvicorn.Config(
            app, host="127.0.0.1", port=0, log_level="warning", lifespan="off", ws="none"
        )
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)
        port = self._server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None
        assert self._task is not None
        self._server.should_exit = True
        await self._task
