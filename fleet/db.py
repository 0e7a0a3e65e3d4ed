"""Database plumbing: engines, the request session, UTC timestamps and Alembic migrations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi import Depends, Request
from sqlalchemy import DateTime, Engine, Float, create_engine, event, text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.pool import NullPool
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session

T = TypeVar("T")

#: Returns "now" as an aware UTC datetime. Injected so tests can move time without sleeping.
Clock = Callable[[], dt.datetime]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
ALEMBIC_INI = Path(__file__).with_name("alembic.ini")


def utcnow() -> dt.datetime:
    """The real clock."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every dialect (SQLite has no time zones: store naive UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class seconds_between(FunctionElement[float]):  # noqa: N801 (used like a SQL function)
    """SQL ``later - earlier`` in seconds, for two ``UTCDateTime`` values.

    Exact to the microsecond on PostgreSQL; to the millisecond on SQLite, whose date
    functions count whole milliseconds (rounded, so float error cannot tip a comparison).
    """

    type = Float()
    name = "seconds_between"
    inherit_cache = True


@compiles(seconds_between, "postgresql")
def _seconds_between_postgresql(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"


@compiles(seconds_between, "sqlite")
def _seconds_between_sqlite(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(ROUND((julianday({later}) - julianday({earlier})) * 86400000.0) / 1000.0)"


def hold_advisory_lock(session: Session, key: int, *, exclusive: bool) -> None:
    """Take PostgreSQL's transaction-scoped advisory lock ``key`` (shared or exclusive); it is
    released when the transaction ends. A no-op on SQLite, which has one writer anyway."""
    if session.get_bind().dialect.name == "postgresql":
        function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        session.execute(text(f"SELECT {function}(:key)"), {"key": key})


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_db_engine(url: str, *, pooled: bool = True) -> Engine:
    """An engine with the pragmas and pool the fleet needs on SQLite or PostgreSQL.

    ``pooled=False`` suits one-shot work (migrations, the CLI): no connections linger.
    """
    if is_sqlite(url) and url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if not pooled:
        engine = create_engine(url, poolclass=NullPool)
        if is_sqlite(url):
            event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if is_sqlite(url):
        engine = create_engine(
            url,
            # Worker threads share the pool; SQLite serialises writers itself (busy_timeout).
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=16,
            max_overflow=48,
            pool_timeout=60,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_size=10, max_overflow=30, pool_pre_ping=True, pool_timeout=60)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the single writer; NORMAL is durable across app crashes in
    # WAL mode (only an OS crash can lose the last transactions), which suits check-in state.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def get_session(request: Request) -> Iterator[Session]:
    """The request's session: committed when the endpoint returns, rolled back on any error.

    Services never commit; this dependency is the one place a request's work becomes durable.
    """
    factory: Callable[[], Session] = request.app.state.session_factory
    with factory() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


#: Use in endpoints: ``session: SessionDep``. ``scope="function"`` commits before the reply
#: is sent, so a client that got 200 can rely on the write being visible.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def alembic_config(url: str) -> Config:
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # "%" is interpolation syntax in ini values; URLs may carry percent-escapes.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str) -> None:
    """Bring the database at ``url`` up to the newest schema."""
    command.upgrade(alembic_config(url), "head")


def migration_heads(url: str) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(url)).get_heads())


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def get_clock(request: Request) -> Clock:
    """FastAPI dependency: the app's clock (a fake one in tests)."""
    clock: Clock = request.app.state.clock
    return clock


def run_in_transaction(factory: Callable[[], Session], work: Callable[[Session], T]) -> T:
    """Run ``work`` in a new session and commit it, all on the calling thread.

    Endpoints under write contention use this through ``run_in_threadpool`` instead of
    ``SessionDep``: the dependency commits in a *second* worker-thread call, so when every
    worker thread is busy waiting for SQLite's write lock, the holder of that lock cannot
    get a thread to commit and everyone waits out the busy timeout.
    """
    with factory() as session:
        try:
            result = work(session)
            session.commit()
        except BaseException:
            session.rollback()
            raise
        return result
