"""Operations endpoints, migrations on both databases, error bodies, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from alembic import command
from fastapi import FastAPI
from sqlalchemy import text

from fleet.db import alembic_config, create_db_engine
from fleet.protocol import API_PREFIX

pytestmark = pytest.mark.asyncio


async def test_metrics_and_openapi(client: httpx.AsyncClient) -> None:
    await client.get("/healthz")
    metrics = await client.get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    assert 'fleet_request_seconds_count{method="GET",route="/healthz"} 1.0' in metrics.text
    spec = (await client.get("/openapi.json")).json()
    assert f"{API_PREFIX}/checkin" in spec["paths"]
    assert spec["paths"][f"{API_PREFIX}/checkin"]["post"]["summary"]


async def test_readiness_fails_when_the_schema_is_behind(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    with app.state.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001_core'"))
    if app.state.migration_heads == {"0001_core"}:
        pytest.skip("no later migration to fall behind")
    reply = await client.get("/readyz")
    assert reply.status_code == 503
    assert reply.json()["code"] == "not_ready"


async def test_the_migrated_schema_matches_the_models(database_url: str) -> None:
    # Fails when a model changes without a migration (on SQLite and PostgreSQL alike).
    command.check(alembic_config(database_url))


async def test_errors_are_api_error_bodies(client: httpx.AsyncClient) -> None:
    cases = [
        (await client.get("/no/such/page"), 404, "not_found"),
        (await client.delete("/healthz"), 405, "method_not_allowed"),
        (
            await client.post(
                f"{API_PREFIX}/enroll",
                content=b'{"code": ',
                headers={"Content-Type": "application/json"},
            ),
            422,
            "invalid_request",
        ),
        (
            await client.post(
                f"{API_PREFIX}/enroll",
                json={"code": 12345678, "hostname": "-bad-", "machine_id": "x", "app_version": ""},
            ),
            422,
            "invalid_request",
        ),
        (
            await client.post(
                f"{API_PREFIX}/events",
                content=b"x" * 2_000_000,
                headers={"Content-Type": "application/json"},
            ),
            413,
            "payload_too_large",
        ),
        (
            await client.post(
                f"{API_PREFIX}/commands/abc/result",
                json={"status": "succeeded"},
                headers={"Authorization": "Bearer 1.xxxxxxxxxxxxxxxxxxxxxxxxx"},
            ),
            401,  # authentication comes before anything else is looked at
            "device_unknown",
        ),
    ]
    for reply, status, code in cases:
        assert (reply.status_code, reply.json()["code"]) == (status, code), reply.text
        assert set(reply.json()) == {"code", "message", "details"}
    # Validation details say where, never echo the input back.
    details = cases[3][0].json()["details"]
    assert details
    assert all(set(item) == {"loc", "msg", "type"} for item in details)


def _fleet(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fleet", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
async def test_cli_demo_data_and_enrolment_codes(tmp_path: Path) -> None:
    env = {"FLEET_DATA_DIR": str(tmp_path / "var"), "FLEET_DATABASE_URL": ""}
    assert _fleet("migrate", env=env).returncode == 0
    demo = _fleet("demo-data", env=env)
    assert demo.returncode == 0, demo.stderr
    assert "oodi" in demo.stdout
    assert "patron Aino" in demo.stdout
    assert "digital-card issuer key" in demo.stdout
    assert "already there" in _fleet("demo-data", env=env).stdout
    code = _fleet("enroll-code", "--branch", "kallio", "--uses", "5", env=env)
    assert code.returncode == 0, code.stderr
    assert len(code.stdout.strip()) == 9
    assert code.stdout.strip()[4] == "-"
    unknown = _fleet("enroll-code", "--branch", "atlantis", env=env)
    assert unknown.returncode == 1
    assert "atlantis" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    engine = create_db_engine(f"sqlite:///{tmp_path / 'var' / 'fleet.db'}", pooled=False)
    with engine.connect() as connection:
        names = connection.execute(text("SELECT name_sv FROM branch ORDER BY id")).scalars().all()
        holidays = connection.execute(text("SELECT count(*) FROM branch_hours_exception")).scalar()
        grouped = (
            connection.execute(text("SELECT id FROM branch WHERE group_id = 'centre' ORDER BY id"))
            .scalars()
            .all()
        )
    engine.dispose()
    assert "branch group centre" in demo.stdout
    assert grouped == ["kallio", "oodi"]
    assert names == [
        "Demobiblioteket",
        "Östra centrums bibliotek",
        "Berghälls bibliotek",
        "Centrumbiblioteket Ode",
    ]
    assert holidays == 3  # the demo library, open around the clock, has no holiday
