"""The fleet server's composition root: ``create_app`` builds the one app with its parts."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import event
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from fleet.admin.branch_groups import router as branch_groups_admin_router
from fleet.admin.router import router as admin_router
from fleet.admin.visitors import router as visitors_router
from fleet.auth.passwords import Passwords
from fleet.content.admin_router import UPLOAD_PREFIXES
from fleet.content.admin_router import router as content_admin_router
from fleet.content.device_router import router as content_device_router
from fleet.content.housekeeping import ContentHousekeeping, PruneRules
from fleet.crypto import DataKeys
from fleet.db import Clock, create_db_engine, migration_heads, utcnow
from fleet.devices.census import DeviceCensus
from fleet.devices.checkin import CheckInService
from fleet.devices.nudges import NudgeHub, PgNudgeListener
from fleet.devices.router import HAND_PARSED_MODELS
from fleet.devices.router import router as device_router
from fleet.errors import FleetError
from fleet.ops.metrics import BodyLimitMiddleware, FleetMetrics, LatencyMiddleware
from fleet.ops.router import router as ops_router
from fleet.patrons.factory import deny_rules, open_directory
from fleet.patrons.throttle import ThrottleRule
from fleet.protocol import ApiError
from fleet.sessions.housekeeping import Housekeeping, RetentionRules
from fleet.sessions.router import router as sessions_router
from fleet.sessions.service import SessionRules, SessionService, VisitorReservations
from fleet.settings import Settings
from fleet.stats.jobs import StatsJobs
from fleet.stats.public_router import router as open_data_router
from fleet.support.device_router import router as booking_device_router
from fleet.support.notify import LoggingSmsNotifier, smtp_notifier
from fleet.support.public_router import ical_router
from fleet.support.public_router import router as booking_public_router
from fleet.support.queue_router import admin_router as help_admin_router
from fleet.support.queue_router import device_router as help_device_router
from fleet.support.reminders import ReminderJob
from fleet.support.retention import PersonalDataRetention
from fleet.web.branch_groups import router as web_branch_groups_router
from fleet.web.content import UPLOAD_PATH as WEB_UPLOAD_PATH
from fleet.web.content import router as web_content_router
from fleet.web.router import router as web_router
from fleet.web.stats import router as web_stats_router
from fleet.web.support import router as web_support_router
from fleet.web.visitors import router as web_visitors_router

log = logging.getLogger(__name__)

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}

TAGS = [
    {"name": "device API", "description": "What kiosks call: enrol, check in, results, events."},
    {"name": "operations", "description": "Liveness, readiness and Prometheus metrics."},
]


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the fleet app. The database must already be migrated (``fleet serve`` does it)."""
    settings = settings or Settings()
    clock = clock or utcnow
    url = settings.resolved_database_url()
    engine = create_db_engine(url)
    session_factory = sessionmaker(engine, class_=Session, expire_on_commit=False)
    on_postgres = engine.dialect.name == "postgresql"
    hub = NudgeHub(via_postgres=on_postgres)
    event.listen(session_factory, "before_commit", hub.before_commit)
    event.listen(session_factory, "after_commit", hub.after_commit)
    event.listen(session_factory, "after_rollback", hub.after_rollback)
    pg_listener = None
    if on_postgres:
        conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        pg_listener = PgNudgeListener(hub, conninfo)
    metrics = FleetMetrics()
    metrics.registry.register(DeviceCensus(engine, clock, settings.offline_factor))
    keys = DataKeys(settings.resolved_data_secret())
    checkins = CheckInService(
        engine,
        session_factory,
        clock,
        metrics,
        flush_seconds=settings.checkin_flush_seconds,
        keys=keys,
        offline_factor=settings.offline_factor,
    )
    passwords = Passwords()
    pins = Passwords.for_pins()
    directory = open_directory(settings, session_factory, pins, clock)
    pin_throttle = ThrottleRule(
        limit=settings.pin_failure_limit,
        window=dt.timedelta(minutes=settings.pin_failure_window_minutes),
    )
    housekeeping = Housekeeping(
        session_factory,
        RetentionRules(session_days=settings.session_retention_days, pin_throttle=pin_throttle),
        clock,
    )
    reminders = ReminderJob(
        session_factory,
        clock,
        keys,
        hours=settings.support_reminder_hours,
        email=smtp_notifier(settings.smtp_url.get_secret_value()),
        sms=LoggingSmsNotifier(),
    )
    booking_retention = PersonalDataRetention(
        session_factory, clock, days=settings.support_personal_data_days
    )
    stats_jobs = StatsJobs(
        session_factory,
        clock,
        retention_days=settings.event_retention_days,
        every=settings.stats_rollup_seconds,
    )
    content_housekeeping = ContentHousekeeping(
        session_factory,
        PruneRules(
            keep_versions=settings.content_keep_versions,
            blob_grace=dt.timedelta(hours=settings.content_blob_grace_hours),
        ),
        clock,
    )
    visitor_sessions = SessionService(
        session_factory,
        directory,
        keys,
        pins,
        clock,
        rules=SessionRules(
            deny=deny_rules(settings),
            pin_throttle=pin_throttle,
        ),
        metrics=metrics,
    )

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        hub.bind(asyncio.get_running_loop())
        await directory.start()
        stop = asyncio.Event()
        flusher = asyncio.create_task(checkins.run(stop), name="checkin-flusher")
        cleaner = asyncio.create_task(housekeeping.run(stop), name="retention")
        reminding = asyncio.create_task(reminders.run(stop), name="support-reminders")
        forgetting = asyncio.create_task(booking_retention.run(stop), name="support-retention")
        rolling_up = asyncio.create_task(stats_jobs.run(stop), name="stats-rollups")
        pruning = asyncio.create_task(content_housekeeping.run(stop), name="content-prune")
        listener = None
        if pg_listener is not None:
            listener = asyncio.create_task(pg_listener.run(stop), name="nudge-listener")
        try:
            yield
        finally:
            stop.set()
            await flusher  # writes what is still buffered
            await cleaner
            await reminding
            await forgetting
            await rolling_up
            await pruning
            if listener is not None:
                await listener
            checkins.close()
            await directory.close()
            engine.dispose()

    app = FastAPI(
        title="Library kiosk fleet",
        version="1",
        summary="Enrols library kiosks, hears check-ins, sends commands, stores usage events.",
        openapi_tags=TAGS,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.clock = clock
    app.state.engine = engine
    app.state.session_factory = session_factory
    app.state.hub = hub
    #: None on SQLite; on PostgreSQL its ``listening`` event is set once LISTEN is active.
    app.state.nudge_listener = pg_listener
    app.state.metrics = metrics
    app.state.checkins = checkins
    app.state.passwords = passwords
    app.state.pins = pins
    app.state.visitor_sessions = visitor_sessions
    app.state.visitor_reservations = VisitorReservations(session_factory, clock)
    app.state.data_keys = keys
    app.state.support_reminders = reminders
    app.state.support_retention = booking_retention
    app.state.content_housekeeping = content_housekeeping
    app.state.stats_jobs = stats_jobs
    app.state.migration_heads = migration_heads(url)

    _install_error_handlers(app)
    _document_models(app, HAND_PARSED_MODELS)
    app.include_router(ops_router)
    app.include_router(device_router)
    app.include_router(sessions_router)
    app.include_router(help_device_router)
    app.include_router(help_admin_router)
    app.include_router(booking_device_router)
    app.include_router(content_device_router)
    app.include_router(booking_public_router)
    app.include_router(ical_router)
    app.include_router(open_data_router)
    app.include_router(admin_router)
    app.include_router(branch_groups_admin_router)
    app.include_router(visitors_router)
    app.include_router(content_admin_router)
    app.include_router(web_router)
    app.include_router(web_branch_groups_router)
    app.include_router(web_visitors_router)
    app.include_router(web_support_router)
    app.include_router(web_stats_router)
    app.include_router(web_content_router)
    # Outermost first: the body limit runs before anything reads the body.
    app.add_middleware(LatencyMiddleware, metrics=metrics)
    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.max_body_bytes,
        # The web form's upload carries a little multipart framing around the archive.
        larger={
            **dict.fromkeys(UPLOAD_PREFIXES, settings.max_content_bytes),
            WEB_UPLOAD_PATH: settings.max_content_bytes + 64 * 1024,
        },
    )
    return app


def _document_models(app: FastAPI, models: tuple[type[BaseModel], ...]) -> None:
    """Add the schemas of request models that endpoints parse themselves to ``/openapi.json``."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()  # cached by FastAPI after the first call
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for model in models:
            schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, definition in schema.pop("$defs", {}).items():
                schemas.setdefault(name, definition)
            schemas.setdefault(model.__name__, schema)
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def _error(status: int, code: str, message: str, details: Any = None) -> JSONResponse:
    body = ApiError(code=code, message=message, details=details).model_dump(mode="json")
    return JSONResponse(body, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(FleetError)
    async def fleet_error(_request: Request, error: FleetError) -> JSONResponse:
        response = _error(error.status, error.code, error.message, error.details)
        if error.headers:
            response.headers.update(error.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        # Only where and what: never echo the input back (it may hold a code or a PIN).
        details = [
            {
                "loc": [str(part) for part in item.get("loc", ())],
                "msg": str(item.get("msg", "")),
                "type": str(item.get("type", "")),
            }
            for item in error.errors()
        ]
        return _error(422, "invalid_request", "The request is not valid.", details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(error.status_code, "http_error")
        response = _error(error.status_code, code, str(error.detail))
        if error.headers:
            response.headers.update(error.headers)
        return response

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, error: Exception) -> JSONResponse:
        log.error("unhandled error: %s", type(error).__name__, exc_info=error)
        return _error(500, "internal_error", "Something went wrong on the server.")
