"""Fuzz every operation from the OpenAPI schema (schemathesis): no input may cause a 500,
and every answer matches the documented schema. Positive and negative examples, bounded."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from service.api import create_app
from service.db.session import Database
from service.engine.loader import load_engine
from service.settings import Settings

_STATE = Path(tempfile.mkdtemp(prefix="sanctions-fuzz-"))
atexit.register(shutil.rmtree, _STATE, ignore_errors=True)
_SETTINGS = Settings(
    auth=False,
    state_dir=_STATE,
    reload_interval=0,
    max_body_bytes=200_000,
    database_url=f"sqlite:///{_STATE / 'fuzz.sqlite'}",
)
APP = create_app(
    _SETTINGS,
    engine=load_engine(Settings()),
    database=Database(_SETTINGS.database_url),
    watch=False,
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
schema.config.generation.update(max_examples=100, deterministic=True, database="none")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@schema.parametrize()
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_fuzz_api(case):
    case.call_and_validate(checks=CHECKS)


_JSON = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_QUERY = st.fixed_dictionaries(
    {"name": st.text(max_size=40)},
    optional={
        "type": st.sampled_from(["person", "vessel", "any", "x"]),
        "birth_date": st.text(max_size=12),
        "country": st.text(max_size=12),
        "id": st.text(max_size=8) | st.integers(),
        "identifiers": st.lists(
            st.fixed_dictionaries(
                {"value": st.text(max_size=12)},
                optional={"type": st.sampled_from(["passport", "imo", "?"])},
            ),
            max_size=3,
        ),
    },
)
_BODIES = (
    st.binary(max_size=64)
    | _JSON.map(lambda v: json.dumps(v).encode())
    | st.fixed_dictionaries(
        {"queries": st.lists(_QUERY, min_size=1, max_size=3)},
        optional={"threshold": _JSON, "limit": _JSON, "lists": _JSON},
    ).map(lambda v: json.dumps(v).encode())
)


@given(body=_BODIES)
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_any_body_gets_a_clear_answer(body: bytes):
    response = _CLIENT.post(
        "/v1/screen", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code in (200, 413, 422), (body, response.text)
    if response.status_code != 200:
        detail = response.json()["detail"]
        assert isinstance(detail, str) and detail
    else:
        assert response.json()["receipt"]["query_count"] >= 1


_CLIENT = TestClient(APP)
