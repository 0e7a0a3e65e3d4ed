"""Direct access to a test's fleet database: make branches and codes without the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session

from fleet.branches import service as branches
from fleet.branches.schemas import BranchCreate, ProfileCreate
from fleet.db import create_db_engine
from fleet.devices import service as devices
from fleet.protocol import DayHours, LocalizedText, Policy

WEEKDAY_HOURS = [DayHours(opens=dt.time(9), closes=dt.time(20))] * 5 + [
    DayHours(opens=dt.time(10), closes=dt.time(16)),
    DayHours(),
]
#: Open around the clock (00:00-00:00 every day): for tests that run on the real clock.
ALWAYS_OPEN = [DayHours(opens=dt.time(0), closes=dt.time(0))] * 7


class FleetDb:
    """A small helper around one database URL. Every call commits its own transaction."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = create_db_engine(url, pooled=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success (like a request's)."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session
            session.commit()

    def session_factory(self) -> Session:
        """A bare session, for services that open and commit their own (``run_in_transaction``)."""
        return Session(self.engine, expire_on_commit=False)

    def create_branch(
        self,
        branch_id: str = "oodi",
        *,
        policy: Policy | None = None,
        actor: str = "test",
        weekly: list[DayHours] | None = None,
    ) -> str:
        """A branch with weekday hours (or ``weekly``); with ``policy``, also a profile."""
        with self.session() as session:
            profile_id = None
            if policy is not None:
                profile = branches.create_profile(
                    session, ProfileCreate(name=f"{branch_id}-profile", policy=policy), actor
                )
                profile_id = profile.id
            branches.create_branch(
                session,
                BranchCreate(
                    id=branch_id,
                    name=LocalizedText(
                        fi=f"{branch_id} fi", sv=f"{branch_id} sv", en=f"{branch_id} en"
                    ),
                    address="Testikatu 1, Helsinki",
                    weekly=weekly or WEEKDAY_HOURS,
                    profile_id=profile_id,
                ),
                actor,
            )
        return branch_id

    def enrollment_code(
        self,
        branch_id: str = "oodi",
        *,
        uses: int = 1,
        ttl: dt.timedelta = devices.DEFAULT_ENROLLMENT_CODE_TTL,
        now: dt.datetime | None = None,
    ) -> str:
        """A fresh code (``XXXX-XXXX``) for an existing branch."""
        with self.session() as session:
            return devices.create_enrollment_code(session, branch_id, "test", ttl, uses, now=now)

    def dispose(self) -> None:
        self.engine.dispose()
