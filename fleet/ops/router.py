"""Liveness, readiness and metrics endpoints for load balancers and Prometheus."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from fleet.db import current_revisions
from fleet.errors import FleetError

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: str


@router.get("/healthz", summary="Liveness: the process answers", response_model=Health)
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    summary="Readiness: the database answers and its schema is at the newest migration",
    response_model=Health,
    responses={503: {"description": "Not ready (database down or schema out of date)"}},
)
async def readyz(request: Request) -> Health:
    state = request.app.state
    try:
        current = await run_in_threadpool(current_revisions, state.engine)
    except SQLAlchemyError as error:
        raise FleetError("not_ready", "The database cannot be reached.", 503) from error
    if current != state.migration_heads:
        raise FleetError("not_ready", "The database schema is not at the newest migration.", 503)
    return Health(status="ready")


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}},
)
async def metrics(request: Request) -> Response:
    # On a worker thread: the device census collector queries the database.
    body = await run_in_threadpool(request.app.state.metrics.exposition)
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")
