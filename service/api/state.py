"""What one API app holds: settings, the engine holder, the database, audit log and auth."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry

from service.api.auth import Authenticator
from service.api.holder import EngineHolder
from service.db.audit import AuditLog
from service.db.session import Database
from service.settings import Settings
from service.store.definitions import ListDefinition


@dataclass
class ServiceState:
    settings: Settings
    holder: EngineHolder
    db: Database
    audit: AuditLog
    auth: Authenticator
    definitions: dict[str, ListDefinition] = field(default_factory=dict)
    metrics: CollectorRegistry = field(default_factory=CollectorRegistry)
