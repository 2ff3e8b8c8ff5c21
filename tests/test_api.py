"""REST API: screening, receipts, records, lists, health and metrics (demo list, SQLite)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from service.api.render import list_dict
from service.store.definitions import ListDefinition

pytest_plugins = ["api_support"]

SECHIN = {"name": "Igor Sechin", "type": "person", "birth_date": "1960", "country": "Russia"}


def _screen(client, *queries, **extra):
    return client.post("/v1/screen", json={"queries": list(queries), **extra})


def test_screen_returns_explained_hits_and_a_receipt(make_client):
    client = make_client()
    response = _screen(client, {**SECHIN, "id": "c-1"})
    assert response.status_code == 200
    data = response.json()
    result = data["results"][0]
    assert (result["index"], result["id"], result["name"], result["alert"]) == (
        0,
        "c-1",
        "Igor Sechin",
        True,
    )
    hit = result["hits"][0]
    assert hit["entity_id"] == "demo:sechin" and hit["list_id"] == "demo"
    assert hit["schema"] == "person" and hit["name"] == "Igor Ivanovich SECHIN"
    assert hit["matched_name"] == "SECHIN, Igor" and hit["score"] == 1.0 and hit["alert"]
    assert hit["programs"] == ["UKRAINE-EO13661", "RUSSIA-EO14024"]
    assert hit["listed_on"] == "2014-04-28" and hit["countries"] == ["RU"]
    assert hit["birth_dates"] == ["1960-09-07"]
    assert hit["source_url"].endswith("id=16692")
    features = {q["feature"]: q["outcome"] for q in hit["explanation"]["qualifiers"]}
    assert features == {"birth_date": "match", "country": "match"}
    assert "Listed as 'Igor Ivanovich SECHIN'" in hit["explanation"]["summary"]
    receipt = data["receipt"]
    assert response.headers["x-receipt-id"] == receipt["receipt_id"]
    assert receipt["lists"] == [
        {
            "list_id": "demo",
            "version": "2026-11-01",
            "published": "2026-11-01",
            "content_hash": receipt["lists"][0]["content_hash"],
            "entity_count": 13,
            "format": "custom",
        }
    ]
    assert len(receipt["lists"][0]["content_hash"]) == 64
    assert receipt["threshold"] == 0.7 and receipt["engine_version"] == "0.1.0"
    assert receipt["settings"]["limit"] == 10 and receipt["alert_count"] == 1


def test_same_request_same_answer(make_client):
    client = make_client()
    body = {"queries": [SECHIN, {"name": "Oleg Deripaska"}, {"name": "Nobody Atall"}], "limit": 5}
    first, second = (client.post("/v1/screen", json=body).json() for _ in range(2))
    assert first["results"] == second["results"]
    r1, r2 = first["receipt"], second["receipt"]
    assert r1["receipt_id"] != r2["receipt_id"]
    strip = {"receipt_id", "created_at"}
    assert {k: v for k, v in r1.items() if k not in strip} == {
        k: v for k, v in r2.items() if k not in strip
    }
    assert first["results"][2]["hits"] == [] or not first["results"][2]["alert"]


def test_threshold_limit_and_list_filter(make_client):
    client = make_client()
    strict = _screen(client, {"name": "Igor Sechn"}, threshold=1.0).json()
    assert strict["results"][0]["hits"] and not strict["results"][0]["alert"]
    assert strict["receipt"]["threshold"] == 1.0
    limited = _screen(client, {"name": "Vladimir"}, limit=1).json()
    assert len(limited["results"][0]["hits"]) <= 1
    only = _screen(client, {"name": "Igor Sechin"}, lists=["demo"]).json()
    assert only["receipt"]["settings"]["lists"] == ["demo"]
    unknown = _screen(client, {"name": "Igor Sechin"}, lists=["nope"])
    assert unknown.status_code == 422
    assert "unknown list id(s) 'nope'" in unknown.json()["detail"]
    assert "loaded: demo" in unknown.json()["detail"]


def test_min_score_leaves_out_unrelated_names_but_never_an_alert(make_client):
    client = make_client()
    query = {"name": "Igor Petrov"}  # shares only a given name with Igor Sechin
    every = _screen(client, query, min_score=0).json()
    scores = [h["score"] for h in every["results"][0]["hits"]]
    assert scores and min(scores) < 0.5  # the demo list's unrelated names, scored low
    default = _screen(client, query).json()
    kept = [h["score"] for h in default["results"][0]["hits"]]
    assert kept == [s for s in scores if s >= 0.5]
    assert default["receipt"]["settings"]["min_score"] == 0.5
    assert every["receipt"]["settings"]["min_score"] == 0
    # A floor above the threshold is capped at it: every alert is still reported.
    low = _screen(client, {"name": "Igor Sechn"}, threshold=0.6, min_score=0.95).json()
    hits = low["results"][0]["hits"]
    assert hits and all(h["score"] >= 0.6 for h in hits) and hits[0]["alert"]
    assert low["receipt"]["settings"]["min_score"] == 0.6
    assert _screen(client, query, min_score=1.5).status_code == 422


def test_identifiers_and_batches_screened_in_the_threadpool(make_client):
    client = make_client()
    queries = [
        {"name": f"Person Number {i}", "identifiers": [{"value": f"X{i:05d}"}]} for i in range(999)
    ] + [SECHIN]
    data = _screen(client, *queries).json()
    assert len(data["results"]) == 1000 and data["receipt"]["query_count"] == 1000
    assert data["results"][999]["hits"][0]["entity_id"] == "demo:sechin"
    assert [r["index"] for r in data["results"]] == list(range(1000))


def test_limits_say_which_limit(make_client):
    client = make_client(max_body_bytes=300_000)
    too_many = _screen(client, *[{"name": "A B"}] * 1001)
    assert too_many.status_code == 422
    assert "at most 1000 queries per request" in too_many.json()["detail"]
    long_name = _screen(client, {"name": "x" * 501})
    assert long_name.status_code == 422
    assert "queries[0].name is too long (501 characters)" in long_name.json()["detail"]
    assert "at most 500 characters per name" in long_name.json()["detail"]
    big = client.post(
        "/v1/screen",
        content=b'{"queries": [' + b" " * 300_001 + b"]}",
        headers={"content-type": "application/json"},
    )
    assert big.status_code == 413
    assert "the limit is 300000 bytes" in big.json()["detail"]

    def chunks():
        for _ in range(400):
            yield b" " * 1000

    streamed = client.post(
        "/v1/screen", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413 and "max_body_bytes" in streamed.json()["detail"]
    too_many_ids = _screen(client, {"name": "A", "identifiers": [{"value": "1"}] * 21})
    assert "at most 20 identifiers per query" in too_many_ids.json()["detail"]


def test_bad_inputs_answer_422_with_a_clear_message(make_client):
    client = make_client()
    cases = [
        (b"{not json", "not valid JSON"),
        (b"", "JSON request body is required"),
        (b"[]", "Input should be a valid dictionary"),
        (b'{"queries": []}', "queries"),
        (b'{"queries": [{"name": "   "}]}', "no letters or digits"),
        (b'{"queries": [{"name": "A\\u0000B"}]}', "control or invalid character (U+0000)"),
        (b'{"queries": [{"name": "A\\ud800"}]}', "unable to parse raw data as a unicode string"),
        (b'{"queries": [{"name": "A", "type": "ship"}]}', "queries[0].type"),
        (b'{"queries": [{"name": "A", "birth_date": "1960-13"}]}', "not a calendar date"),
        (b'{"queries": [{"name": "A", "birth_date": "07/09/1960"}]}', "YYYY, YYYY-MM"),
        (b'{"queries": [{"name": "A", "country": "Narnia"}]}', "unknown country 'Narnia'"),
        (b'{"queries": [{"name": "A", "nam": "B"}]}', "queries[0].nam: unknown field"),
        (b'{"queries": [{"name": "A"}], "threshold": NaN}', "threshold"),
        (b'{"queries": [{"name": "A"}], "threshold": 1.5}', "threshold"),
        (b'{"queries": [{"name": "A"}], "limit": 0}', "limit"),
        (
            b'{"queries": [{"name": "A", "identifiers": [{"type": "dna", "value": "1"}]}]}',
            "queries[0].identifiers[0].type",
        ),
    ]
    for body, message in cases:
        response = client.post(
            "/v1/screen", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 422, body
        assert message in response.json()["detail"], (body, response.json())
    assert client.get("/v1/screen").status_code == 405
    assert client.get("/v1/nothing").status_code == 404


def test_audit_record_is_committed_before_the_answer(make_client, tmp_path: Path):
    client = make_client()
    data = _screen(client, SECHIN, {"name": "Oleg Deripaska", "id": "x"}).json()
    receipt_id = data["receipt"]["receipt_id"]
    with sqlite3.connect(tmp_path / "audit.sqlite") as conn:  # a separate connection
        row = conn.execute(
            "select query_count, alert_count, digest, key_name from screenings "
            "where receipt_id = ?",
            (receipt_id,),
        ).fetchone()
    assert row == (2, data["receipt"]["alert_count"], data["receipt"]["digest"], None)
    stored = client.get(f"/v1/receipts/{receipt_id}").json()
    assert stored["receipt"] == data["receipt"]
    assert stored["queries"][0] == {
        "id": None,
        "name": "Igor Sechin",
        "schema": "person",
        "birth_date": "1960",
        "country": "RU",
        "identifiers": [],
    }
    assert stored["hits"][0][0] == {
        "entity_id": "demo:sechin",
        "matched_name": "SECHIN, Igor",
        "score": 1.0,
        "alert": True,
    }
    assert stored["lists"] == data["receipt"]["lists"]
    assert stored["created_at"] == data["receipt"]["created_at"]
    assert client.get("/v1/receipts/r0000nothere").status_code == 404
    assert client.get("/v1/receipts/" + "x" * 300).status_code == 404


def test_entity_record_and_lists(make_client):
    client = make_client()
    record = client.get("/v1/entities/demo:sechin").json()
    assert record["names"][1]["value"] == "Игорь Иванович Сечин"
    assert record["birth_places"] == ["St. Petersburg, Russia"]
    assert record["list_version"] == "2026-11-01" and record["relations"] == []
    missing = client.get("/v1/entities/demo:nobody")
    assert missing.status_code == 404 and "demo:nobody" in missing.json()["detail"]
    lists = client.get("/v1/lists").json()
    (demo,) = lists["lists"]
    assert (demo["list_id"], demo["version"], demo["entity_count"], demo["stated_count"]) == (
        "demo",
        "2026-11-01",
        13,
        13,
    )
    assert demo["cadence_days"] is None and demo["stale"] is None
    assert demo["age_days"] == (date.today() - date(2026, 11, 1)).days


def test_staleness_against_cadence(demo_engine):
    snap = demo_engine.snapshots[0]
    definition = ListDefinition(
        id="demo",
        title="Demo",
        authority="x",
        format="custom",
        urls={},
        licence="x",
        cadence_days=7,
    )
    fresh = list_dict(snap, definition, today=date(2026, 11, 5))
    old = list_dict(snap, definition, today=date(2026, 11, 30))
    assert (fresh["age_days"], fresh["stale"], fresh["title"]) == (4, False, "Demo")
    assert (old["age_days"], old["stale"]) == (29, True)


def test_health_readiness_metrics_and_docs(make_client):
    client = make_client()
    assert client.get("/healthz").json() == {"status": "ok", "detail": None}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and "1 lists" in ready["detail"]
    _screen(client, SECHIN)
    text = client.get("/metrics").text
    assert 'sanctions_http_requests_total{endpoint="/v1/screen",method="POST",status="200"}' in text
    assert 'sanctions_http_request_duration_seconds_bucket{endpoint="/v1/screen"' in text
    assert 'sanctions_screen_alerts_total{list_id="demo"}' in text
    assert 'sanctions_list_age_days{list_id="demo"}' in text
    assert 'sanctions_list_entities{list_id="demo"} 13.0' in text
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/v1/screen",
        "/v1/entities/{entity_id}",
        "/v1/lists",
        "/v1/receipts/{receipt_id}",
        "/healthz",
        "/readyz",
        "/metrics",
        "/v1/admin/reload",
    } <= set(paths)


def test_not_ready_while_loading(tmp_path: Path):
    import threading

    from api_support import settings_for, wait_ready
    from fastapi.testclient import TestClient

    from service.api import create_app
    from service.engine.loader import load_engine

    gate = threading.Event()

    def slow_loader(settings):
        gate.wait(20)
        return load_engine(settings)

    app = create_app(settings_for(tmp_path, auth=False), watch=False)
    app.state.service.holder._loader = slow_loader
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 503
        busy = _screen(client, SECHIN)
        assert busy.status_code == 503 and "still loading" in busy.json()["detail"]
        assert busy.headers["retry-after"] == "5"
        gate.set()
        wait_ready(client)
        assert _screen(client, SECHIN).status_code == 200


def test_real_un_list_records_and_staleness(make_client, watchlists_dir: Path, tmp_path: Path):
    from service.engine.loader import load_engine
    from service.settings import Settings

    settings = Settings(
        data_dir=watchlists_dir / "un_consolidated_2026-02-27", cache_dir=tmp_path / "cache"
    )
    client = make_client(engine=load_engine(settings))
    record = client.get("/v1/entities/un_sc:CDi.036").json()
    assert record["names"][0]["value"] == "SEKA BALUKU" and record["list_version"] == "2026-02-27"
    assert record["relations"][:2] == [
        {
            "kind": "associate",
            "target_name": "CDe.001",
            "target_id": "un_sc:CDe.001",
            "target_primary_name": "ADF",
            "target_list_id": "un_sc",
        },
        {
            "kind": "associate",
            "target_name": "CDi.015",
            "target_id": "un_sc:CDi.015",
            "target_primary_name": "JAMIL MUKULU",
            "target_list_id": "un_sc",
        },
    ]
    (un,) = client.get("/v1/lists").json()["lists"]
    assert (un["list_id"], un["entity_count"], un["cadence_days"]) == ("un_sc", 1003, 14)
    assert un["published"] == "2026-02-27" and un["stale"] is (un["age_days"] > 14)
    hits = client.post("/v1/screen", json={"queries": [{"name": "Seka Baluku"}]}).json()
    assert hits["results"][0]["hits"][0]["entity_id"] == "un_sc:CDi.036"
    assert hits["receipt"]["lists"][0]["entity_count"] == 1003


def test_screen_text_flags_mentions_with_offsets_and_audits(make_client) -> None:
    client = make_client()
    text = "Rosneft chief Igor Sechin met billionaire Oleg Deripaska in Moscow on Monday."
    response = client.post("/v1/screen/text", json={"text": text})
    assert response.status_code == 200, response.text
    body = response.json()
    flagged = {m["surface"]: m for m in body["mentions"] if m["alert"]}
    assert {"Igor Sechin", "Oleg Deripaska"} <= set(flagged)
    for surface, mention in flagged.items():
        assert text[mention["start"] : mention["end"]] == surface
    receipt_id = body["receipt"]["receipt_id"]
    assert response.headers["X-Receipt-Id"] == receipt_id
    stored = client.get(f"/v1/receipts/{receipt_id}")
    assert stored.status_code == 200


def test_screen_text_limits(make_client) -> None:
    client = make_client()
    too_big = client.post("/v1/screen/text", json={"text": "Sechin " * 200_000})
    assert too_big.status_code == 413 and "text" in too_big.json()["detail"]
    empty = client.post("/v1/screen/text", json={"text": ""})
    assert empty.status_code == 200 and empty.json()["mentions"] == []
    unknown = client.post("/v1/screen/text", json={"text": "x", "lists": ["nope"]})
    assert unknown.status_code == 422
