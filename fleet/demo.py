"""Demo data: Helsinki branches with real-looking hours, profiles, patrons and a card issuer.

Besides the three real-looking branches there is a "demo library" open around the clock,
where the demo kiosk is enrolled, so the demo works at any hour. The patrons exist only in
the local directory (``FLEET_PATRON_DIRECTORY=local``); their PINs are printed by the demo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from fleet.auth.passwords import Passwords
from fleet.branches import groups
from fleet.branches import service as branches
from fleet.branches.models import Branch, BranchGroup, Profile
from fleet.branches.schemas import BranchCreate, BranchGroupPut, GroupName, ProfileCreate
from fleet.cards import service as cards
from fleet.crypto import DataKeys
from fleet.patrons.local import add_patron
from fleet.patrons.models import Patron
from fleet.protocol import (
    DayHours,
    HoursException,
    LauncherApp,
    LocalizedText,
    OfflinePolicy,
    Policy,
    PowerSchedule,
)
from fleet.protocol.sessions import Hold, Loan, PatronCategory

ACTOR = "demo-data"
#: A branch group (a content channel) of the two central branches.
DEMO_GROUP = "centre"


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
        id="demo",
        name=LocalizedText(fi="Demokirjasto", sv="Demobiblioteket", en="Demo Library"),
        address="Open around the clock, for trying the kiosk out",
        weekly=[DayHours(opens=dt.time(0), closes=dt.time(0))] * 7,
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
        description="Customer PCs: one hour at a time, three hours a day; off at night.",
        policy=Policy(
            session_minutes=60,
            daily_minutes=180,
            idle_timeout_minutes=5,
            launcher_apps=[BROWSER, OFFICE],
            # The demo's own kiosk is at the library open around the clock: it never
            # switches off (and a demo kiosk only logs that it would).
            power=PowerSchedule(shutdown_after_closing_minutes=15, wake_before_opening_minutes=30),
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


@dataclass(frozen=True)
class DemoPatron:
    barcode: str
    pin: str
    first_name: str
    language: str
    category: PatronCategory = PatronCategory.ADULT
    blocked: bool = False
    fees_cents: int = 0
    loans: tuple[Loan, ...] = ()
    holds: tuple[Hold, ...] = ()


def demo_patrons(today: dt.date) -> list[DemoPatron]:
    """Patrons a newcomer can log in as (printed by the demo), and one blocked card."""
    return [
        DemoPatron(
            barcode="20001234",
            pin="1234",
            first_name="Aino",
            language="fi",
            fees_cents=250,
            loans=(
                Loan(title="Tuntematon sotilas", due=today + dt.timedelta(days=12)),
                Loan(
                    title="Muumipappa ja meri",
                    due=today - dt.timedelta(days=2),
                    overdue=True,
                ),
            ),
            holds=(
                Hold(
                    title="Kalevala (selkokielinen)",
                    ready=True,
                    pickup_location="Oodi",
                    pickup_by=today + dt.timedelta(days=5),
                ),
            ),
        ),
        DemoPatron(barcode="20005678", pin="5678", first_name="Bo", language="sv"),
        DemoPatron(
            barcode="20009999",
            pin="9999",
            first_name="Eeli",
            language="fi",
            category=PatronCategory.CHILD,
        ),
        DemoPatron(barcode="20000000", pin="0000", first_name="", language="fi", blocked=True),
    ]


def independence_day(today: dt.date) -> dt.date:
    """The next 6 December (Finland's Independence Day: libraries are closed)."""
    day = dt.date(today.year, 12, 6)
    return day if day >= today else dt.date(today.year + 1, 12, 6)


def load_demo_data(
    session: Session,
    today: dt.date | None = None,
    *,
    passwords: Passwords | None = None,
    keys: DataKeys | None = None,
) -> list[str]:
    """Create what is missing (safe to run twice); returns what it created.

    With ``passwords``, demo patrons are added to the local directory; with ``keys``, a
    digital-card issuer key is made so ``fleet cards issue`` can mint demo cards.
    """
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
        if data.id != "demo":
            branches.add_hours_exception(session, data.id, holiday, ACTOR)
        created.append(f"branch {data.id}")
    if session.get(BranchGroup, DEMO_GROUP) is None:
        groups.put_group(
            session,
            DEMO_GROUP,
            BranchGroupPut(
                name=GroupName(fi="Keskusta", sv="Centrum", en="City centre"),
                branches=["oodi", "kallio"],
            ),
            ACTOR,
        )
        created.append(f"branch group {DEMO_GROUP}")
    if passwords is not None:
        for patron in demo_patrons(today):
            if session.exec(select(Patron).where(Patron.barcode == patron.barcode)).first():
                continue
            add_patron(
                session,
                passwords,
                barcode=patron.barcode,
                pin=patron.pin,
                first_name=patron.first_name,
                language=patron.language,
                category=patron.category,
                blocked=patron.blocked,
                fees_cents=patron.fees_cents,
                loans=list(patron.loans),
                holds=list(patron.holds),
            )
            created.append(f"patron {patron.first_name or patron.barcode}")
    if keys is not None and cards.active_issuer_key(session) is None:
        cards.ensure_issuer_key(session, keys, ACTOR)
        created.append("digital-card issuer key")
    return created
