"""Prometheus metrics, one registry per app (no global registry: tests build many apps)."""

from __future__ import annotations

import time
from collections.abc import Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Seconds: a nudged kiosk fetches at once, a polling one within its interval (30 s), one
#: that was offline when the command was issued up to the command's time to live.
COMMAND_BUCKETS = (0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600, 6 * 3600, 86400)
#: Seconds, up to a week: a kiosk keeps its events while offline and uploads them later.
EVENT_LAG_BUCKETS = (1, 5, 15, 30, 60, 300, 900, 3600, 4 * 3600, 86400, 2 * 86400, 7 * 86400)


class FleetMetrics:
    """The fleet's counters and histograms, registered in a private registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.checkins = Counter(
            "fleet_checkins", "Device check-ins answered.", registry=self.registry
        )
        self.enrollments = Counter(
            "fleet_enrollments", "Enrolment attempts by result.", ["result"], registry=self.registry
        )
        self.commands = Counter(
            "fleet_commands",
            "Command state transitions by type and new status.",
            ["type", "status"],
            registry=self.registry,
        )
        self.events = Counter(
            "fleet_usage_events",
            "Usage events received, by result (accepted or duplicate).",
            ["result"],
            registry=self.registry,
        )
        self.logins = Counter(
            "fleet_patron_logins",
            "Visitor log-in attempts by method and result (granted or a refusal code).",
            ["method", "result"],
            registry=self.registry,
        )
        self.command_delivery_seconds = Histogram(
            "fleet_command_delivery_seconds",
            "From issuing a command to its first delivery to the kiosk, by command type.",
            ["type"],
            buckets=COMMAND_BUCKETS,
            registry=self.registry,
        )
        self.command_completion_seconds = Histogram(
            "fleet_command_completion_seconds",
            "From issuing a command to the kiosk's result, by command type and outcome.",
            ["type", "status"],
            buckets=COMMAND_BUCKETS,
            registry=self.registry,
        )
        self.event_upload_lag_seconds = Histogram(
            "fleet_event_upload_lag_seconds",
            "From a usage event happening on a kiosk to the fleet storing it.",
            buckets=EVENT_LAG_BUCKETS,
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "fleet_request_seconds",
            "HTTP request latency by route template.",
            ["method", "route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=self.registry,
        )

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class LatencyMiddleware:
    """Times every HTTP request under its route template (never the raw path: ids vary)."""

    def __init__(self, app: ASGIApp, metrics: FleetMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            self.metrics.request_seconds.labels(scope["method"], template).observe(
                time.perf_counter() - started
            )


class BodyLimitMiddleware:
    """Refuses bodies over ``limit`` bytes with 413 before anything parses them.

    ``larger`` gives routes that take big uploads (content bundles) their own limit, by
    path prefix; those endpoints read their body themselves, after authentication.
    """

    def __init__(self, app: ASGIApp, limit: int, larger: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.limit = limit
        self.larger = tuple((larger or {}).items())

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.larger:
            if path.startswith(prefix):
                return limit
        return self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"]) if self.larger else self.limit
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit() or int(value) > limit:
                    await _too_large(send, limit)
                    return
                break
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLargeError:
            await _too_large(send, limit)


class BodyTooLargeError(Exception):
    """A chunked body grew past the limit."""


async def _too_large(send: Send, limit: int) -> None:
    body = (
        b'{"code":"payload_too_large","message":"The request body is larger than '
        + str(limit).encode()
        + b' bytes.","details":null}'
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
