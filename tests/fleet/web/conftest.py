"""Fixtures for the web UI tests: accounts, and browsers-in-miniature (httpx with cookies)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from fleet.auth.models import Role
from tests.fleet.admin.helpers import PASSWORDS, USERNAMES, install
from tests.support.fleetdb import FleetDb

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')

WebClient = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


def csrf_of(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "page has no CSRF field"
    return match.group(1)


async def sign_in(http: httpx.AsyncClient, role: Role) -> httpx.Response:
    """Sign in through the real form; returns the reply to the form's POST."""
    page = await http.get("/admin/login")
    return await http.post(
        "/admin/login",
        data={
            "username": USERNAMES[role],
            "password": PASSWORDS[role],
            "csrf_token": csrf_of(page.text),
            "next": "/admin/devices",
        },
    )


@pytest.fixture
def people(app: FastAPI, fleet_db: FleetDb) -> dict[Role, str]:
    return install(app, fleet_db)


@pytest.fixture
def web(app: FastAPI, people: dict[Role, str]) -> WebClient:
    """``async with web(Role.STAFF) as http:`` a client signed in as that role (or anonymous)."""

    @asynccontextmanager
    async def open_client(
        role: Role | None = None, **headers: str
    ) -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://fleet.test", headers=headers
        ) as http:
            if role is not None:
                reply = await sign_in(http, role)
                assert reply.status_code == 303, reply.text
            yield http

    return open_client
