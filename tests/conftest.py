"""Shared fixtures. Real list files come from ../shared (or $SANCTIONS_SHARED_DIR).

Under CI (CI=true) missing shared data is an error, never a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SANCTIONS_SHARED_DIR", REPO.parent / "shared")).resolve()


def _require(path: Path) -> Path:
    if path.exists():
        return path
    message = f"shared test data missing: {path} (set SANCTIONS_SHARED_DIR)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _require(SHARED)


@pytest.fixture(scope="session")
def watchlists_dir() -> Path:
    """The real official list files (read-only)."""
    return _require(SHARED / "watchlists")


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    return _require(SHARED / "eval")


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return _require(SHARED / "samples")


@pytest.fixture(scope="session")
def full_engine(watchlists_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """One engine over every list in ../shared/watchlists, built once per test session."""
    from service.engine.screen import Engine
    from service.store.catalog import load_catalog

    return Engine(load_catalog(watchlists_dir, tmp_path_factory.mktemp("engine-cache")))


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to test a compiled scorer built from other source than the files here."""
    from service.matching.build import scorer_build

    stale = scorer_build()["stale"]
    if stale:
        pytest.exit(
            f"compiled scorer modules are stale ({', '.join(stale)}): their source changed "
            "since `pip install -e .`; run it again (or install with SANCTIONS_PURE_PYTHON=1)",
            returncode=2,
        )
