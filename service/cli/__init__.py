"""The ``sanctions-screen`` command line: one settings object, one engine, many faces.

Each face's commands live in their own module here and register on the shared Typer ``app``.
"""

from __future__ import annotations

import importlib
import pkgutil

from service.cli.common import app

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "common":
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["app"]
