"""The service's own database: API keys and the audit log of every screening (SQLAlchemy 2).

A SQLite file by default (``<state_dir>/sanctions.sqlite``), PostgreSQL (or any SQLAlchemy
URL) when ``SANCTIONS_DATABASE_URL`` is set. Tables are created on first use.
"""

from service.db.models import ApiKey, Base, Screening
from service.db.session import Database, default_database_url

__all__ = ["ApiKey", "Base", "Database", "Screening", "default_database_url"]
