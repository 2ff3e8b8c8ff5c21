"""The database connection: default SQLite file, PostgreSQL by URL, tables created on open."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from service.db.models import Base
from service.settings import Settings

DB_FILE = "sanctions.sqlite"


def default_state_dir() -> Path:
    """``$XDG_DATA_HOME/sanctions-screen``, else ``~/.local/share/sanctions-screen``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sanctions-screen"


def default_database_url(settings: Settings) -> str:
    """The configured URL, else a SQLite file ``<state_dir>/sanctions.sqlite``."""
    if settings.database_url:
        return normalise_url(settings.database_url)
    state = settings.state_dir or default_state_dir()
    state.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(state / DB_FILE).resolve()}"


def normalise_url(url: str) -> str:
    """Plain ``postgresql://`` / ``postgres://`` URLs use the psycopg 3 driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _json(value: object) -> str:
    return orjson.dumps(value).decode()


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI callback
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # an audit record survives a power cut
    cursor.execute("PRAGMA busy_timeout=30000")  # several server workers share the file
    cursor.close()


class Database:
    """One SQLAlchemy engine and session factory; ``create_all`` on open."""

    def __init__(self, url: str):
        self.url = normalise_url(url)
        parsed = make_url(self.url)
        self.dialect = parsed.get_backend_name()
        kwargs: dict[str, object] = {
            "json_serializer": _json,
            "json_deserializer": orjson.loads,
            "future": True,
        }
        if self.dialect == "sqlite":
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        Base.metadata.create_all(self.engine)

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(default_database_url(settings))

    def session(self) -> Session:
        return self.sessions()

    def describe(self) -> str:
        """The URL without its password, for logs and the start banner."""
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()
