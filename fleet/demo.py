"""Demo data: three Helsinki branches with real-looking hours and two configuration profiles."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from fleet.branches import service as branches
from fleet.branches.models import Branch, Profile
from fleet.branches.schemas import BranchCreate, ProfileCreate
from fleet.protocol import (
    DayHours,
    HoursException,
    LauncherApp,
    LocalizedText,
    OfflinePolicy,
    Policy,
)

ACTOR = "demo-data"


def _hours(opens: int, closes: int) -> DayHours:
    return DayHours(opens=dt.time(opens), closes=dt.time(closes))


CLOSED = DayHours()

BRANCHES = [
    BranchCreate(
        id="oodi",
        name=LocalizedText(
            fi="Keskustakirjasto Oodi", sv="Centrumbiblioteket Ode", en="Central Library Oodi"
        ),
        address="Töölönlahdenkatu 4, 00100 Helsinki",
        weekly=[_hours(8, 22)] * 5 + [_hours(10, 20)] * 2,
    ),
    BranchCreate(
        id="kallio",
        name=LocalizedText(fi="Kallion kirjasto", sv="Berghälls bibliotek", en="Kallio Library"),
        address="Viides linja 11, 00530 Helsinki",
        weekly=[_hours(9, 20)] * 4 + [_hours(9, 16), _hours(10, 16), CLOSED],
    ),
    BranchCreate(
        id="itakeskus",
        name=LocalizedText(
            fi="Itäkeskuksen kirjasto", sv="Östra centrums bibliotek", en="Itäkeskus Library"
        ),
        address="Turunlinnantie 1, 00930 Helsinki",
        weekly=[_hours(9, 20)] * 4 + [_hours(9, 18), _hours(10, 16), _hours(12, 16)],
    ),
]

BROWSER = LauncherApp(
    id="browser",
    name=LocalizedText(fi="Verkkoselain", sv="Webbläsare", en="Web browser"),
    command=["chromium", "--incognito"],
)
OFFICE = LauncherApp(
    id="office",
    name=LocalizedText(fi="Toimisto-ohjelmat", sv="Kontorsprogram", en="Office programs"),
    command=["libreoffice", "--nologo"],
)

PROFILES = [
    ProfileCreate(
        name="Standard",
        description="Customer PCs: one hour at a time, three hours a day.",
        policy=Policy(
            session_minutes=60,
            daily_minutes=180,
            idle_timeout_minutes=5,
            launcher_apps=[BROWSER, OFFICE],
        ),
    ),
    ProfileCreate(
        name="Quick use",
        description="Stand-up PCs by the entrance: 15 minutes, browser only.",
        policy=Policy(
            session_minutes=15,
            daily_minutes=60,
            idle_timeout_minutes=2,
            launcher_apps=[BROWSER],
            offline=OfflinePolicy(session_minutes=15),
        ),
    ),
]


def independence_day(today: dt.date) -> dt.date:
    """The next 6 December (Finland's Independence Day: libraries are closed)."""
    day = dt.date(today.year, 12, 6)
    return day if day >= today else dt.date(today.year + 1, 12, 6)


def load_demo_data(session: Session, today: dt.date | None = None) -> list[str]:
    """Create what is missing (safe to run twice); returns what it created."""
    today = today or dt.date.today()
    created: list[str] = []
    profiles: dict[str, int] = {}
    for profile_data in PROFILES:
        profile = session.exec(select(Profile).where(Profile.name == profile_data.name)).first()
        if profile is None:
            profile = branches.create_profile(session, profile_data, ACTOR)
            created.append(f"profile {profile_data.name}")
        assert profile.id is not None
        profiles[profile_data.name] = profile.id
    holiday = HoursException(
        date=independence_day(today),
        note=LocalizedText(
            fi="Itsenäisyyspäivä: kirjasto on suljettu.",
            sv="Självständighetsdagen: biblioteket är stängt.",
            en="Independence Day: the library is closed.",
        ),
    )
    for data in BRANCHES:
        if session.get(Branch, data.id) is not None:
            continue
        profile_name = "Quick use" if data.id == "itakeskus" else "Standard"
        branches.create_branch(
            session, data.model_copy(update={"profile_id": profiles[profile_name]}), ACTOR
        )
        branches.add_hours_exception(session, data.id, holiday, ACTOR)
        created.append(f"branch {data.id}")
    return created
