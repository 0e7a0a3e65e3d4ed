"""``fleet advisers ...``: adviser profiles and weekly availability from the command line.

For IT automation and the demo; advisers keep their own availability in ``/support/``.

    fleet advisers add --username aino --name Aino --branch oodi [--topics all]
                       [--languages fi,sv,en] [--place "2nd floor, digital support desk"]
    fleet advisers rule --username aino --branch oodi --days mon-fri --from 09:00 --to 16:00
                        [--slot 45] [--buffer 15] [--capacity 1] [--notice 120] [--horizon 28]
    fleet advisers list
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from pydantic import ValidationError
from sqlmodel import Session, select

from fleet.auth.models import User
from fleet.db import create_db_engine, migrate
from fleet.errors import FleetError
from fleet.protocol.support import SupportTopic
from fleet.settings import Settings
from fleet.support import advisers

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def add_advisers_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``advisers`` and its sub-commands on the ``fleet`` command's sub-parsers."""
    parser = subparsers.add_parser("advisers", help="digital-support advisers and availability")
    commands = parser.add_subparsers(dest="advisers_command", required=True, metavar="COMMAND")

    add = commands.add_parser("add", help="an adviser profile for a user with the adviser role")
    add.add_argument("--username", required=True)
    add.add_argument("--name", required=True, help="first name shown to visitors")
    add.add_argument("--branch", action="append", required=True, help="repeat for several")
    add.add_argument("--topics", default="all", help="comma-separated topics, or all")
    add.add_argument("--languages", default="fi,sv,en", help="comma-separated: fi,sv,en")
    add.add_argument("--place", default="", help="where visitors meet the adviser")
    add.set_defaults(func=add_command)

    rule = commands.add_parser("rule", help="add a weekly availability rule")
    rule.add_argument("--username", required=True)
    rule.add_argument("--branch", required=True)
    rule.add_argument("--days", required=True, help="mon-fri, sat, mon,wed,fri ...")
    rule.add_argument("--from", dest="starts", required=True, type=_clock, metavar="HH:MM")
    rule.add_argument("--to", dest="ends", required=True, type=_clock, metavar="HH:MM")
    rule.add_argument("--slot", type=int, default=45, help="minutes per appointment")
    rule.add_argument("--buffer", type=int, default=15, help="minutes between appointments")
    rule.add_argument("--capacity", type=int, default=1, help="visitors per appointment")
    rule.add_argument("--notice", type=int, default=120, help="minutes of notice needed")
    rule.add_argument("--horizon", type=int, default=28, help="days ahead one can book")
    rule.set_defaults(func=rule_command)

    commands.add_parser("list", help="advisers and their rules").set_defaults(func=list_command)


def _clock(text: str) -> dt.time:
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time like 09:30") from None


def parse_days(text: str) -> list[int]:
    """``mon-fri`` -> [0..4]; ``sat,sun`` -> [5, 6]."""
    days: list[int] = []
    for part in text.lower().split(","):
        first, _, last = part.strip().partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise ValueError(f"{part!r}: use mon, tue, wed, thu, fri, sat, sun or a range")
        start = WEEKDAYS.index(first)
        end = WEEKDAYS.index(last) if last else start
        days.extend(range(start, end + 1))
    return sorted(set(days))


def _adviser_id(session: Session, username: str) -> int:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or user.id is None:
        raise FleetError("user_not_found", f"There is no user {username!r}.", 404)
    return user.id


def _run(work: object) -> int:
    url = Settings().resolved_database_url()
    migrate(url)
    engine = create_db_engine(url, pooled=False)
    try:
        with Session(engine) as session:
            assert callable(work)
            work(session)
            session.commit()
    except (ValidationError, ValueError) as error:
        print(f"fleet advisers: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


def add_command(args: argparse.Namespace) -> int:
    topics = (
        list(SupportTopic)
        if args.topics == "all"
        else [SupportTopic(topic.strip()) for topic in args.topics.split(",")]
    )

    def work(session: Session) -> None:
        data = advisers.AdviserCreate(
            display_name=args.name,
            branches=args.branch,
            topics=topics,
            languages=[language.strip() for language in args.languages.split(",")],
            place=args.place,
        )
        advisers.create_profile(session, _adviser_id(session, args.username), data, "cli")
        print(f"adviser {args.username} ({args.name}) added")

    return _run(work)


def rule_command(args: argparse.Namespace) -> int:
    def work(session: Session) -> None:
        adviser_id = _adviser_id(session, args.username)
        for weekday in parse_days(args.days):
            rule = advisers.RuleIn(
                branch_id=args.branch,
                weekday=weekday,
                starts=args.starts,
                ends=args.ends,
                slot_minutes=args.slot,
                buffer_minutes=args.buffer,
                capacity=args.capacity,
                min_notice_minutes=args.notice,
                horizon_days=args.horizon,
            )
            advisers.add_rule(session, adviser_id, rule, "cli")
        print(f"availability added for {args.username}: {args.days} {args.starts}-{args.ends}")

    return _run(work)


def list_command(_args: argparse.Namespace) -> int:
    def work(session: Session) -> None:
        for profile in advisers.list_profiles(session):
            state = "active" if profile.active else "inactive"
            print(f"{profile.display_name} ({state}): {', '.join(profile.branches)}")
            for rule in advisers.list_rules(session, profile.user_id):
                print(
                    f"  {WEEKDAYS[rule.weekday]} {rule.starts:%H:%M}-{rule.ends:%H:%M} "
                    f"at {rule.branch_id}, {rule.slot_minutes} min"
                )

    return _run(work)
