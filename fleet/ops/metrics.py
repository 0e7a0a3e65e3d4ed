"""Prometheus metrics, one registry per app (no global registry: tests build many apps)."""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send


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
    """Refuses bodies over ``limit`` bytes with 413 before anything parses them."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit() or int(value) > self.limit:
                    await _too_large(send, self.limit)
                    return
                break
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLargeError
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLargeError:
            await _too_large(send, self.limit)


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
